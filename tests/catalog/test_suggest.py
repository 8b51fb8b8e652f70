"""``catalog.suggest``: the did-you-mean primitive."""

from __future__ import annotations

from modelforge_lsp.catalog.suggest import closest, did_you_mean

COMMANDS = ["compare", "completion", "config", "search", "info"]


def test_closest_is_best_first() -> None:
    assert closest("compre", COMMANDS, cutoff=60) == ["compare", "completion"]


def test_within_drops_what_scores_far_below_the_best() -> None:
    assert closest("compre", COMMANDS, cutoff=60, within=10) == ["compare"]
    assert closest("xyz", COMMANDS, within=10) == []


def test_did_you_mean_words() -> None:
    assert did_you_mean(["a"]) == "; did you mean 'a'?"
    assert did_you_mean(["a", "b", "c"]) == "; did you mean 'a', 'b' or 'c'?"
    assert did_you_mean([]) == ""
