"""The normalised catalog in a binary form, so a warm start parses no JSON.

Reading the catalog as JSON costs more than everything else a CLI command does: decoding 2 MB
with the repeated-key check, then parsing and sanitising 4,800 models (0.3-0.5 s here; 20 times
that for a 100k-model mirror). The disk cache therefore keeps, beside its JSON pair, the parsed
catalog as ``marshal``-ed plain tuples (strings, numbers, booleans, ``None``: no code, no
classes, nothing ``pickle`` would run) behind a header that says what it is and what it was
made from::

    magic "MFCATBIN" | format version u16 | marshal version u16 | source sha256 (32 bytes)
    | payload length u64 | payload sha256 (32 bytes) | payload

* the **source** digest ties the file to what it was made from (the cache's data file, the
  bundled snapshot): a file made from other data is ignored, never believed;
* the **payload** digest is checked before ``marshal`` sees a byte (``marshal`` is not meant
  for damaged input), and the decoded rows are checked for shape and types before any
  ``ModelInfo`` is made from them;
* the file lives in the cache directory, so the same trust rules hold (``cache_trust``: the
  directory the user's alone, files opened without following links, judged by ``fstat``, capped)
  and it is written like every other cache file (``atomic.write_atomically``, 0600).

Any failure -- missing, another format version, another source, a bad digest, a wrong shape --
is ``None`` from ``read`` with the reason logged; the caller parses the JSON as before and
writes a new binary form. The JSON stays the source of truth: this is only ever a faster copy.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import math
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelforge_lsp.atomic import write_atomically
from modelforge_lsp.catalog.cache_records import MAX_RAW_BYTES
from modelforge_lsp.catalog.cache_trust import BadFile, read_file
from modelforge_lsp.catalog.models import (
    COST_FIELDS,
    LIMIT_FIELDS,
    STATUSES,
    Cost,
    Limits,
    ModelInfo,
    ParsedCatalog,
    ProviderInfo,
    SkippedEntry,
)
from modelforge_lsp.catalog.tiers import TIER_FIELDS, PriceTier

__all__ = ["FORMAT_VERSION", "BinaryCatalog", "BinaryCatalogFile", "decode", "encode"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
"""Bumped whenever the rows below change shape; a file of another version is ignored."""
_MAGIC = b"MFCATBIN"
_HEADER = struct.Struct(f"<{len(_MAGIC)}sHH32sQ32s")
_MODEL_FIELDS = tuple(name for name in ModelInfo.__slots__ if name != "provider_id")
_NONE = type(None)
_TEXT = (str,)
_OPTIONAL_TEXT = (str, _NONE)
_FLAG = (bool,)
_OPTIONAL_FLAG = (bool, _NONE)
_ROW_TYPES: tuple[tuple[type, ...], ...] = (
    _TEXT, _TEXT, _OPTIONAL_TEXT, (tuple, _NONE), (tuple,), (tuple,), (tuple,),
    _FLAG, _FLAG, _FLAG, _OPTIONAL_FLAG, _OPTIONAL_FLAG,
    _OPTIONAL_TEXT, _OPTIONAL_TEXT, _OPTIONAL_TEXT, _FLAG, _OPTIONAL_TEXT,
)  # fmt: skip
"""The type each position of a model row may hold, in ``_MODEL_FIELDS`` order."""
assert len(_ROW_TYPES) == len(_MODEL_FIELDS)
assert _MODEL_FIELDS[3:5] == ("cost", "limit")
_FIELDS_OF = attrgetter(*_MODEL_FIELDS)
_PRICES_OF = attrgetter(*COST_FIELDS)
_TIER_OF = attrgetter("above", *TIER_FIELDS)
_LIMITS_OF = attrgetter(*LIMIT_FIELDS)
_MISSING: Any = object()
_SHARED_FIELDS = tuple(
    at
    for at, name in enumerate(_MODEL_FIELDS)
    if _ROW_TYPES[at] in (_TEXT, _OPTIONAL_TEXT) or name.endswith("_modalities")
)
"""The text and modality positions of a row (interned per file), not the figures or flags."""


class BadBinary(Exception):
    """The binary form is not a usable copy of the expected data; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class BinaryCatalog:
    """A decoded binary form: the catalog and the small facts stored with it (``extra``:
    plain values the writer chose, such as the snapshot's package version)."""

    catalog: ParsedCatalog
    extra: tuple[Any, ...] = ()


