"""``partial_bounds`` never bounds a key below the score rapidfuzz gives it.

The search index scores only the keys whose bound can still reach the results it needs, so a
bound under a key's real ``partial_ratio`` would drop a result. Here every key of random sets
(short alphabets, so that near misses, repeats and keys holding the query are common) is taken
through both splits, and its bound compared with its real, weighted score.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from modelforge_lsp.catalog.partial_bounds import FINAL, HELD, LOOSE, TOP, split

WEIGHT, CUTOFF = 0.9, 60.0
_WORDS = st.text(alphabet="abcde -1", min_size=1, max_size=14)


def bounds_of(query: str, keys: list[str]) -> dict[int, tuple[float, int]]:
    """Key number -> (bound, step) after every split, for the keys longer than the query; a
    split's bounds never exceed the bound of the keys it splits."""
    wanted = Counter(query)
    levels: dict[int, list[int]] = {}
    for n, key in enumerate(keys):
        if len(key) > len(query):
            shared = sum((Counter(key) & wanted).values())
            levels.setdefault(shared, []).append(n)
    found: dict[int, tuple[float, int]] = {}
    pending = [
        (200.0, TOP if level == len(query) else LOOSE, numbers) for level, numbers in levels.items()
    ]
    while pending:
        above, step, numbers = pending.pop()
        for bound, kind, group in split(step, query, keys, numbers, WEIGHT, CUTOFF):
            assert bound <= above + 1e-9 and set(group) <= set(numbers)
            if kind in (HELD, FINAL):
                found.update((n, (bound, kind)) for n in group)
            else:
                pending.append((bound, kind, group))
    return found


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.lists(_WORDS, min_size=1, max_size=30, unique=True))
def test_no_key_scores_above_its_bound(query: str, keys: list[str]) -> None:
    found = bounds_of(query, keys)
    for n, key in enumerate(keys):
        if len(key) <= len(query):
            continue
        score = WEIGHT * fuzz.partial_ratio(query, key)
        if n not in found:
            assert score < CUTOFF, (query, key)
            continue
        bound, step = found[n]
        assert score <= bound, (query, key, step)
        if step == HELD:
            assert score == bound == WEIGHT * 100.0


def test_a_weak_match_leaves_most_keys_unscored() -> None:
    keys = [f"nova lite {n}" for n in range(50)] + [f"nova pro {n} v2" for n in range(5)]
    keys += [f"open router {n} preview" for n in range(50)]
    found = bounds_of("novo pre", keys)
    scored = [n for n, (bound, _) in found.items() if bound >= 75]
    assert set(range(50, 55)) <= set(scored) and len(scored) < 60
