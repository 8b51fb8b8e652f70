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
* **Trusted only if the user's alone** (``cache_trust``): a directory another user owns or can
  write to is refused before anything in it is read, written or deleted (``refused`` says why
  and what to do); files are opened without following links and judged by what was opened; the
  data is inflated no further than its record declares, itself capped (``MAX_RAW_BYTES``); only
  files with the cache's own names are ever deleted, and a link is removed, never followed.

Whether a copy is still good is decided by the pure ``freshness()`` (hishel's lesson): the
cache stores facts, and the caller's clock and TTL decide.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import os
import re
import stat
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import platformdirs

from modelforge_lsp.atomic import is_stale_temporary, write_atomically
from modelforge_lsp.catalog.binary_cache import BinaryCatalogFile
from modelforge_lsp.catalog.cache_quarantine import Quarantine
from modelforge_lsp.catalog.cache_read import BadPair, PairReader
from modelforge_lsp.catalog.cache_records import (
    DEFAULT_TTL,
    CachedCatalog,
    CacheMetadata,
    CacheProblem,
    CacheStatus,
    Freshness,
    clean_validator,
    freshness,
)
from modelforge_lsp.catalog.cache_trust import (
    Untrusted,
    check_directory,
    entries,
    make_private_directory,
    removable,
    unlink_if_link,
)
from modelforge_lsp.catalog.digests import sha256_hex
from modelforge_lsp.catalog.models import ParsedCatalog, catalog_to_json
from modelforge_lsp.errors import CatalogError, CatalogFormatError, CatalogUnavailable
from modelforge_lsp.urls import redact_url

if TYPE_CHECKING:
    from filelock import BaseFileLock

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
# What parsing a data or metadata file's content can raise when that content is bad.


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
        self._lock: BaseFileLock | None = None
        self.problems: list[CacheProblem] = []
        self.refused: str | None = None
        self._reader = PairReader(self.data_path, self.metadata_path, SCHEMA_VERSION)
        """Why the directory is not trusted, and what to do; ``None`` while it is (or absent)."""

    @property
    def directory(self) -> Path:
        return self._directory

    @property
    def data_path(self) -> Path:
        return self._directory / f"{DATASET}.v{SCHEMA_VERSION}.json.gz"

    @property
    def metadata_path(self) -> Path:
        return self._directory / f"{DATASET}.v{SCHEMA_VERSION}.meta.json"

    def binary_copy(self, kind: Literal["data", "snapshot"]) -> BinaryCatalogFile | None:
        """The binary form (``binary_cache``) of the data file or of the bundled snapshot kept
        here, or ``None`` when the directory does not exist or is not the user's alone."""
        if not self._readable() or not self._directory.is_dir():
            return None
        return BinaryCatalogFile(self._directory / f"{DATASET}.v{SCHEMA_VERSION}.{kind}.bin")

    @property
    def _quarantine(self) -> Quarantine:
        return Quarantine(self._directory / "quarantine", DATASET, self._record)

    def lock(self) -> BaseFileLock:
        """The cross-process lock (reentrant within a thread); creates the directory 0700.
        ``CatalogUnavailable`` if the directory is not the user's alone."""
        self._ensure_directory()
        self._unlink_link(self._directory / f"{DATASET}.lock")
        if self._lock is None:
            from filelock import FileLock  # noqa: PLC0415 -- 30 ms of imports most reads skip

            path = self._directory / f"{DATASET}.lock"
            self._lock = FileLock(path, timeout=self._lock_timeout, mode=0o600)
        return self._lock

    def refresh_lock(self, timeout: float) -> BaseFileLock:
        """A second lock that serialises *fetches*, held for a whole network round trip.

        It is separate from ``lock()`` so that a slow fetch never delays readers, ``store()``
        or ``clear()``: processes that want to refresh at the same moment queue here, and the
        later ones find the cache fresh when their turn comes.
        """
        self._ensure_directory()
        path = self._directory / f"{DATASET}.refresh.lock"
        self._unlink_link(path)
        from filelock import FileLock  # noqa: PLC0415

        return FileLock(path, timeout=timeout, mode=0o600)

    def _ensure_directory(self) -> None:
        """Create the directory 0700, or check the existing one is the user's alone (and drop
        its read bits for others); ``CatalogUnavailable`` with the reason otherwise."""
        try:
            make_private_directory(self._directory)
        except Untrusted as exc:
            self._refuse(str(exc))
            raise CatalogUnavailable(str(exc)) from None

    def _readable(self) -> bool:
        """Whether reads may look inside the directory: it is the user's alone (or absent)."""
        try:
            check_directory(self._directory)
        except Untrusted as exc:
            self._refuse(str(exc))
            return False
        return True

    def _refuse(self, reason: str) -> None:
        if self.refused != reason:
            self.refused = reason
            log.error("catalog cache: %s", reason)

    def _unlink_link(self, path: Path) -> None:
        """A lock file that is a link would have the lock open (and chmod) what it points to."""
        if unlink_if_link(path):
            self._record(path, "was a symbolic link; removed the link")

    def read_metadata(self) -> CacheMetadata | None:
        """The current metadata, checked against the data file's size but without reading it."""
        return self._checked(self._reader.metadata)

    def freshness(self) -> Freshness:
        return freshness(self.read_metadata(), self._clock(), self.ttl)

    def load(self) -> CachedCatalog | None:
        """The cached catalog after every integrity check, or ``None`` (see ``problems``); the
        catalog from the data file's binary form when sound, else the JSON (then written so)."""
        return self._checked(self._load_pair)

    def _load_pair(self) -> CachedCatalog | None:
        pair = self._reader.pair()
        if pair is None:
            return None
        metadata = pair[0]
        source = bytes.fromhex(metadata.sha256)
        copy = BinaryCatalogFile(self._directory / f"{DATASET}.v{SCHEMA_VERSION}.data.bin")
        found = copy.read(source)
        if found is not None:
            return CachedCatalog(found.catalog, metadata)
        cached = self._reader.load()
        if cached is not None and cached.metadata.sha256 == metadata.sha256:
            copy.write(cached.catalog, source)
        return cached

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
        etag, last_modified = clean_validator(etag), clean_validator(last_modified)
        text = json.dumps(
            catalog_to_json(catalog.providers), separators=(",", ":"), ensure_ascii=False
        )
        raw = text.encode()
        blob = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
        metadata = CacheMetadata(
            fetched_at=self._utc(fetched_at),
            etag=etag,
            last_modified=last_modified,
            sha256=sha256_hex(blob),
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
        etag, last_modified = clean_validator(etag), clean_validator(last_modified)
        try:
            with self.lock():
                pair = self._checked(self._reader.pair)
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

        Only names the cache gives are removed, and a link is removed as a link: a planted
        ``quarantine`` link to a home directory costs the link, nothing it points to. The lock
        file stays (removing it would split waiting processes across two inodes), and so do a
        newer install's files and anything else not ours.
        """
        if not self._directory.is_dir():
            return 0
        try:
            with self.lock():
                removed = 0
                for path, st in entries(self._directory):
                    if removable(st) and self._version(path) <= SCHEMA_VERSION:
                        os.unlink(path)
                        removed += 1
                return removed + self._quarantine.clear()
        except OSError as exc:
            raise CatalogError(self._write_failed(exc)) from exc

    def status(self) -> CacheStatus:
        """A report for ``cache status``; reads the metadata but not the data, never raises."""
        metadata = self.read_metadata()
        now = self._clock()
        total, quarantined = 0, tuple[Path, ...]()
        if self.refused is None:
            with suppress(OSError):
                total = self._total_bytes()
                quarantined = tuple(sorted(path for path, _ in self._quarantine.files()))
        return CacheStatus(
            directory=self._directory,
            data_path=self.data_path,
            metadata=metadata,
            freshness=freshness(metadata, now, self.ttl),
            age=None if metadata is None else now - metadata.fetched_at,
            total_bytes=total,
            quarantined=quarantined,
            refused=self.refused,
        )

    def _checked(self, check: Callable[[], _T | None]) -> _T | None:
        """Run ``check`` without the lock; if it finds the pair bad, re-run it under the lock
        (a writer may have been between its two renames) and set the pair aside if still bad.
        The wait for the lock is capped: a refresher may hold it across a slow download.
        Nothing is read from a directory that is not the user's alone."""
        if not self._readable():
            return None
        try:
            try:
                return check()
            except BadPair:
                pass
            with self.lock().acquire(timeout=min(self._lock_timeout, READ_LOCK_WAIT)):
                try:
                    return check()
                except BadPair as bad:
                    self._set_aside(str(bad))
                    return None
        except (OSError, CatalogError) as exc:
            self._record(self._directory, f"the cache could not be read: {exc}")
            return None

    def _cleanup(self) -> None:
        """Under the lock: drop older versions and orphaned temp files (never a writer's at work,
        ``atomic.is_stale_temporary``: a reader writing the binary form holds no lock), then
        trim the quarantine (oldest first) while over ``max_bytes``."""
        now = self._clock().timestamp()
        for path, st in entries(self._directory):
            if path.suffix == ".tmp":
                gone = self._version(path) <= SCHEMA_VERSION and is_stale_temporary(path, st, now)
            else:
                gone = self._version(path) < SCHEMA_VERSION and removable(st)
            if gone:
                with suppress(FileNotFoundError):  # renamed or removed meanwhile: gone anyway
                    os.unlink(path)
        self._quarantine.trim(self._total_bytes(), self.max_bytes)

    def _total_bytes(self) -> int:
        files = [entry for _, entry in entries(self._directory) if stat.S_ISREG(entry.st_mode)]
        return sum(entry.st_size for entry in files) + self._quarantine.size()

    def _set_aside(self, reason: str) -> None:
        stamp = self._clock().astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self._quarantine.set_aside((self.data_path, self.metadata_path), stamp, reason)

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
