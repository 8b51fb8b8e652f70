"""The models.dev catalog on disk, shared by every editor and CLI of one user on one machine.

Several processes read and refresh the same files at once, and a language server must never
crash or hang because of what it finds there. Hence:

* **One pair per dataset and schema version**: ``models-dev-api.v1.json.gz`` (the normalised
  catalog, ``catalog_to_json``) and ``models-dev-api.v1.meta.json`` (fetch time, validators,
  sha256 of the data file's bytes). Another version's files are never read; older ones are deleted
  on the next ``store()``, newer ones belong to a newer install and are left alone.
* **Atomic writes under a file lock**: each file is written to a temp file in the same directory,
  fsynced, and ``os.replace``-d, data first, while holding ``models-dev-api.lock``. A reader
  without the lock sees either a consistent pair or a sha256 mismatch; a mismatch is re-checked
  under the lock (a writer may have been between its two renames) before anything is judged bad.
* **Corruption is never fatal**: a pair that fails a check under the lock is moved into
  ``quarantine/``, logged, recorded in ``problems``, and reads return ``None`` so the caller falls
  back to the bundled snapshot. Only writes (``store``, ``mark_revalidated``, ``clear``) raise,
  as ``CatalogError``.
* **Private**: files 0600 in a 0700 directory; the catalog is public, the access pattern is not.

Whether a copy is still good is decided by the pure ``freshness()`` (hishel's lesson): the
cache stores facts, and the caller's clock and TTL decide.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import platformdirs
from filelock import BaseFileLock, FileLock

from modelforge_lsp.atomic import write_atomically
from modelforge_lsp.catalog.cache_records import (
    DEFAULT_TTL,
    CachedCatalog,
    CacheMetadata,
    CacheProblem,
    CacheStatus,
    Freshness,
    freshness,
)
from modelforge_lsp.catalog.models import ParsedCatalog, catalog_to_json, parse_catalog
from modelforge_lsp.errors import CatalogError, CatalogFormatError
from modelforge_lsp.urls import redact_url

__all__ = [
    "DATASET",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TTL",
    "SCHEMA_VERSION",
    "CacheMetadata",
    "CacheProblem",
    "CacheStatus",
    "CachedCatalog",
    "Freshness",
    "ModelsDevCache",
    "freshness",
]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DATASET = "models-dev-api"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
READ_LOCK_WAIT = 5.0  # seconds a read waits for a writer before giving up: never hang an editor
GZIP_LEVEL = 6  # ~20 ms for the full catalog; decompression is ~3 ms at any level
_VERSIONED = re.compile(rf"^\.?{re.escape(DATASET)}\.v(\d+)\.")
_T = TypeVar("_T")
# What reading a data or metadata file can raise when its content is bad.
_UNREADABLE = (OSError, EOFError, zlib.error, ValueError, RecursionError, CatalogFormatError)


class _Bad(Exception):
    """Internal: the current pair fails an integrity check."""


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _files(directory: Path) -> Iterator[Path]:
    with suppress(FileNotFoundError):
        yield from (p for p in directory.iterdir() if p.is_file())


class ModelsDevCache:
    """The on-disk catalog; safe to share between processes, reads never raise."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        ttl: timedelta = DEFAULT_TTL,
        max_bytes: int = DEFAULT_MAX_BYTES,
        lock_timeout: float = 30.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._directory = directory or Path(platformdirs.user_cache_dir("modelforge")) / "catalog"
        self.ttl, self.max_bytes, self._clock = ttl, max_bytes, clock
        self._lock_timeout = lock_timeout
        self._lock = FileLock(self._directory / f"{DATASET}.lock", timeout=lock_timeout, mode=0o600)
        self.problems: list[CacheProblem] = []

    @property
    def directory(self) -> Path:
        return self._directory

    @property
    def data_path(self) -> Path:
        return self._directory / f"{DATASET}.v{SCHEMA_VERSION}.json.gz"

    @property
    def metadata_path(self) -> Path:
        return self._directory / f"{DATASET}.v{SCHEMA_VERSION}.meta.json"

    @property
    def _quarantine(self) -> Path:
        return self._directory / "quarantine"

    def lock(self) -> BaseFileLock:
        """The cross-process lock (reentrant within a thread); creates the directory 0700."""
        self._ensure_directory()
        return self._lock

    def refresh_lock(self, timeout: float) -> BaseFileLock:
        """A second lock that serialises *fetches*, held for a whole network round trip.

        It is separate from ``lock()`` so that a slow fetch never delays readers, ``store()``
        or ``clear()``: processes that want to refresh at the same moment queue here, and the
        later ones find the cache fresh when their turn comes.
        """
        self._ensure_directory()
        return FileLock(self._directory / f"{DATASET}.refresh.lock", timeout=timeout, mode=0o600)

    def _ensure_directory(self) -> None:
        self._directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = self._directory.stat()
        if st.st_mode & 0o077 and st.st_uid == getattr(os, "getuid", lambda: -1)():
            self._directory.chmod(0o700)

    def read_metadata(self) -> CacheMetadata | None:
        """The current metadata, checked against the data file's size but without reading it."""
        return self._checked(self._read_metadata)

    def freshness(self) -> Freshness:
        return freshness(self.read_metadata(), self._clock(), self.ttl)

    def load(self) -> CachedCatalog | None:
        """The cached catalog after every integrity check, or ``None`` (see ``problems``)."""
        return self._checked(self._load)

    def store(
        self,
        catalog: ParsedCatalog,
        *,
        source_url: str,
        etag: str | None,
        last_modified: str | None,
        fetched_at: datetime | None = None,
    ) -> CacheMetadata:
        """Replace the pair atomically, then clean up. Raises ``CatalogError`` (``ValueError``
        for a naive ``fetched_at``)."""
        if not catalog.providers:
            raise CatalogFormatError("refusing to cache a catalog with no providers")
        text = json.dumps(
            catalog_to_json(catalog.providers), separators=(",", ":"), ensure_ascii=False
        )
        raw = text.encode()
        blob = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
        metadata = CacheMetadata(
            fetched_at=self._utc(fetched_at),
            etag=etag,
            last_modified=last_modified,
            sha256=hashlib.sha256(blob).hexdigest(),
            schema_version=SCHEMA_VERSION,
            source_url=redact_url(source_url),  # user info and query values never stored
            compressed_size=len(blob),
            raw_size=len(raw),
            provider_count=len(catalog.providers),
            model_count=catalog.model_count,
        )
        try:
            with self.lock():
                write_atomically(self.data_path, blob)
                write_atomically(self.metadata_path, json.dumps(metadata.to_json()).encode())
                self._cleanup()
        except OSError as exc:
            raise CatalogError(self._write_failed(exc)) from exc
        return metadata

    def mark_revalidated(
        self,
        *,
        etag: str | None,
        last_modified: str | None,
        fetched_at: datetime | None = None,
    ) -> CacheMetadata | None:
        """After a 304: restamp the metadata (and any new validators); ``None`` if no valid pair."""
        stamp = self._utc(fetched_at)
        try:
            with self.lock():
                pair = self._checked(self._read_pair)
                if pair is None:
                    return None
                old = pair[0]
                new = dataclasses.replace(
                    old,
                    fetched_at=stamp,
                    etag=old.etag if etag is None else etag,
                    last_modified=old.last_modified if last_modified is None else last_modified,
                )
                write_atomically(self.metadata_path, json.dumps(new.to_json()).encode())
                return new
        except OSError as exc:
            raise CatalogError(self._write_failed(exc)) from exc

    def clear(self) -> int:
        """Remove this version's pair, older versions, temp files and the quarantine.

        The lock file stays (removing it would split waiting processes across two inodes), and
        so do a newer install's files.
        """
        if not self._directory.is_dir():
            return 0
        try:
            with self.lock():
                doomed = [p for p in _files(self._directory) if self._version(p) <= SCHEMA_VERSION]
                doomed += _files(self._quarantine)
                for path in doomed:
                    path.unlink(missing_ok=True)
                with suppress(FileNotFoundError):
                    self._quarantine.rmdir()
                return len(doomed)
        except OSError as exc:
            raise CatalogError(self._write_failed(exc)) from exc

    def status(self) -> CacheStatus:
        """A report for ``cache status``; reads the metadata but not the data, never raises."""
        metadata = self.read_metadata()
        now = self._clock()
        total, quarantined = 0, tuple[Path, ...]()
        with suppress(OSError):
            total = self._total_bytes()
            quarantined = tuple(sorted(_files(self._quarantine)))
        return CacheStatus(
            directory=self._directory,
            data_path=self.data_path,
            metadata=metadata,
            freshness=freshness(metadata, now, self.ttl),
            age=None if metadata is None else now - metadata.fetched_at,
            total_bytes=total,
            quarantined=quarantined,
        )

    def _checked(self, check: Callable[[], _T | None]) -> _T | None:
        """Run ``check`` without the lock; if it finds the pair bad, re-run it under the lock
        (a writer may have been between its two renames) and set the pair aside if still bad.
        The wait for the lock is capped: a refresher may hold it across a slow download."""
        try:
            try:
                return check()
            except _Bad:
                pass
            with self.lock().acquire(timeout=min(self._lock_timeout, READ_LOCK_WAIT)):
                try:
                    return check()
                except _Bad as bad:
                    self._set_aside(str(bad))
                    return None
        except OSError as exc:
            self._record(self._directory, f"the cache could not be read: {exc}")
            return None

    def _read_metadata(self) -> CacheMetadata | None:
        raw = _read_or_none(self.metadata_path)
        if raw is None:
            if self.data_path.exists():
                raise _Bad("the data file has no metadata record")
            return None
        try:
            metadata = CacheMetadata.from_json(json.loads(raw))
        except _UNREADABLE as exc:
            raise _Bad(f"the metadata record is unreadable: {exc}") from exc
        if metadata.schema_version != SCHEMA_VERSION:
            raise _Bad(f"the metadata record is for schema version {metadata.schema_version}")
        try:
            size = self.data_path.stat().st_size
        except FileNotFoundError:
            raise _Bad("the metadata record has no data file") from None
        if size != metadata.compressed_size:
            raise _Bad("the data file's size does not match its metadata record")
        return metadata

    def _read_pair(self) -> tuple[CacheMetadata, bytes] | None:
        metadata = self._read_metadata()
        if metadata is None:
            return None
        data = _read_or_none(self.data_path)
        if data is None:
            raise _Bad("the data file vanished")
        if hashlib.sha256(data).hexdigest() != metadata.sha256:
            raise _Bad("the data file does not match its metadata record (sha256)")
        return metadata, data

    def _load(self) -> CachedCatalog | None:
        pair = self._read_pair()
        if pair is None:
            return None
        metadata, data = pair
        try:
            raw = gzip.decompress(data)
            if len(raw) != metadata.raw_size:
                raise _Bad("the data file's decompressed size does not match its metadata")
            catalog = parse_catalog(json.loads(raw))
        except _UNREADABLE as exc:
            raise _Bad(f"the data file is not a readable catalog: {exc}") from exc
        return CachedCatalog(catalog, metadata)

    def _cleanup(self) -> None:
        """Under the lock: drop older versions and orphaned temp files, then trim the quarantine
        (oldest first) while over ``max_bytes``. The current pair and newer versions stay."""
        for path in _files(self._directory):
            version = self._version(path)
            if version < SCHEMA_VERSION or (version == SCHEMA_VERSION and path.suffix == ".tmp"):
                path.unlink(missing_ok=True)
        total = self._total_bytes()
        for path in sorted(_files(self._quarantine), key=lambda p: p.stat().st_mtime):
            if total <= self.max_bytes:
                break
            total -= path.stat().st_size
            path.unlink(missing_ok=True)

    def _total_bytes(self) -> int:
        files = [*_files(self._directory), *_files(self._quarantine)]
        return sum(path.stat().st_size for path in files)

    def _set_aside(self, reason: str) -> None:
        self._quarantine.mkdir(mode=0o700, exist_ok=True)
        stamp = self._clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        for path in (self.data_path, self.metadata_path):
            if not path.exists():
                continue
            target, n = self._quarantine / f"{path.name}.{stamp}", 0
            while target.exists():
                n += 1
                target = self._quarantine / f"{path.name}.{stamp}-{n}"
            try:
                os.replace(path, target)
            except OSError as exc:
                path.unlink(missing_ok=True)
                self._record(path, f"{reason}; could not move it aside ({exc}), so it was deleted")
            else:
                self._record(target, reason)

    def _record(self, path: Path, reason: str) -> None:
        log.warning("catalog cache: %s: %s", path, reason)
        self.problems.append(CacheProblem(path, reason))

    def _utc(self, when: datetime | None) -> datetime:
        when = self._clock() if when is None else when
        if when.tzinfo is None:
            raise ValueError("fetched_at must be time-zone aware")
        return when.astimezone(UTC)

    def _write_failed(self, exc: OSError) -> str:
        return (
            f"could not write the catalog cache in {self._directory} ({exc}); check its "
            "permissions and free space, or run `modelforge cache clear`"
        )

    @staticmethod
    def _version(path: Path) -> int:
        """The schema version in a dataset file's name; other files count as newer (kept)."""
        match = _VERSIONED.match(path.name)
        return int(match.group(1)) if match else SCHEMA_VERSION + 1