def encode(catalog: ParsedCatalog, source_sha256: bytes, extra: tuple[Any, ...] = ()) -> bytes:
    """The binary form of ``catalog``, made from the data whose sha256 is ``source_sha256``."""
    shared: dict[Any, Any] = {None: None}
    providers = tuple(
        (p.id, p.name, p.env, p.npm, p.doc, p.api, _rows(p.models.values(), shared))
        for p in catalog.providers
    )
    skipped = tuple((s.path, s.reason) for s in catalog.skipped)
    payload = marshal.dumps((providers, skipped, extra))
    digest = hashlib.sha256(payload).digest()
    header = _HEADER.pack(
        _MAGIC, FORMAT_VERSION, marshal.version, source_sha256, len(payload), digest
    )
    return header + payload


def decode(blob: bytes, source_sha256: bytes) -> BinaryCatalog:
    """The catalog in ``blob`` if it is a sound binary form of that source; ``BadBinary``."""
    if len(blob) < _HEADER.size:
        raise BadBinary("shorter than its header")
    magic, version, marshal_version, source, length, digest = _HEADER.unpack_from(blob)
    if magic != _MAGIC:
        raise BadBinary("not a binary catalog (magic)")
    if version != FORMAT_VERSION or marshal_version != marshal.version:
        raise BadBinary(f"format {version}/{marshal_version}, this version reads {FORMAT_VERSION}")
    if source != source_sha256:
        raise BadBinary("made from other data than the current source")
    payload = memoryview(blob)[_HEADER.size :]
    if len(payload) != length or hashlib.sha256(payload).digest() != digest:
        raise BadBinary("damaged (length or sha256 differs from its header)")
    try:
        # the payload's sha256 matched its header, in a file only the user can write
        # (cache_trust): marshal sees what this module wrote, and the rows are checked next
        data = marshal.loads(payload)  # noqa: S302
        return _catalog(data)
    except (ValueError, TypeError, EOFError, KeyError, IndexError, OverflowError) as exc:
        raise BadBinary(f"not the catalog's shape ({exc})") from None


