"""Tighter bounds on ``partial_ratio``, so a weak-match query scores a few keys, not hundreds.

``SearchIndex`` knows of each key only how many of the query's ``n`` characters it may hold
(its level ``j``: the query's characters present in the key), and from that alone a key's
``partial_ratio`` can reach ``200j / (n + j)``: that bound comes from the short windows at the
ends of the key (rapidfuzz also scores its prefixes and suffixes shorter than the query). A
window of full length ``n`` reaches only ``100j / n``. So, when a level's turn comes and before
any of its keys is scored, the keys are split, step by step, by tighter bounds:

* ``held_apart`` (the top level: every character of the query present): the keys holding the
  query whole score exactly 100 -- no call needed; every window of the others misses a
  character of the query, so they reach at most ``200(n-1) / (2n-1)``;
* ``by_common``: no window has more in common with the query than the whole key, so with ``C``
  the longest common subsequence of the query and the key (one C call for all the keys), full
  windows reach at most ``100C / n`` and end windows ``200C' / (n + C')`` (``C'`` at most
  ``n - 1``);
* ``by_ends``: the end windows lie inside the key's first and last ``n - 1`` characters, so
  with ``L`` the longest common subsequence of the query and either of those, they reach at
  most ``200L / (n + L)``.

Each step's groups go back into the search's queue of jobs by bound (times the partial
weight); a group under the cutoff -- raised meanwhile to what a key must score to still rank --
is left out. Nothing is guessed: every bound is at least the score rapidfuzz gives
(``tests/catalog/test_search_index_bounds.py``; ``test_search_index.py`` compares rankings
with scoring every key).
"""

from __future__ import annotations

import itertools
import math
from itertools import compress, repeat
from operator import itemgetter, not_, or_

from modelforge_lsp.catalog.fuzzy import rapidfuzz

__all__ = ["COMMON", "FINAL", "HELD", "LOOSE", "SPLIT", "TOP", "PartialJob", "split"]

PartialJob = tuple[float, int, list[int]]
"""(bound, step, key numbers). Keys at step ``TOP`` (holding every character of the query)
are split by ``held_apart``, ``LOOSE`` ones by ``by_common``, ``COMMON`` ones by ``by_ends``;
``HELD`` keys score the bound itself (they hold the query); ``FINAL`` keys are scored."""
TOP, LOOSE, COMMON, HELD, FINAL = range(5)
SPLIT = frozenset({TOP, LOOSE, COMMON})
"""The steps whose keys are split again before any is scored."""
_SCORE, _AT = itemgetter(1), itemgetter(2)
"""The score and the position in a ``process.extract`` result."""
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_SLACK = 1e-9
"""Bounds are rounded up by this much, so a float's last bit never drops a key that scores."""


def split(
    step: int, query: str, keys: list[str], numbers: list[int], weight: float, cutoff: float
) -> list[PartialJob]:
    """The keys ``numbers`` of a ``SPLIT`` step by tighter bounds; under ``cutoff``, left out."""
    if step == TOP:
        return held_apart(query, keys, numbers, weight)
    if step == LOOSE:
        return by_common(query, keys, numbers, weight, cutoff)
    return by_ends(query, keys, numbers, weight, cutoff)


def held_apart(query: str, keys: list[str], numbers: list[int], weight: float) -> list[PartialJob]:
    """The keys ``numbers`` (each longer than ``query`` and holding all its characters) that
    hold the query whole (they score 100) apart from the rest, which score at most
    ``200(n-1) / (2n-1)``: each window of theirs misses a character of the query."""
    size = len(query)
    holds = list(map(str.__contains__, map(keys.__getitem__, numbers), repeat(query)))
    jobs: list[PartialJob] = []
    if any(holds):
        jobs.append((weight * 100.0, HELD, list(compress(numbers, holds))))
    if not all(holds):
        bound = weight * 200.0 * (size - 1) / (2 * size - 1) + _SLACK
        jobs.append((bound, LOOSE, list(compress(numbers, map(not_, holds)))))
    return jobs


