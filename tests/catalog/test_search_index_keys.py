"""The index's keys made in bulk equal the one-by-one definitions they replace.

``search_keys`` builds normalised keys, standings and the key -> models table with calls that
loop in C; each is compared here with the plain per-item definition, on the bundled catalog
and on random text (non-ASCII, line breaks, every kind of blank ``str.split`` knows).
"""

from __future__ import annotations

import gc
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelforge_lsp.catalog.gc_pause import paused_gc
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.catalog.key_bits import KeyBits
from modelforge_lsp.catalog.models import ModelInfo
from modelforge_lsp.catalog.search_keys import (
    index_keys,
    normalize_all,
    normalize_query,
    recency_of,
)
from modelforge_lsp.catalog.snapshot import load_snapshot

_TEXT = st.text(
    alphabet=st.sampled_from("aZ09 -_./:\t\n\r\x0b\x0c\x1c\x1f\x85\xa0éΣß"), max_size=12
)


@pytest.fixture(scope="module")
def bundled() -> tuple[list[ModelInfo], list[bool]]:
    providers = load_snapshot().catalog.providers
    models = [m for p in providers for m in p.models.values()]
    makers = [p.id in FIRST_PARTY_PROVIDERS for p in providers for _ in p.models]
    return models, makers


@given(st.lists(_TEXT, max_size=8, unique=True))
def test_normalize_all_is_normalize_query_per_text(texts: list[str]) -> None:
    assert normalize_all(texts) == {text: normalize_query(text) for text in texts}


@given(st.lists(st.text(alphabet="ab -_.\t\x1c", max_size=10), max_size=8, unique=True))
def test_the_ascii_path_is_normalize_query_per_text(texts: list[str]) -> None:
    assert normalize_all(texts) == {text: normalize_query(text) for text in texts}


def test_keys_of_the_bundled_catalog(bundled: tuple[list[ModelInfo], list[bool]]) -> None:
    models, makers = bundled
    built = index_keys(models, makers)
    ids = [normalize_query(m.id.rsplit("/", 1)[-1]) for m in models]
    names = [normalize_query(m.name) for m in models]
    assert built.keys == sorted(set(ids + names), key=lambda k: (len(k), k))
    assert built.alphabetical == sorted(built.keys)
    assert [built.keys[n] for n in built.id_of] == ids
    assert [built.keys[n] for n in built.name_of] == names
    expected: dict[int, list[int]] = {n: [] for n in range(len(built.keys))}
    for i, numbers in enumerate(zip(built.id_of, built.name_of, strict=True)):
        for number in set(numbers):
            expected[number].append(i)
    for number, models_of in expected.items():
        holders = built.holders[built.starts[number] : built.starts[number + 1]]
        assert sorted(holders) == models_of


def test_standing_ranks_maker_active_newest_first(
    bundled: tuple[list[ModelInfo], list[bool]],
) -> None:
    models, makers = bundled
    standing = index_keys(models, makers).standing
    tuples = [
        (
            not maker,
            m.status == "deprecated",
            recency_of(m.release_date or m.last_updated or "0000-00-00"),
        )
        for m, maker in zip(models, makers, strict=True)
    ]
    ranks = {t: r for r, t in enumerate(sorted(set(tuples)))}
    assert standing == [ranks[t] for t in tuples]


def test_no_models_no_keys() -> None:
    built = index_keys([], [])
    assert (built.keys, built.holders, built.starts) == ([], [], [0])


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_gc_restores_the_collector_once(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with paused_gc():
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("count", [0, 1, 2, 63, 64, 65, 200, 1500])
def test_key_bits_numbers_are_the_set_bits_highest_first(count: int) -> None:
    """``KeyBits.numbers`` takes a sparse set bit by bit and a dense one through its digits:
    either way, every set key number, highest first."""
    keys = sorted((f"k{n}" for n in range(3000)), key=len)
    bits = KeyBits(keys, prebuild_from=10**9)
    chosen = random.Random(count).sample(range(len(keys)), count)
    mask = sum(1 << n for n in chosen)
    assert bits.numbers(mask) == sorted(chosen, reverse=True)