class BinaryCatalogFile:
    """One binary form on disk (read and written under the cache's trust rules)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, source_sha256: bytes) -> BinaryCatalog | None:
        """The catalog stored for that source, or ``None`` (why is logged); never raises."""
        try:
            blob = read_file(self.path, MAX_RAW_BYTES)
        except (BadFile, OSError) as bad:
            log.info("catalog cache: %s: %s; reading the JSON instead", self.path, bad)
            return None
        if blob is None:
            return None
        try:
            return decode(blob, source_sha256)
        except BadBinary as bad:
            log.info("catalog cache: %s is %s; reading the JSON instead", self.path, bad)
            return None

    def write(
        self, catalog: ParsedCatalog, source_sha256: bytes, extra: tuple[Any, ...] = ()
    ) -> bool:
        """Store the binary form; ``False`` (logged) when it cannot be written: a missing
        fast copy costs time, never data."""
        try:
            write_atomically(self.path, encode(catalog, source_sha256, extra))
        except (OSError, ValueError) as exc:
            log.info("catalog cache: could not write %s (%s)", self.path, exc)
            return False
        return True


def _rows(models: Iterable[ModelInfo], shared: dict[Any, Any]) -> tuple[tuple[Any, ...], ...]:
    """Each model's fields in ``_MODEL_FIELDS`` order (read in C by ``attrgetter``), its cost
    and limits as plain tuples. Equal values become one object (``shared``), which ``marshal``
    then writes once and reads back as one: the same model id, name, dates and modalities at
    a dozen providers cost one string each, on disk and in memory."""
    rows = []
    for model in models:
        row = list(_FIELDS_OF(model))
        for at, fields_of in ((3, _cost_row), (4, _LIMITS_OF)):
            value = row[at]
            plain = shared.get(value, _MISSING)
            if plain is _MISSING:
                plain = shared[value] = fields_of(value)
            row[at] = plain
        for at in _SHARED_FIELDS:
            value = row[at]
            if value is not None:
                row[at] = shared.setdefault(value, value)
        rows.append(tuple(row))
    return tuple(rows)


def _cost_row(cost: Cost | None) -> tuple[Any, ...] | None:
    """A cost as plain values: its prices in ``COST_FIELDS`` order, then its tiers as
    ``(above, *TIER_FIELDS)`` tuples."""
    if cost is None:
        return None
    return (*_PRICES_OF(cost), tuple(map(_TIER_OF, cost.tiers)))


def _catalog(data: Any) -> BinaryCatalog:
    providers_data, skipped_data, extra = _tuple(data, 3)
    checker = _RowChecker()
    providers = []
    for provider_data in _tuple(providers_data):
        pid, name, env, npm, doc, api, rows = _tuple(provider_data, 7)
        _text(pid, name, *_tuple(env))
        _optional_text(npm, doc, api)
        models: dict[str, ModelInfo] = {}
        for row in _tuple(rows):
            model = checker.model(pid, row)
            models[model.id] = model
        providers.append(ProviderInfo(pid, name, env, npm, doc, api, MappingProxyType(models)))
    skipped = []
    for entry in _tuple(skipped_data):
        path, reason = _tuple(entry, 2)
        _text(path, reason)
        skipped.append(SkippedEntry(path, reason))
    return BinaryCatalog(ParsedCatalog(tuple(providers), tuple(skipped)), _tuple(extra))


class _RowChecker:
    """Checks model rows and makes ``ModelInfo`` from them. Rows share a handful of type
    signatures and a few thousand distinct cost and limit tuples, so each signature and tuple
    is checked once (and each ``Cost``/``Limits`` made once, shared by the models alike)."""

    def __init__(self) -> None:
        self._signatures: set[tuple[type, ...]] = set()
        self._costs: dict[tuple[Any, ...], Cost] = {}
        self._limits: dict[tuple[Any, ...], Limits] = {}
        self._modalities: set[tuple[Any, ...]] = set()

    def model(self, provider_id: str, row: Any) -> ModelInfo:
        if type(row) is not tuple:
            raise TypeError("a model row is not a tuple")
        signature = tuple(map(type, row))
        if signature not in self._signatures:
            if len(row) != len(_ROW_TYPES) or not all(
                kind in allowed for kind, allowed in zip(signature, _ROW_TYPES, strict=True)
            ):
                raise TypeError(f"a model row has the types {signature}")
            self._signatures.add(signature)
        (
            id_,
            name,
            family,
            cost,
            limit,
            inputs,
            outputs,
            attachment,
            reasoning,
            tool_call,
            structured,
            temperature,
            knowledge,
            released,
            updated,
            open_weights,
            status,
        ) = row
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        for modalities in (inputs, outputs):
            if modalities not in self._modalities:
                _text(*modalities)
                self._modalities.add(modalities)
        return ModelInfo(
            provider_id, id_, name, family, self._cost(cost), self._limit(limit), inputs, outputs,
            attachment, reasoning, tool_call, structured, temperature, knowledge, released,
            updated, open_weights, status,
        )  # fmt: skip

    def _cost(self, values: tuple[Any, ...] | None) -> Cost | None:
        if values is None:
            return None
        cost = self._costs.get(values)
        if cost is None:
            *prices, tiers = _tuple(values, len(COST_FIELDS) + 1)
            _figures(tuple(prices), len(COST_FIELDS), integer=False)
            tiers = tuple(_tier(tier) for tier in _tuple(tiers))
            named = dict(zip(COST_FIELDS, prices, strict=True))
            cost = self._costs[values] = Cost(**named, tiers=tiers)
        return cost

    def _limit(self, values: tuple[Any, ...]) -> Limits:
        limits = self._limits.get(values)
        if limits is None:
            _figures(values, len(LIMIT_FIELDS), integer=True)
            limits = self._limits[values] = Limits(*values)
        return limits


def _tier(values: Any) -> PriceTier:
    above, *prices = _tuple(values, 1 + len(TIER_FIELDS))
    if type(above) is not int or above <= 0:
        raise ValueError(f"a tier threshold is {above!r}")
    _figures(tuple(prices), len(TIER_FIELDS), integer=False)
    return PriceTier(above, *prices)


def _tuple(value: Any, size: int | None = None) -> tuple[Any, ...]:
    if type(value) is not tuple or (size is not None and len(value) != size):
        raise TypeError(f"expected a tuple of {size or 'any'} items")
    return value


def _text(*values: Any) -> None:
    if not all(type(v) is str for v in values):
        raise TypeError("expected text")


def _optional_text(*values: Any) -> None:
    if not all(v is None or type(v) is str for v in values):
        raise TypeError("expected text or nothing")


def _figures(values: tuple[Any, ...], size: int, *, integer: bool) -> None:
    """Figures as the parser leaves them: finite, non-negative, integers for limits."""
    if len(values) != size:
        raise TypeError("a figure tuple has the wrong length")
    for value in values:
        if value is None:
            continue
        kind = type(value)
        if kind is not (int if integer else float):
            raise TypeError(f"a figure is a {kind.__name__}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"a figure is {value!r}")
