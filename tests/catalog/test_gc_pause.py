"""``gc_pause``: the collector paused for a block, or kept to its young generations."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from modelforge_lsp.catalog.gc_pause import paused_gc, young_collections_only


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def generations() -> Iterator[list[int]]:
    """The generation of each automatic collection while the test runs; the test's heap frozen
    out of them, so that a full collection comes as soon as the young ones promote enough."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.freeze()
    gc.collect()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.unfreeze()


def churn(cycles: int, kept: list[Node]) -> weakref.ref[Node]:
    """Make ``cycles`` garbage cycles, and as many that live on in ``kept`` (so collections
    are set off and promote); the first garbage one's weak reference says whether it was
    collected."""
    first = Node()
    witness = weakref.ref(first)
    del first
    for _ in range(cycles):
        Node()
        kept.append(Node())
    return witness


def test_without_it_the_same_work_sets_a_full_collection_off(generations: list[int]) -> None:
    churn(100_000, [])
    assert 2 in generations


def test_young_collections_only_frees_young_cycles_without_a_full_collection(
    generations: list[int],
) -> None:
    before = gc.get_threshold()
    with young_collections_only():
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**6
        witness = churn(100_000, [])
        frozen = gc.get_freeze_count()
    assert gc.get_threshold() == before
    assert witness() is None  # a young collection found the cycle
    assert 0 in generations and 2 not in generations
    assert gc.get_freeze_count() > frozen  # what the block made: no full collection walks it


def test_young_collections_only_puts_the_thresholds_back_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), young_collections_only():
        raise RuntimeError
    assert gc.get_threshold() == before


def test_paused_gc_collects_nothing_until_the_block_ends(generations: list[int]) -> None:
    with paused_gc():
        witness = churn(50_000, [])
        assert witness() is not None and generations == []
    gc.collect()
    assert witness() is None
