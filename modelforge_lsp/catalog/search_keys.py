"""What ``SearchIndex`` is built from: each model's keys and standing, made in bulk.

A 100k-model catalog has about 80,000 distinct ids and names; made one by one in Python, their
normalised keys, standings and key numbers took most of a second. Here each step is one call
that loops in C (``map``, ``zip``, ``sorted``, and one ``str.translate`` and a few
``str.replace`` over all the keys joined), with the garbage collector paused (``gc_pause``).

Every result equals the one-by-one definition (``normalize_query`` per text, the standing tuple
per model); ``tests/catalog/test_search_index_keys.py`` compares them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import attrgetter, eq, itemgetter, ne, not_

from modelforge_lsp.catalog.gc_pause import paused_gc
from modelforge_lsp.catalog.models import ModelInfo

__all__ = ["IndexKeys", "index_keys", "normalize_all", "normalize_query", "recency_of"]

_SEPARATORS = str.maketrans("-_./:", "     ")
_BLANKS = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""What ``str.split()`` splits an ASCII string on, but a space and ``\\n`` (the line end of
the joined keys)."""
_TO_SPACES = str.maketrans("-_./:" + _BLANKS, " " * (5 + len(_BLANKS)))
_NO_DATE = "0000-00-00"
_ID, _NAME, _STATUS = attrgetter("id"), attrgetter("name"), attrgetter("status")
_RELEASED, _UPDATED = attrgetter("release_date"), attrgetter("last_updated")


def normalize_query(text: str) -> str:
    """Lower-case and fold separators, so ``Claude-Sonnet 4.5`` meets ``claude-sonnet-4-5``:
    each run of whitespace and ``-_./:`` becomes one space, none at the ends."""
    return " ".join(text.lower().translate(_SEPARATORS).split())


def normalize_all(texts: Sequence[str]) -> dict[str, str]:
    """``{text: normalize_query(text)}`` for every text, in a few calls over all of them when
    they are ASCII and hold no line break (ids and names do), else one by one."""
    joined = "\n".join(texts)
    if not joined.isascii() or joined.count("\n") != len(texts) - 1:
        return {text: normalize_query(text) for text in texts}
    folded = joined.lower().translate(_TO_SPACES)
    while "  " in folded:
        folded = folded.replace("  ", " ")
    lines = folded.replace("\n ", "\n").replace(" \n", "\n").strip(" ").split("\n")
    return dict(zip(texts, lines, strict=True))


@lru_cache(maxsize=4096)
def recency_of(date: str) -> tuple[int, ...]:
    """Negated date parts, so that sorting ascending puts the newest first."""
    return tuple(-int(part) if part.isdigit() else 0 for part in date.split("-"))


@dataclass(frozen=True, slots=True)
class IndexKeys:
    """The index's keys, numbered shortest first (then alphabetically; ``alphabetical`` holds
    them in plain order), and per model its id key's and name key's numbers and its standing
    (a rank: lower ranks higher). ``holders`` lists the models holding each key: those of key
    ``k`` are ``holders[starts[k]:starts[k + 1]]``."""

    keys: list[str]
    alphabetical: list[str]
    id_of: list[int]
    name_of: list[int]
    standing: list[int]
    holders: list[int]
    starts: list[int]


def index_keys(models: Sequence[ModelInfo], first_party: Sequence[bool]) -> IndexKeys:
    """The keys and standings of ``models`` (``first_party``: whether each one's provider
    makes it)."""
    with paused_gc():
        ids = list(map(itemgetter(2), map(str.rpartition, map(_ID, models), repeat("/"))))
        names = list(map(_NAME, models))
        texts = list({*ids, *names})
        normal = normalize_all(texts)
        alphabetical = sorted(set(normal.values()))
        keys = sorted(alphabetical, key=len)  # stable: by length, then alphabetically
        numbers = dict(zip(keys, range(len(keys)), strict=True))
        number_of = dict(zip(normal, map(numbers.__getitem__, normal.values()), strict=True))
        id_of = list(map(number_of.__getitem__, ids))
        name_of = list(map(number_of.__getitem__, names))
        holders, starts = _holders(id_of, name_of, len(keys))
        standing = _standing(models, first_party)
        return IndexKeys(keys, alphabetical, id_of, name_of, standing, holders, starts)


def _standing(models: Sequence[ModelInfo], first_party: Sequence[bool]) -> list[int]:
    """Each model's rank by (not the maker, deprecated, newest first)."""
    deprecated = map(eq, map(_STATUS, models), repeat("deprecated"))
    released, updated = map(_RELEASED, models), map(_UPDATED, models)
    raw = list(zip(map(not_, first_party), deprecated, released, updated, strict=True))
    keyed = {s: (s[0], s[1], recency_of(s[2] or s[3] or _NO_DATE)) for s in set(raw)}
    rank_of = {k: r for r, k in enumerate(sorted(set(keyed.values())))}
    ranks = {s: rank_of[k] for s, k in keyed.items()}
    return list(map(ranks.__getitem__, raw))


def _holders(id_of: list[int], name_of: list[int], key_count: int) -> tuple[list[int], list[int]]:
    """Each key's models as one flat list, key by key (a model's id key before its name key),
    and where each key's run starts."""
    size = len(id_of)
    differs = list(map(ne, name_of, id_of))
    keys = id_of + list(compress(name_of, differs))
    owners = [*range(size), *compress(range(size), differs)]
    by_key = sorted(range(len(keys)), key=keys.__getitem__)  # stable: model order per kind
    counts = Counter(keys)
    starts = [0, *accumulate(map(counts.__getitem__, range(key_count)))]
    return list(map(owners.__getitem__, by_key)), starts
