"""The full-catalog search index's tables, kept in the binary catalog so a warm start need not
make them again.

``SearchIndex`` over every model needs each model's normalised id and name keys, deduplicated and
numbered, the standings, the key -> models table and the characters' bit sets: 40-50 ms of a
4,800-model ``modelforge search`` (half a second at 100k models), the same every process. They
depend only on the models' ids, names, statuses and dates and on which providers make their
models, so ``binary_cache`` writes them beside the models (``encode``) and reads them back
(``decode``: every table checked for its shape, types and ranges, as the model columns are, so
that nothing in them can make a search fail; a wrong one is ``TypeError``/``ValueError``, and
the index is then made from the models). ``binary_cache`` hands them on undecoded
(``StoredTables``): only the first full-catalog search over the models they fit decodes them.

The tables travel with the data they were read with: ``ParsedCatalog.search_tables``, then
``Catalog.search_tables``, decoded for ``SearchIndex`` only when they fit the very model
objects it is given, in the same order, with the same maker flags (checked in C, well under a
millisecond, before any decoding); it builds its own otherwise (a catalog extended with
the user's providers, one provider's index, a catalog parsed from JSON). Nothing is guessed:
the tables are the ones ``index_keys`` makes from those models
(``tests/catalog/test_stored_index.py`` compares them and the rankings).

What the keys are made of is this code's (``search_keys``): change how keys or standings are
made and ``binary_cache.FORMAT_VERSION`` must be bumped, so that no older file's tables are
believed.
"""

from __future__ import annotations

import logging
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from operator import is_
from typing import Any

from modelforge_lsp.catalog.key_bits import KeyBits
from modelforge_lsp.catalog.models import ModelInfo
from modelforge_lsp.catalog.search_keys import IndexKeys, index_keys

__all__ = ["FEW_KEYS", "StoredIndex", "StoredTables", "decode", "encode"]

log = logging.getLogger(__name__)

FEW_KEYS = 1000
"""An index with at most this many keys scores them all (still only the lengths a scorer can
use): the filter's fixed cost is more than it saves there. An index of more keys makes its
characters' bit sets with itself (``KeyBits``), so they are stored too."""

_TEXT: frozenset[type] = frozenset({str})
_NUMBER = "i"
"""The tables' ``array`` type: a C ``int`` (32 bits on every CPython platform; a catalog has
far fewer models and keys)."""
_LAYOUT = f"{sys.byteorder}-endian, {array(_NUMBER).itemsize}-byte"
"""How the tables' numbers are laid out in bytes: a file written on another machine (a shared
cache directory) is not believed where this differs."""


@dataclass(frozen=True, slots=True, eq=False)
class StoredIndex:
    """The decoded tables of one index, as ``index_keys`` and ``KeyBits`` make them; only
    ``StoredTables.decoded_for`` makes one, for the very models they were stored with."""

    keys: IndexKeys
    masks: dict[str, int]


@dataclass(frozen=True, slots=True, eq=False)
class StoredTables:
    """The tables as the binary catalog holds them (``encode``'s value) with the models they
    were read with, decoded by the first full-catalog index over those very models
    (``decoded_for``). A server never ranks the whole catalog (its completions and suggestions
    are one provider's), so its start neither decodes them (2 ms) nor keeps them decoded
    (1.1 MB); ``modelforge search`` decodes them once, as before. Equal only to itself: only
    the tables holding the very model objects may be used."""

    data: Any
    models: tuple[ModelInfo, ...]
    first_party: tuple[bool, ...]

    def decoded_for(
        self, models: Sequence[ModelInfo], first_party: Sequence[bool]
    ) -> StoredIndex | None:
        """The tables, decoded and checked as ``decode`` checks them, if they are those of the
        index over exactly these model objects, in this order, with these maker flags (checked
        first, in C); ``None`` otherwise, or where they are not ``encode``'s shape (logged): the
        index is then made from the models, slower and never wrong."""
        if not (
            len(self.models) == len(models)
            and all(map(is_, self.models, models))
            and self.first_party == tuple(first_party)
        ):
            return None
        try:
            return decode(self.data, self.models, self.first_party)
        except (TypeError, ValueError) as exc:
            log.info("the binary catalog's search tables are not usable (%s): rebuilt", exc)
            return None


