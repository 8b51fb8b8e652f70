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
from operator import itemgetter

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

__all__ = ["PartialJob", "by_common", "by_ends"]

PartialJob = tuple[float, int, list[int]]
"""(bound, step, key numbers): ``HELD`` keys score the bound itself (they hold the query);
``COMMON`` keys are split again by ``by_ends`` before they are scored; ``FINAL`` keys are
scored."""
HELD, COMMON, FINAL = range(3)
_SLACK = 1e-9
"""Bounds are rounded up by this much, so a float's last bit never drops a key that scores."""


def by_common(
    query: str, keys: list[str], numbers: list[int], level: int, weight: float, cutoff: float
) -> list[PartialJob]:
    """The keys ``numbers`` (each longer than ``query`` and holding ``level`` of its characters)
    grouped by their longest common subsequence ``C`` with the query, each group bound by
    ``200C' / (n + C')`` (``C'``: ``C`` but at most ``n - 1``, the longest end window), the
    keys holding the query whole apart; groups under ``cutoff`` (weighted) are left out."""
    size = len(query)
    jobs: list[PartialJob] = []
    rest = numbers
    if level == size:
        hits = [n for n in numbers if query in keys[n]]
        if hits:
            jobs.append((weight * 100.0, HELD, hits))
            held = set(hits)
            rest = [n for n in numbers if n not in held]
    if not rest or size < 2:
        return jobs
    least = math.ceil(cutoff * size / (200.0 * weight - cutoff) - _SLACK)
    found = process.extract(
        query,
        list(map(keys.__getitem__, rest)),
        scorer=LCSseq.similarity,
        limit=None,
        score_cutoff=max(least, 1),
    )
    for common, group in itertools.groupby(found, key=itemgetter(1)):
        shortest = min(int(common), size - 1)
        bound = weight * 200.0 * shortest / (size + shortest) + _SLACK
        jobs.append((bound, COMMON, [rest[at] for _, _, at in group]))
    return jobs


def by_ends(
    query: str, keys: list[str], numbers: list[int], weight: float, cutoff: float
) -> list[PartialJob]:
    """A ``COMMON`` group split by the most each key's windows can score: a full window has
    at most ``C`` (the group's) characters in common with the query, fewer than ``n`` unless
    the key holds it whole (those went apart); an end window at most ``L``, the longest
    common subsequence of the query and the key's first or last ``n - 1`` characters."""
    size = len(query)
    common = LCSseq.similarity(query, keys[numbers[0]])  # the same for the whole group
    full = weight * 100.0 * min(common, size - 1) / size + _SLACK
    # the end windows matter only where they could beat the full ones
    least = math.ceil(full * size / (200.0 * weight - full) - _SLACK)
    edge = size - 1
    ends: dict[int, int] = {}
    for texts in (
        [keys[n][:edge] for n in numbers],
        [keys[n][-edge:] for n in numbers],
    ):
        found = process.extract(
            query, texts, scorer=LCSseq.similarity, limit=None, score_cutoff=max(least, 1)
        )
        for _, length, at in found:
            ends[at] = max(ends.get(at, 0), min(int(length), common))
    jobs: list[PartialJob] = []
    plain = [n for at, n in enumerate(numbers) if at not in ends]
    if plain and full >= cutoff - _SLACK:
        jobs.append((full, FINAL, plain))
    groups: dict[int, list[int]] = {}
    for at, length in ends.items():
        groups.setdefault(length, []).append(numbers[at])
    for length, group in groups.items():
        bound = max(full, weight * 200.0 * length / (size + length) + _SLACK)
        if bound >= cutoff - _SLACK:
            jobs.append((bound, FINAL, group))
    return jobs
