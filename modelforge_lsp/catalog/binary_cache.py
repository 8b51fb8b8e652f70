"""The normalised catalog in a binary form, so a warm start parses no JSON.

Reading the catalog as JSON costs more than everything else a CLI command does: decoding 2 MB
with the repeated-key check, then parsing and sanitising 4,800 models (0.3-0.5 s here; 20 times
that for a 100k-model mirror). The disk cache therefore keeps, beside its JSON pair, the parsed
catalog as ``marshal``-ed plain tuples (strings, numbers, booleans, ``None``: no code, no
classes, nothing ``pickle`` would run) behind a header that says what it is and what it was
made from::

    magic "MFCATBIN" | format version u16 | marshal version u16 | source digest (32 bytes)
    | payload length u64 | payload BLAKE2b (32 bytes) | payload

* the **source** digest ties the file to what it was made from (the cache's data file by the
  SHA-256 its metadata record holds, the bundled snapshot by its BLAKE2b): a file made from
  other data is ignored, never believed;
* the **payload** digest (BLAKE2b, made without OpenSSL: ``digests``) is checked before
  ``marshal`` sees a byte (``marshal`` is not meant for damaged input), and the decoded
  values are checked for shape, types and ranges (``model_columns``: each provider's models
  as a column per field) before any ``ModelInfo`` is made from them;
* the full-catalog search index's tables ride along (``stored_index``: keys, standings, the
  key -> models table, the characters' bit sets), so a warm search does not make them again;
  they are tied to the list of makers they were ranked with (another list: the file is not
  believed), and handed on packed: the first full-catalog search decodes and checks them alike,
  and makes its index from the models where they are wrong (logged; the file is rewritten with
  the next refresh);
* the file lives in the cache directory, so the same trust rules hold (``cache_trust``: the
  directory the user's alone, files opened without following links, judged by ``fstat``, capped)
  and it is written like every other cache file (``atomic.write_atomically``, 0600).

Any failure -- missing, another format version, another source, a bad digest, a wrong shape --
is ``None`` from ``read`` with the reason logged; the caller parses the JSON as before and
writes a new binary form. The JSON stays the source of truth: this is only ever a faster copy.
"""

from __future__ import annotations

import logging
import marshal
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelforge_lsp.atomic import write_atomically
from modelforge_lsp.catalog import stored_index
from modelforge_lsp.catalog.cache_records import MAX_RAW_BYTES
from modelforge_lsp.catalog.cache_trust import BadFile, read_file
from modelforge_lsp.catalog.digests import blake2b_digest
from modelforge_lsp.catalog.gc_pause import paused_gc
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.catalog.model_columns import ColumnChecker, model_columns
from modelforge_lsp.catalog.models import ModelInfo, ParsedCatalog, ProviderInfo, SkippedEntry