def by_common(
    query: str, keys: list[str], numbers: list[int], weight: float, cutoff: float
) -> list[PartialJob]:
    """The keys ``numbers`` (each longer than ``query``, none holding it whole) grouped by their
    longest common subsequence ``C`` with the query, each group bound by ``200C' / (n + C')``
    (``C'``: ``C`` but at most ``n - 1``, the longest end window); groups under ``cutoff``
    (weighted) are left out."""
    size = len(query)
    if size < 2:  # a one-character query is held whole or not at all
        return []
    if size == 2:  # every key here has C of 1 or 2, and so C' of 1: one group, no LCS needed
        bound = weight * 200.0 / 3.0 + _SLACK
        return [(bound, COMMON, numbers)] if numbers and bound >= cutoff - _SLACK else []
    least = math.ceil(cutoff * size / (200.0 * weight - cutoff) - _SLACK)
    _, process, lcs = rapidfuzz()
    found = process.extract(
        query,
        list(map(keys.__getitem__, numbers)),
        scorer=lcs.similarity,
        limit=None,
        score_cutoff=max(least, 1),
    )
    jobs: list[PartialJob] = []
    for common, group in itertools.groupby(found, key=_SCORE):
        shortest = min(int(common), size - 1)
        bound = weight * 200.0 * shortest / (size + shortest) + _SLACK
        jobs.append((bound, COMMON, list(map(numbers.__getitem__, map(_AT, group)))))
    return jobs


def _end_common(query: str, texts: list[str], least: int) -> dict[int, int]:
    """Position -> ``L``, the longest common subsequence of the query and the text's first or
    last ``n - 1`` characters, where it is at least ``least``."""
    _, process, lcs = rapidfuzz()
    pairs: list[tuple[float, int]] = []  # (L, position)
    for window in (slice(None, len(query) - 1), slice(1 - len(query), None)):
        found = process.extract(
            query,
            list(map(itemgetter(window), texts)),
            scorer=lcs.similarity,
            limit=None,
            score_cutoff=max(least, 1),
        )
        pairs.extend(zip(map(_SCORE, found), map(_AT, found), strict=True))
    pairs.sort()  # by L, so that each position keeps its longer one (at most C: a part of it)
    return dict(zip(map(_SECOND, pairs), map(_FIRST, pairs), strict=True))


def by_ends(
    query: str, keys: list[str], numbers: list[int], weight: float, cutoff: float
) -> list[PartialJob]:
    """A ``COMMON`` group split by the most each key's windows can score: a full window has
    at most ``C`` (the group's) characters in common with the query, fewer than ``n`` (the
    keys holding it whole went apart); an end window at most ``L``, the longest
    common subsequence of the query and the key's first or last ``n - 1`` characters."""
    size = len(query)
    # C is the same for the whole group (of two-character queries: at most 1 in a window)
    common = 1 if size == 2 else rapidfuzz().lcs.similarity(query, keys[numbers[0]])
    full = weight * 100.0 * min(common, size - 1) / size + _SLACK
    # the end windows matter only where they could beat the full ones
    least = math.ceil(full * size / (200.0 * weight - full) - _SLACK)
    texts = list(map(keys.__getitem__, numbers))
    if size == 2 and least <= 1:  # one-character end windows: L is 1 where one is the query's
        chars = tuple(query)
        at_ends = map(
            or_, map(str.startswith, texts, repeat(chars)), map(str.endswith, texts, repeat(chars))
        )
        ends = dict.fromkeys(compress(range(len(texts)), at_ends), 1)
    else:
        ends = _end_common(query, texts, least)
    jobs: list[PartialJob] = []
    if full >= cutoff - _SLACK:
        plain = list(compress(numbers, map(not_, map(ends.__contains__, range(len(numbers))))))
        if plain:
            jobs.append((full, FINAL, plain))
    by_length = sorted(ends.items(), key=_SECOND)
    for length, group in itertools.groupby(by_length, key=_SECOND):
        bound = max(full, weight * 200.0 * length / (size + length) + _SLACK)
        if bound >= cutoff - _SLACK:
            jobs.append((bound, FINAL, list(map(numbers.__getitem__, map(_FIRST, group)))))
    return jobs
