"""``SearchIndex``: the catalog's ranked fuzzy search without scoring every model per query.

The ranking (``Catalog.search``'s contract) is: exact matches, then prefix matches, then fuzzy
matches by rounded score, each within its standing (maker first, active first, newest first), then
by the id's own score and the id. Fuzzy scores are rapidfuzz ``ratio`` (whole string, typos) and a
down-weighted ``partial_ratio`` (a query that is part of a longer key), cut off at 60.

Scoring every key per keystroke costs milliseconds at 5k models and grows linearly, so the index
works out the same answer from fewer scores, without ever guessing:

* keys are deduplicated (one model id is served by many providers: 4,800 models have 2,600
  distinct id and name keys) and each entry's standing is one precomputed integer;
* exact and prefix matches are a dictionary hit and a ``bisect`` range over the sorted keys;
* a fuzzy score needs shared characters: ``ratio`` >= r means the longest common subsequence is
  at least ``r/(2-r)`` of the query, and so is the window of ``partial_ratio``. Keys are held as
  bitsets per character, so the keys holding enough of the query's characters come out of a
  few big integer operations, and only those are scored (a lossless filter: nothing it drops
  can score);
* only the first ``limit`` results matter, and a key sharing ``j`` of the query's characters
  can score at most ``200j/(n+j)``: keys are scored in jobs, best bound first, until nothing
  left could reach the rounded score of the last result needed (rounded scores are what the
  ranking compares, so nothing unscored can then rank that high); a ``partial_ratio`` job is
  split by tighter bounds before it is scored (``partial_bounds``);
* an index of few keys (one provider's) just scores them all: the filter would cost more.

``tests/catalog/test_search_index.py`` holds the brute-force ranking this must equal.
"""

from __future__ import annotations

import heapq
import itertools
import math
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Sequence
from itertools import chain, repeat
from operator import add, itemgetter, mul

from modelforge_lsp.catalog.key_bits import KeyBits, at_least
from modelforge_lsp.catalog.key_scores import (
    FUZZY_CUTOFF,
    PARTIAL_WEIGHT,
    own_scores,
    partial_ratios,
    ratios,
)
from modelforge_lsp.catalog.models import ModelInfo
from modelforge_lsp.catalog.partial_bounds import COMMON, HELD, LOOSE, SPLIT, TOP, split
from modelforge_lsp.catalog.search_keys import index_keys, normalize_query, recency_of
from modelforge_lsp.catalog.stored_index import FEW_KEYS, StoredIndex

__all__ = [
    "FUZZY_CUTOFF",
    "PARTIAL_WEIGHT",
    "Accept",
    "Order",
    "SearchIndex",
    "normalize_query",
    "recency",
]

_LAST_CHAR = chr(0x10FFFF)
_NUMBER, _SCORE = itemgetter(0), itemgetter(1)
_RATIO = -1
"""The kind of a ``ratio`` job (over a bit set); the other kinds are ``partial_bounds`` steps:
``partial_ratio`` jobs split by tighter bounds before their keys are scored."""
_FEW_TO_SPLIT = 32
"""A ``COMMON`` group of at most this many keys is scored, not split by its ends first: the
split's two LCS calls and bookkeeping (30-50 us) cost more than ``partial_ratio`` on a few keys
(about 1 us each), and scoring a key its bound would have left out changes nothing (its score
is under the floor, so it cannot rank among those wanted)."""
_FEW_FOUND = 4
"""Up to this many keys found in a step are credited one by one (``_credit``)."""
_FEW_TO_SORT = 500
"""Up to this many scores, the ``n``-th largest is found by sorting them (``_nth_largest``)."""
_Job = tuple[float, int, int, int, int, list[int]]
"""(-bound, kind, -level, sequence, bits, numbers): a heap entry, the best bound first."""

Accept = Callable[[ModelInfo], bool]
Order = Callable[[ModelInfo, tuple[object, ...]], tuple[object, ...]]
"""Turns a model's relevance key into its sort key (price first, say); ``None``: relevance."""


def recency(model: ModelInfo) -> tuple[int, ...]:
    """Negated date parts so that sorting ascending puts the newest first."""
    return recency_of(model.release_date or model.last_updated or "0000-00-00")


