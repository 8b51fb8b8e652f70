"""``fast_flow.surely_outside``: the same answer as searching ``SURELY_OUTSIDE`` in the whole
text, found from the suspect characters only (the whole-text search held the GIL 28-45 ms on a
2 MB config)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.config.syntax.fast_flow import SURELY_OUTSIDE, surely_outside

CASES = [
    pytest.param("providers:\n  a:\n    models:\n      m: {}\n", False, id="empty-flow-maps"),
    pytest.param("current_model: {provider: a, model: b}\n", False, id="plain-flow-line"),
    pytest.param("current_model: {provider: a, model: b} # note\n", False, id="flow-comment"),
    pytest.param("a: {b: {c: d}}\n", True, id="nested-flow"),
    pytest.param("a: [b, c\n", True, id="unclosed-flow-sequence"),
    pytest.param("a: &anchor b\n", True, id="anchor"),
    pytest.param("a: *alias\n", True, id="alias"),
    pytest.param("- !tag b\n", True, id="tag-after-dash"),
    pytest.param("a: |\n  text\n", True, id="block-scalar"),
    pytest.param("%YAML 1.2\n---\na: b\n", True, id="directive"),
    pytest.param("*a: b\n", True, id="alias-at-line-start"),
    pytest.param("a: b *c\n", False, id="star-inside-a-plain-value"),
    pytest.param("# a * b | c > d\na: b\n", False, id="suspects-in-a-comment"),
    pytest.param("a: x\nb: >\n  folded", True, id="suspect-on-the-last-line"),
]


@pytest.mark.parametrize(("text", "outside"), CASES)
def test_surely_outside(text: str, outside: bool) -> None:
    assert surely_outside(text) is outside
    assert bool(SURELY_OUTSIDE.search(text)) is outside


@settings(max_examples=2_000, deadline=None)
@given(st.text(alphabet=" \n:-{}[]#&*!|>%?ab,'\"", max_size=60))
def test_agrees_with_the_whole_text_search(text: str) -> None:
    assert surely_outside(text) == bool(SURELY_OUTSIDE.search(text))