__all__ = ["FORMAT_VERSION", "BinaryCatalog", "BinaryCatalogFile", "decode", "encode"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 5
"""Bumped whenever the payload changes shape, or how search keys and standings are made
(``search_keys``); a file of another version is ignored. 3: each provider's models as columns
(``model_columns``), not as rows. 4: the full-catalog search index's tables too
(``stored_index``). 5: the payload's digest is BLAKE2b, not SHA-256."""
_MAGIC = b"MFCATBIN"
_HEADER = struct.Struct(f"<{len(_MAGIC)}sHH32sQ32s")


class BadBinary(Exception):
    """The binary form is not a usable copy of the expected data; ``str()`` says why."""


@dataclass(frozen=True, slots=True)
class BinaryCatalog:
    """A decoded binary form: the catalog and the small facts stored with it (``extra``:
    plain values the writer chose, such as the snapshot's package version)."""

    catalog: ParsedCatalog
    extra: tuple[Any, ...] = ()


def encode(catalog: ParsedCatalog, source: bytes, extra: tuple[Any, ...] = ()) -> bytes:
    """The binary form of ``catalog``, made from the data whose digest is ``source``."""
    shared: dict[Any, Any] = {None: None}
    providers = tuple(
        (p.id, p.name, p.env, p.npm, p.doc, p.api, model_columns(p.models.values(), shared))
        for p in catalog.providers
    )
    skipped = tuple((s.path, s.reason) for s in catalog.skipped)
    models, first_party = _search_order(catalog.providers)
    search = (tuple(sorted(FIRST_PARTY_PROVIDERS)), stored_index.encode(models, first_party))
    payload = marshal.dumps((providers, skipped, extra, search))
    digest = blake2b_digest(payload)
    header = _HEADER.pack(_MAGIC, FORMAT_VERSION, marshal.version, source, len(payload), digest)
    return header + payload


def decode(blob: bytes, source: bytes) -> BinaryCatalog:
    """The catalog in ``blob`` if it is a sound binary form of that source; ``BadBinary``."""
    if len(blob) < _HEADER.size:
        raise BadBinary("shorter than its header")
    magic, version, marshal_version, made_from, length, digest = _HEADER.unpack_from(blob)
    if magic != _MAGIC:
        raise BadBinary("not a binary catalog (magic)")
    if version != FORMAT_VERSION or marshal_version != marshal.version:
        raise BadBinary(f"format {version}/{marshal_version}, this version reads {FORMAT_VERSION}")
    if made_from != source:
        raise BadBinary("made from other data than the current source")
    payload = memoryview(blob)[_HEADER.size :]
    if len(payload) != length or blake2b_digest(payload) != digest:
        raise BadBinary("damaged (length or digest differs from its header)")
    try:
        # the payload's digest matched its header, in a file only the user can write
        # (cache_trust): marshal sees what this module wrote, and the rows are checked next
        with paused_gc():  # 100k models and their parts: no cycles to collect meanwhile
            data = marshal.loads(payload)  # noqa: S302
            return _catalog(data)
    except (ValueError, TypeError, EOFError, KeyError, IndexError, OverflowError) as exc:
        raise BadBinary(f"not the catalog's shape ({exc})") from None


class BinaryCatalogFile:
    """One binary form on disk (read and written under the cache's trust rules)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, source: bytes) -> BinaryCatalog | None:
        """The catalog stored for that source, or ``None`` (why is logged); never raises."""
        try:
            blob = read_file(self.path, MAX_RAW_BYTES)
        except (BadFile, OSError) as bad:
            log.info("catalog cache: %s: %s; reading the JSON instead", self.path, bad)
            return None
        if blob is None:
            return None
        try:
            return decode(blob, source)
        except BadBinary as bad:
            log.info("catalog cache: %s is %s; reading the JSON instead", self.path, bad)
            return None

    def write(self, catalog: ParsedCatalog, source: bytes, extra: tuple[Any, ...] = ()) -> bool:
        """Store the binary form; ``False`` (logged) when it cannot be written: a missing
        fast copy costs time, never data."""
        try:
            write_atomically(self.path, encode(catalog, source, extra))
        except (OSError, ValueError) as exc:
            log.info("catalog cache: could not write %s (%s)", self.path, exc)
            return False
        return True


def _catalog(data: Any) -> BinaryCatalog:
    providers_data, skipped_data, extra, search = _tuple(data, 4)
    checker = ColumnChecker()
    providers = []
    for provider_data in _tuple(providers_data):
        pid, name, env, npm, doc, api, columns = _tuple(provider_data, 7)
        _text(pid, name, *_tuple(env))
        _optional_text(npm, doc, api)
        models = checker.models(pid, columns)
        providers.append(ProviderInfo(pid, name, env, npm, doc, api, MappingProxyType(models)))
    skipped = []
    for entry in _tuple(skipped_data):
        path, reason = _tuple(entry, 2)
        _text(path, reason)
        skipped.append(SkippedEntry(path, reason))
    makers, tables = _tuple(search, 2)
    if frozenset(_tuple(makers)) != FIRST_PARTY_PROVIDERS:
        raise ValueError("made when other providers counted as makers (search standings)")
    stored = stored_index.StoredTables(tables, *_search_order(providers))
    parsed = ParsedCatalog(tuple(providers), tuple(skipped), search_tables=stored)
    return BinaryCatalog(parsed, _tuple(extra))


def _search_order(
    providers: Sequence[ProviderInfo],
) -> tuple[tuple[ModelInfo, ...], tuple[bool, ...]]:
    """Every model in the order ``Catalog`` indexes them, and whether its provider makes it."""
    models = tuple(chain.from_iterable(p.models.values() for p in providers))
    makers = (repeat(p.id in FIRST_PARTY_PROVIDERS, len(p.models)) for p in providers)
    return models, tuple(chain.from_iterable(makers))


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