def encode(models: Sequence[ModelInfo], first_party: Sequence[bool]) -> tuple[Any, ...]:
    """The tables of the index over ``models`` as plain values (for ``marshal``): the keys, then
    the alphabetical order as key numbers, the id and name key of each model, the standings and
    the key -> models table, each as the bytes of an ``array`` (``marshal`` copies bytes, where
    it would write and read thousands of integers one by one), and the characters' bit sets."""
    built = index_keys(models, first_party)
    numbers = dict(zip(built.keys, range(len(built.keys)), strict=True))
    order = map(numbers.__getitem__, built.alphabetical)
    masks = KeyBits(built.keys, prebuild_from=FEW_KEYS).prebuilt()
    tables = (order, built.id_of, built.name_of, built.standing, built.holders, built.starts)
    packed = tuple(array(_NUMBER, table).tobytes() for table in tables)
    return (_LAYOUT, tuple(built.keys), *packed, tuple(masks.items()))


def decode(data: Any, models: tuple[ModelInfo, ...], first_party: tuple[bool, ...]) -> StoredIndex:
    """The tables in ``data`` (from ``encode``) for the decoded ``models``; ``TypeError`` or
    ``ValueError`` when any of them has another shape, type or range than ``encode`` gives."""
    if type(data) is not tuple or len(data) != 9:
        raise TypeError("the search tables are not a tuple of 9")
    layout, keys, *packed, masks = data
    if layout != _LAYOUT:
        raise ValueError(f"the search tables were written as {layout!r}, not {_LAYOUT!r}")
    if type(keys) is not tuple or type(masks) is not tuple:
        raise TypeError("the search keys or bit sets are not a tuple")
    if not _TEXT.issuperset(map(type, keys)):
        raise TypeError("a search key is not text")
    order, id_of, name_of, standing, holders, starts = map(_numbers, packed)
    count, size = len(keys), len(models)
    lengths = list(map(len, keys))
    if lengths != sorted(lengths):
        raise ValueError("the search keys are not shortest first")
    _in_range(order, count, count)
    if len(set(order)) != count:
        raise ValueError("the alphabetical order is not one of the keys")
    _in_range(id_of, size, count)
    _in_range(name_of, size, count)
    _in_range(standing, size, size)  # a rank among the models (``SearchIndex``'s heads need it)
    _in_range(holders, len(holders), size)
    _in_range(starts, count + 1, len(holders) + 1)
    if starts[:1] != [0] or starts[-1] != len(holders) or starts != sorted(starts):
        raise ValueError("the key -> models table is not in runs")
    return StoredIndex(
        IndexKeys(
            keys=list(keys),
            alphabetical=list(map(keys.__getitem__, order)),
            id_of=id_of,
            name_of=name_of,
            standing=standing,
            holders=holders,
            starts=starts,
        ),
        _masks(masks, count),
    )


def _numbers(packed: Any) -> list[int]:
    """A table of numbers from the bytes ``encode`` made of it (``ValueError`` if they are
    not a whole number of them)."""
    if type(packed) is not bytes:
        raise TypeError("a search table is not bytes")
    numbers = array(_NUMBER)
    numbers.frombytes(packed)
    return numbers.tolist()


def _in_range(values: list[int], size: int, stop: int) -> None:
    """``values``: ``size`` integers from 0 up to (not including) ``stop``."""
    if len(values) != size or (values and (min(values) < 0 or max(values) >= stop)):
        raise ValueError("a search table's numbers are out of range")


def _masks(pairs: tuple[Any, ...], count: int) -> dict[str, int]:
    """The characters' bit sets: one character each, bits of keys that exist."""
    masks: dict[str, int] = {}
    for pair in pairs:
        if type(pair) is not tuple or len(pair) != 2:
            raise TypeError("a character's bit set is not a (character, bits) pair")
        char, bits = pair
        if type(char) is not str or len(char) != 1 or type(bits) is not int:
            raise TypeError("a character's bit set is not a character and an integer")
        if bits < 0 or bits.bit_length() > count:
            raise ValueError("a character's bit set marks keys that do not exist")
        masks[char] = bits
    return masks
