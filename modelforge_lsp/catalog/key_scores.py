"""A search key's scores, as the brute-force ranking computes them: rapidfuzz ``ratio`` (whole
string, typos) and a down-weighted ``partial_ratio`` (a query that is part of a longer key), cut
off at ``FUZZY_CUTOFF``. ``SearchIndex`` decides which keys to score; this module scores them.
"""

from __future__ import annotations

from collections.abc import Callable

from modelforge_lsp.catalog.fuzzy import rapidfuzz

__all__ = ["FUZZY_CUTOFF", "PARTIAL_WEIGHT", "own_scores", "partial_ratios", "ratios"]

FUZZY_CUTOFF = 60.0
"""The lowest score a fuzzy match may have."""
PARTIAL_WEIGHT = 0.9
"""``partial_ratio`` counts this much: a query inside a longer id is good, not perfect."""
_PARTIAL_CUTOFF = FUZZY_CUTOFF / PARTIAL_WEIGHT
"""The raw ``partial_ratio`` whose weighted score is the cutoff."""


def ratios(query: str, keys: list[str], numbers: list[int]) -> list[tuple[int, float]]:
    """(key number, ``ratio``) for the keys ``numbers`` that reach the cutoff."""
    return _extract(query, keys, numbers, rapidfuzz().fuzz.ratio, FUZZY_CUTOFF)


def partial_ratios(query: str, keys: list[str], numbers: list[int]) -> list[tuple[int, float]]:
    """(key number, weighted ``partial_ratio``) for the keys ``numbers`` whose weighted score
    reaches the cutoff."""
    scored = _extract(query, keys, numbers, rapidfuzz().fuzz.partial_ratio, _PARTIAL_CUTOFF)
    return [(number, PARTIAL_WEIGHT * score) for number, score in scored]


def _extract(
    query: str, keys: list[str], numbers: list[int], scorer: Callable[..., float], cutoff: float
) -> list[tuple[int, float]]:
    """(key number, score) for the keys ``numbers`` that ``scorer`` puts at ``cutoff`` or
    above: one rapidfuzz call for all of them."""
    if not numbers:
        return []
    choices = [keys[n] for n in numbers]
    found = rapidfuzz().process.extract(
        query, choices, scorer=scorer, limit=None, score_cutoff=cutoff
    )
    return [(numbers[at], score) for _, score, at in found]


def own_scores(query: str, keys: list[str], numbers: list[int]) -> dict[int, float]:
    """Each key's own score: its ``ratio``, or its weighted ``partial_ratio`` if higher (for a
    key longer than the query), as the brute-force ranking scores it; under the cutoff, left
    out (0.0).

    A key that starts with the query needs no scorer (nor rapidfuzz's import, 12-15 ms of a
    ``search gpt``): the query is their longest common subsequence, so its ``ratio`` is
    rapidfuzz's ``100 (1 - (m - n) / (m + n))``, computed with the same float operations, and
    its ``partial_ratio`` is 100, weighted 90, which wins below 90 (and so below the cutoff).
    ``tests/catalog/test_search_index.py`` checks both against rapidfuzz."""
    size = len(query)
    scores: dict[int, float] = {}
    others = []
    for number in numbers:
        key = keys[number]
        if len(key) > size and key.startswith(query):
            ratio = (1.0 - (len(key) - size) / (len(key) + size)) * 100.0
            scores[number] = max(ratio, PARTIAL_WEIGHT * 100.0)
        else:
            others.append(number)
    if not others:
        return scores
    scores.update(ratios(query, keys, others))
    longer = [n for n in others if len(keys[n]) > size]
    for number, score in partial_ratios(query, keys, longer):
        scores[number] = max(scores.get(number, 0.0), score)
    return scores