class SearchIndex:
    """Models in catalog order, with the keys, bitsets and orders ranking needs.

    Built once per catalog (and per provider searched), read by any thread: nothing is
    mutated after construction but the memo of character bitsets and sorted listings, which
    are filled under the GIL and only ever replaced by equal values.
    """

    def __init__(
        self,
        models: Sequence[ModelInfo],
        first_party: Sequence[bool],
        stored: StoredIndex | None = None,
    ) -> None:
        """Made from ``stored``, the tables the binary catalog kept for these very models
        (``StoredTables.decoded_for``), else from the models."""
        built = index_keys(models, first_party) if stored is None else stored.keys
        self.models = tuple(models)
        self._standing = built.standing
        self._keys = built.keys  # numbered shortest first: "length n or more" is one bit range
        self._id_of = built.id_of
        self._name_of = built.name_of
        self._holder_list = built.holders
        self._starts = built.starts
        self._stops = built.starts[1:]
        numbers = dict(zip(self._keys, range(len(self._keys)), strict=True))
        self._sorted = built.alphabetical
        self._sorted_numbers = list(map(numbers.__getitem__, self._sorted))
        masks = None if stored is None else stored.masks
        self._bits = KeyBits(self._keys, prebuild_from=FEW_KEYS, masks=masks)
        self._listings: dict[Order | None, list[int]] = {}
        # a head's code: tier 0 (exact), 1 (prefix), then 2 + 100 - the rounded fuzzy score;
        # above every standing * entries + entry, each standing a rank below the entry count
        self._per_code = len(self.models) ** 2
        self._score_codes = [(102 - score) * self._per_code for score in range(101)]

    # -- ranking -----------------------------------------------------------------------------

    def rank(
        self, query: str, limit: int, accept: Accept | None, order: Order | None
    ) -> list[ModelInfo]:
        """The first ``limit`` entries for the normalised ``query``, ranked.

        ``accept`` filters models (``None``: all pass); ``order`` as ``Order`` says.
        """
        if not query:
            return self._listing(limit, accept, order)
        tiers = self._exact_and_prefix(query, accept)
        relevance_only = order is None
        if relevance_only and len(tiers) >= limit:
            return self._top(query, tiers, {}, limit, order)
        needed = limit - len(tiers)
        fuzzy: dict[int, float] = {}
        floor = [FUZZY_CUTOFF]  # what a key must still be able to score to matter
        last = -1.0  # the score of the last entry needed, once ``needed`` are found
        for found, ceiling in self._fuzzy(query, floor):
            self._credit(found, fuzzy, tiers, accept)
            if not (relevance_only and len(fuzzy) >= needed and ceiling):
                continue
            if found and (last < 0.0 or max(map(_SCORE, found)) > last):
                # scores no higher than the last one needed leave it where it is
                last = _nth_largest(fuzzy.values(), needed)
                floor[0] = max(floor[0], round(last) - 0.5)
            # every key not scored yet scores at most ``ceiling``: once that is below the
            # rounded score of the last one needed, nothing unscored can rank that high
            if ceiling < floor[0]:
                break
        return self._top(query, tiers, fuzzy, limit, order)

    def _credit(
        self,
        found: list[tuple[int, float]],
        fuzzy: dict[int, float],
        tiers: dict[int, tuple[int, float]],
        accept: Accept | None,
    ) -> None:
        """Give each entry holding a key in ``found`` that key's score in ``fuzzy`` if higher
        (not the exact and prefix ``tiers``, nor what ``accept`` refuses): the entries of one
        score at a time, in C (a short query's keys are held by thousands); a few keys one by
        one, where that bookkeeping costs more than it saves."""
        if len(found) <= _FEW_FOUND:
            for number, score in found:
                for i in self._holders(number):
                    if (
                        fuzzy.get(i, -1.0) < score
                        and i not in tiers
                        and (accept is None or accept(self.models[i]))
                    ):
                        fuzzy[i] = score
            return
        by_score: dict[float, list[int]] = {}
        if len(scores := set(map(_SCORE, found))) == 1:
            by_score[scores.pop()] = list(map(_NUMBER, found))
        else:
            for number, score in found:
                by_score.setdefault(score, []).append(number)
        starts, stops = self._starts, self._stops
        for score, numbers in by_score.items():
            runs = map(slice, map(starts.__getitem__, numbers), map(stops.__getitem__, numbers))
            held = chain.from_iterable(map(self._holder_list.__getitem__, runs))
            batch = dict.fromkeys(held, score)
            for i in batch.keys() & tiers.keys():
                del batch[i]
            if accept is not None:
                batch = {i: s for i, s in batch.items() if accept(self.models[i])}
            for i in batch.keys() & fuzzy.keys():
                batch[i] = max(batch[i], fuzzy[i])
            fuzzy.update(batch)

    def _exact_and_prefix(self, query: str, accept: Accept | None) -> dict[int, tuple[int, float]]:
        """Entry -> (tier, score): tier 0 for an exact key, 1 for a key the query starts."""
        found: dict[int, tuple[int, float]] = {}
        start = bisect_left(self._sorted, query)
        stop = bisect_left(self._sorted, query + _LAST_CHAR, start)
        for at in range(start, stop):
            number = self._sorted_numbers[at]
            tier = 0 if self._keys[number] == query else 1
            for i in self._holders(number):
                if tier < found.get(i, (2, 0.0))[0]:
                    found[i] = (tier, 100.0)
        if accept is not None:
            found = {i: t for i, t in found.items() if accept(self.models[i])}
        return found

    def _top(
        self,
        query: str,
        tiers: dict[int, tuple[int, float]],
        fuzzy: dict[int, float],
        limit: int,
        order: Order | None,
    ) -> list[ModelInfo]:
        """Sort the exact and prefix ``tiers`` (entry -> (tier, score)) and the ``fuzzy``
        entries (tier 2, entry -> score) by the full key and keep ``limit``.

        The key's head (order, tier, rounded score, standing) is cheap; only the entries whose
        head reaches the ``limit``-th smallest can be among the first ``limit``, so only those
        need their id score and full key.
        """
        if order is None:
            chosen = self._leading(tiers, fuzzy, limit)
        else:
            heads: list[tuple[tuple[object, ...], int]] = []
            ranked = [(i, tier, score) for i, (tier, score) in tiers.items()]
            for i, tier, score in ranked + list(zip(fuzzy, repeat(2), fuzzy.values())):
                head = (tier, -round(score) if tier == 2 else 0, self._standing[i])
                heads.append((order(self.models[i], head), i))
            if len(heads) > limit:
                last = heapq.nsmallest(limit, heads)[-1][0]
                heads = [(head, i) for head, i in heads if head <= last]
            chosen = [i for _, i in heads]
        # scored afresh: a search that stopped early may hold only part of a key's score (its
        # ratio, not yet its partial_ratio), which is enough to rank by the entry's best key
        # but not to break ties by the id's own score; all of them in two C calls
        numbers = {self._id_of[i] for i in chosen if i not in tiers or tiers[i][0] != 0}
        id_scores = own_scores(query, self._keys, sorted(numbers))
        keyed = []
        for i in chosen:
            model = self.models[i]
            tier, score = tiers.get(i) or (2, fuzzy[i])
            id_score = 100.0 if tier == 0 else id_scores.get(self._id_of[i], 0.0)
            relevance = (tier, -round(score) if tier == 2 else 0, self._standing[i])
            full = (*relevance, -id_score, model.id)
            keyed.append((full if order is None else order(model, full), i))
        keyed.sort()
        return [self.models[i] for _, i in keyed[:limit]]

    def _leading(
        self, tiers: dict[int, tuple[int, float]], fuzzy: dict[int, float], limit: int
    ) -> list[int]:
        """The entries whose relevance head (tier, rounded score, standing) is at most the
        ``limit``-th smallest. Each head is one integer, ordered as the tuple would be (its
        tier and score's code, then standing, then the entry), made and sorted in C: a short
        query has hundreds or thousands of fuzzy entries, and comparing tuples of tuples cost
        more than everything else in ranking them. Fuzzy scores are 60-100 (the cutoff, 100)
        and standings ranks below the entry count (``search_keys``; ``stored_index`` checks
        the stored ones), which is what keeps the integers in the tuples' order."""
        size, standing = len(self.models), self._standing
        heads = [tier * self._per_code + standing[i] * size + i for i, (tier, _) in tiers.items()]
        codes = map(self._score_codes.__getitem__, map(round, fuzzy.values()))
        places = map(add, map(mul, map(standing.__getitem__, fuzzy), repeat(size)), fuzzy)
        heads += map(add, codes, places)
        if len(heads) > limit:
            heads.sort()
            del heads[bisect_left(heads, (heads[limit - 1] // size + 1) * size) :]
        return [head % size for head in heads]

    def _listing(self, limit: int, accept: Accept | None, order: Order | None) -> list[ModelInfo]:
        """Every entry in standing order (an empty query), through ``accept``; each order is
        sorted once and kept."""
        listing = self._listings.get(order)
        if listing is None:
            listing = sorted(range(len(self.models)), key=lambda i: self._listed(i, order))
            self._listings[order] = listing
        found: list[ModelInfo] = []
        for i in listing:
            if len(found) >= limit:
                break
            model = self.models[i]
            if accept is None or accept(model):
                found.append(model)
        return found

    def _listed(self, i: int, order: Order | None) -> tuple[object, ...]:
        model = self.models[i]
        relevance = (1, 0, self._standing[i], -0.0, model.id)
        return relevance if order is None else order(model, relevance)

    def _holders(self, number: int) -> list[int]:
        """The entries (models) whose id or name has key ``number``."""
        return self._holder_list[self._starts[number] : self._starts[number + 1]]

    # -- fuzzy scores ------------------------------------------------------------------------

    def _fuzzy(
        self, query: str, floor: list[float]
    ) -> Iterator[tuple[list[tuple[int, float]], float]]:
        """(key number, score) for the keys scoring at least the cutoff, in steps, each with the
        most any key not yet scored can still score (0.0 after the last step).

        A key sharing ``j`` of the query's ``n`` characters (its level) with length ``m`` has a
        ``ratio`` of at most ``200 min(j, m) / (n + m)`` and a weighted ``partial_ratio`` of at
        most ``0.9 * 200j / (n + j)``. The keys are cut into jobs by level (and, for ``ratio``,
        by length), run best bound first; each key is scored once per scorer, with the
        brute-force ranking's own calls and cutoffs, and a job whose bound is under the cutoff
        is never run (nothing in it could pass). A ``partial_ratio`` job is split by tighter
        bounds when its turn comes (``partial_bounds``), leaving out the keys that cannot reach
        ``floor[0]``: the caller raises it to what a key must score to still rank.
        """
        size = len(query)
        if len(self._keys) <= FEW_KEYS:  # one provider's: two calls beat the bookkeeping
            everything = self._bits.numbers(self._bits.everything())
            yield ratios(query, self._keys, everything), 90.0 + 1e-9
            longer_keys = self._bits.numbers(self._bits.longer_than(size))
            yield partial_ratios(query, self._keys, longer_keys), 0.0
            return
        jobs = self._jobs(query)
        # best bound first; a partial job is split by tighter bounds when its turn comes
        heapq.heapify(jobs)
        made = itertools.count(len(jobs))
        while jobs:
            _, kind, minus_level, _, bits, numbers = heapq.heappop(jobs)
            if kind in SPLIT and not (kind == COMMON and len(numbers) <= _FEW_TO_SPLIT):
                group = self._bits.numbers(bits) if bits else numbers
                refined = split(kind, query, self._keys, group, PARTIAL_WEIGHT, floor[0])
                for bound, step, found_keys in refined:
                    heapq.heappush(jobs, (-bound, step, minus_level, next(made), 0, found_keys))
                continue
            if kind == _RATIO:
                found = ratios(query, self._keys, self._bits.numbers(bits))
            elif kind == HELD:
                found = [(number, PARTIAL_WEIGHT * 100.0) for number in numbers]
            else:
                found = partial_ratios(query, self._keys, numbers)
            yield found, -jobs[0][0] + 1e-9 if jobs else 0.0

    def _jobs(self, query: str) -> list[_Job]:
        """The first jobs: per level, the keys ``ratio`` can score by length band, and those
        ``partial_ratio`` can (longer than the query), as bit sets, each with its bound."""
        size = len(query)
        need_ratio = math.ceil(_share(FUZZY_CUTOFF / 100.0) * size - 1e-9)
        need_partial = math.ceil(_share(FUZZY_CUTOFF / (100.0 * PARTIAL_WEIGHT)) * size - 1e-9)
        reach = [*at_least(self._bits.query_masks(query), size), 0]
        low = max(1, math.ceil(size * 0.6 / 1.4 - 1e-9))
        high = math.floor(size * 1.4 / 0.6 + 1e-9)
        cuts = sorted({low, size + 1, size + (size + 1) // 2 + 1, high + 1})
        segments = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
        longer = self._bits.longer_than(size)
        bands = [(first, stop, self._bits.span(first, stop)) for first, stop in segments]
        jobs: list[_Job] = []
        for level in range(size, need_ratio - 1, -1):
            keys = reach[level] & ~reach[level + 1]
            if not keys:
                continue
            if level >= need_partial and (partial := keys & longer):
                bound = PARTIAL_WEIGHT * 200.0 * level / (size + level)
                kind = TOP if level == size else LOOSE
                jobs.append((-bound, kind, -level, len(jobs), partial, []))
            for first, stop, band in bands:
                best = min(max(level, first), stop - 1)
                bound = 200.0 * min(level, best) / (size + best)
                if bound >= FUZZY_CUTOFF - 1e-9 and (bits := keys & band):
                    jobs.append((-bound, _RATIO, -level, len(jobs), bits, []))
        return jobs


def _nth_largest(values: Collection[float], n: int) -> float:
    """The ``n``-th largest of ``values`` (at least ``n`` of them): sorted in C when there are a
    few hundred (7x faster than ``heapq.nlargest``'s loop over 40), by the heap when thousands."""
    if len(values) <= _FEW_TO_SORT:
        return sorted(values, reverse=True)[n - 1]
    return heapq.nlargest(n, values)[-1]


def _share(similarity: float) -> float:
    """The least part of the query a key must share to reach ``similarity`` (0..1)."""
    return similarity / (2.0 - similarity)
