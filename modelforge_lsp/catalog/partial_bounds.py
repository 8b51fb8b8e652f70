"""Tighter bounds on ``partial_ratio``, so a weak-match query scores a few keys, not hundreds.

``SearchIndex`` knows of each key only how many of the query's ``n`` characters it holds (its
level ``j``), and from that alone a key's ``partial_ratio`` can reach ``200j / (n + j)``: that
bound comes from the short windows at the ends of the key (rapidfuzz also scores its prefixes and
suffixes shorter than the query). A window of full length ``n`` reaches only ``100j / n``. So,
for the keys of one level, before any of them is scored:

* at the top level (every character of the query present) the keys holding the query whole
  score exactly 100 -- no call needed; any other window differs from the query in at least one
  character, so the rest reach at most ``100(n-1)/n`` in full windows;
* no window has more in common with the query than the whole key: with ``C`` the longest
  common subsequence of the query and the key (one C call over all the keys), full windows
  reach at most ``100C / n``;
* the end windows lie inside the key's first and last ``n - 1`` characters: with ``L`` the
  longest common subsequence of the query and either of those (at most ``C``), they reach at
  most ``200L / (n + L)``.

A key's bound is the larger of the two, times the partial weight; keys are grouped by bound, and
a group under the cutoff is never scored. Nothing is guessed: each bound is at least the score
rapidfuzz gives (``tests/catalog/test_search_index.py`` compares with scoring every key).
"""

from __future__ import annotations

import itertools
import math
from itertools import compress, repeat
from operator import itemgetter, not_

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

__all__ = ["COMMON", "FINAL", "HELD", "LOOSE", "SPLIT", "TOP", "PartialJob", "split"]

PartialJob = tuple[float, int, list[int]]
"""(bound, step, key numbers). Keys at step ``TOP`` (holding every character of the query)
are split by ``held_apart``, ``LOOSE`` ones by ``by_common``, ``COMMON`` ones by ``by_ends``;
``HELD`` keys score the bound itself (they hold the query); ``FINAL`` keys are scored."""
TOP, LOOSE, COMMON, HELD, FINAL = range(5)
SPLIT = frozenset({TOP, LOOSE, COMMON})
"""The steps whose keys are split again before any is scored."""
_AT = itemgetter(2)
"""The position in a ``process.extract`` result."""
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
    least = math.ceil(cutoff * size / (200.0 * weight - cutoff) - _SLACK)
    found = process.extract(
        query,
        list(map(keys.__getitem__, numbers)),
        scorer=LCSseq.similarity,
        limit=None,
        score_cutoff=max(least, 1),
    )
    jobs: list[PartialJob] = []
    for common, group in itertools.groupby(found, key=itemgetter(1)):
        shortest = min(int(common), size - 1)
        bound = weight * 200.0 * shortest / (size + shortest) + _SLACK
        jobs.append((bound, COMMON, list(map(numbers.__getitem__, map(_AT, group)))))
    return jobs


def by_ends(
    query: str, keys: list[str], numbers: list[int], weight: float, cutoff: float
) -> list[PartialJob]:
    """A ``COMMON`` group split by the most each key's windows can score: a full window has
    at most ``C`` (the group's) characters in common with the query, fewer than ``n`` (the
    keys holding it whole went apart); an end window at most ``L``, the longest
    common subsequence of the query and the key's first or last ``n - 1`` characters."""
    size = len(query)
    common = LCSseq.similarity(query, keys[numbers[0]])  # the same for the whole group
    full = weight * 100.0 * min(common, size - 1) / size + _SLACK
    # the end windows matter only where they could beat the full ones
    least = math.ceil(full * size / (200.0 * weight - full) - _SLACK)
    texts = list(map(keys.__getitem__, numbers))
    ends: dict[int, int] = {}
    for window in (slice(None, size - 1), slice(1 - size, None)):
        found = process.extract(
            query,
            list(map(itemgetter(window), texts)),
            scorer=LCSseq.similarity,
            limit=None,
            score_cutoff=max(least, 1),
        )
        for _, length, at in found:
            ends[at] = max(ends.get(at, 0), min(int(length), common))
    jobs: list[PartialJob] = []
    if full >= cutoff - _SLACK:
        plain = [True] * len(numbers)
        for at in ends:
            plain[at] = False
        if any(plain):
            jobs.append((full, FINAL, list(compress(numbers, plain))))
    groups: dict[int, list[int]] = {}
    for at, length in ends.items():
        groups.setdefault(length, []).append(numbers[at])
    for length, group in groups.items():
        bound = max(full, weight * 200.0 * length / (size + length) + _SLACK)
        if bound >= cutoff - _SLACK:
            jobs.append((bound, FINAL, group))
    return jobs
