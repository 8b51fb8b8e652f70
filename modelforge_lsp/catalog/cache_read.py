"""Reading the cache's pair (metadata record and data file) with every check, judged as it is read.

``ModelsDevCache`` decides *when* to read and what to do with a bad pair (re-check under the
lock, then set it aside); this decides *whether* a pair is good. Every check that fails raises
``BadPair`` with a reason a user can read: a file that is not one of ours (``cache_trust``), a
metadata record that does not validate (``CacheMetadata.from_json``: every field, a fetch time in
range, sizes under the caps), a size, sha256 or decompressed size that differs from the record,
a gzip stream that inflates past what the record declares, content that is not a catalog. Any
exception the *content* can provoke is caught here and becomes ``BadPair``: a bad cache is set
aside once and never breaks a command.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from modelforge_lsp.catalog.cache_records import MAX_METADATA_BYTES, CachedCatalog, CacheMetadata
from modelforge_lsp.catalog.cache_trust import (
    BadFile,
    file_problem,
    inflate,
    lstat_or_none,
    read_file,
)
from modelforge_lsp.catalog.digests import sha256_hex
from modelforge_lsp.catalog.models import parse_catalog
from modelforge_lsp.errors import CatalogFormatError

__all__ = ["BadPair", "PairReader"]

_CONTENT_ERRORS = (ValueError, TypeError, OverflowError, RecursionError, CatalogFormatError)
_UNREADABLE = (OSError, EOFError, zlib.error, *_CONTENT_ERRORS)
"""What parsing a data or metadata file's content can raise when that content is bad."""


class BadPair(Exception):
    """The current pair fails an integrity check; ``str()`` says which."""


class PairReader:
    """Reads ``data_path`` and ``metadata_path`` for ``schema_version``; never follows links."""

    def __init__(self, data_path: Path, metadata_path: Path, schema_version: int) -> None:
        self.data_path, self.metadata_path = data_path, metadata_path
        self.schema_version = schema_version

    def metadata(self) -> CacheMetadata | None:
        try:
            raw = read_file(self.metadata_path, MAX_METADATA_BYTES)
        except BadFile as bad:
            raise BadPair(f"the metadata record {bad}") from None
        if raw is None:
            if lstat_or_none(self.data_path) is not None:
                raise BadPair("the data file has no metadata record")
            return None
        try:
            metadata = CacheMetadata.from_json(json.loads(raw))
        except _UNREADABLE as exc:
            raise BadPair(f"the metadata record is unreadable: {exc}") from exc
        if metadata.schema_version != self.schema_version:
            raise BadPair(f"the metadata record is for schema version {metadata.schema_version}")
        st = lstat_or_none(self.data_path)
        if st is None:
            raise BadPair("the metadata record has no data file")
        if (problem := file_problem(st)) is not None:
            raise BadPair(f"the data file {problem}")
        if st.st_size != metadata.compressed_size:
            raise BadPair("the data file's size does not match its metadata record")
        return metadata

    def pair(self) -> tuple[CacheMetadata, bytes] | None:
        metadata = self.metadata()
        if metadata is None:
            return None
        try:
            data = read_file(self.data_path, metadata.compressed_size)
        except BadFile as bad:
            raise BadPair(f"the data file {bad}") from None
        if data is None:
            raise BadPair("the data file vanished")
        if sha256_hex(data) != metadata.sha256:
            raise BadPair("the data file does not match its metadata record (sha256)")
        return metadata, data

    def load(self) -> CachedCatalog | None:
        pair = self.pair()
        if pair is None:
            return None
        metadata, data = pair
        try:
            raw = inflate(data, metadata.raw_size)
            if len(raw) != metadata.raw_size:
                raise BadPair("the data file's decompressed size does not match its metadata")
            catalog = parse_catalog(json.loads(raw))
        except BadFile as bad:
            raise BadPair(f"the data file {bad}") from None
        except _UNREADABLE as exc:
            raise BadPair(f"the data file is not a readable catalog: {exc}") from exc
        return CachedCatalog(catalog, metadata)
