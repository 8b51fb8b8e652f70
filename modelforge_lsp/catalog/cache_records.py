"""What the disk cache records about its data, and the pure decisions made from it.

``CacheMetadata`` is the record written beside the data file (when it was fetched, its digest,
sizes and counts). ``from_json`` validates every field before anything believes it: a fetch time
out of range once raised ``OverflowError`` in every command, an ETag with a newline or an escape
would reach request headers and terminals, and a ``raw_size`` over the cap would have the reader
inflate gigabytes; the caps (``MAX_RAW_BYTES``, as on fetch) are here so the reader and the
record agree. ``freshness(metadata, now, ttl)`` is the whole freshness policy as a pure
function (hishel's shape: the decision apart from the storage), so TTL tests freeze time instead
of sleeping. ``ModelsDevCache`` in ``cache`` does the I/O.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.errors import CatalogFormatError

__all__ = [
    "DEFAULT_TTL",
    "EARLIEST_FETCH",
    "LATEST_FETCH",
    "MAX_DATA_BYTES",
    "MAX_METADATA_BYTES",
    "MAX_RAW_BYTES",
    "CacheMetadata",
    "CacheProblem",
    "CacheStatus",
    "CachedCatalog",
    "Freshness",
    "freshness",
]

DEFAULT_TTL = timedelta(hours=24)
MAX_RAW_BYTES = 64 * 1024 * 1024
"""The decompressed catalog's cap: the fetch's cap on the decoded body (``ModelsDevClient``), so
nothing the cache wrote can be over it and nothing over it is inflated past it on read."""
MAX_DATA_BYTES = MAX_RAW_BYTES
"""The data file's cap (gzip never grows a catalog)."""
MAX_METADATA_BYTES = 64 * 1024
"""The metadata record's cap: a few hundred bytes when written by ``store``."""
EARLIEST_FETCH = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_FETCH = datetime(3000, 1, 1, tzinfo=UTC)
"""A fetch time outside [EARLIEST_FETCH, LATEST_FETCH) is not one a clock gave: refused, so
every age and comparison made from it stays in range."""
_MAX_COUNT = 10_000_000
_MAX_TEXT = 4096
_JSON_TYPES = {"datetime": (str,), "str": (str,), "str | None": (str, type(None)), "int": (int,)}
_VALIDATOR = re.compile(r"[\x20-\x7e]{1,1024}")
"""ETag and Last-Modified go back to the server as headers and to terminals: printable ASCII."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LIMITS = {
    "compressed_size": (1, MAX_DATA_BYTES),
    "raw_size": (0, MAX_RAW_BYTES),
    "provider_count": (0, _MAX_COUNT),
    "model_count": (0, _MAX_COUNT),
}


def clean_validator(value: str | None) -> str | None:
    """``value`` if it may be stored as an ETag or Last-Modified, else ``None`` (the next fetch
    is then unconditional, which costs one full download and nothing else)."""
    return value if value is not None and _VALIDATOR.fullmatch(value) else None


class Freshness(enum.Enum):
    MISSING = "missing"
    FRESH = "fresh"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class CacheMetadata:
    """What the metadata record says about the data file beside it."""

    fetched_at: datetime
    """Tz-aware UTC: when the server last confirmed the data (a 200 or a 304)."""
    etag: str | None
    last_modified: str | None
    sha256: str
    schema_version: int
    source_url: str
    compressed_size: int
    raw_size: int
    provider_count: int
    model_count: int

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["fetched_at"] = self.fetched_at.isoformat()
        return data

    @classmethod
    def from_json(cls, raw: Any) -> CacheMetadata:
        """Parse a record written by ``to_json``; ``CatalogFormatError`` on any other shape."""
        if not isinstance(raw, dict):
            raise CatalogFormatError("cache metadata is not a JSON object")
        values: dict[str, Any] = {f.name: raw.get(f.name) for f in dataclasses.fields(cls)}
        for spec in dataclasses.fields(cls):
            value = values[spec.name]
            if isinstance(value, bool) or not isinstance(value, _JSON_TYPES[str(spec.type)]):
                raise CatalogFormatError(f"cache metadata field {spec.name!r} is missing or bad")
        for name in ("etag", "last_modified"):
            if values[name] is not None and clean_validator(values[name]) is None:
                raise CatalogFormatError(f"cache metadata {name} is not printable ASCII")
        url = values["source_url"]
        if not url or len(url) > _MAX_TEXT or _CONTROL.search(url):
            raise CatalogFormatError("cache metadata source_url is empty, too long or has controls")
        for name, (low, high) in _LIMITS.items():
            if not low <= values[name] <= high:
                raise CatalogFormatError(f"cache metadata {name} is outside {low}..{high}")
        if not re.fullmatch(r"[0-9a-f]{64}", values["sha256"]):
            raise CatalogFormatError("cache metadata sha256 is not a hex digest")
        return cls(**{**values, "fetched_at": _fetch_time(values["fetched_at"])})


def _fetch_time(text: str) -> datetime:
    """A tz-aware UTC time in [EARLIEST_FETCH, LATEST_FETCH): ``CatalogFormatError`` otherwise
    (``astimezone`` of year 9999 at -14:00 raises ``OverflowError``, which no caller expected)."""
    if len(text) > 64:
        raise CatalogFormatError("cache metadata fetched_at is too long")
    try:
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            raise CatalogFormatError("cache metadata fetched_at has no time zone")
        when = when.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise CatalogFormatError(f"cache metadata has a bad fetched_at: {exc}") from exc
    if not EARLIEST_FETCH <= when < LATEST_FETCH:
        raise CatalogFormatError(f"cache metadata fetched_at {when.isoformat()} is out of range")
    return when


def freshness(metadata: CacheMetadata | None, now: datetime, ttl: timedelta) -> Freshness:
    """FRESH while younger than ``ttl``; a ``fetched_at`` in the future (clock skew) is STALE."""
    if metadata is None:
        return Freshness.MISSING
    age = now - metadata.fetched_at
    return Freshness.FRESH if timedelta(0) <= age < ttl else Freshness.STALE


@dataclass(frozen=True, slots=True)
class CachedCatalog:
    catalog: ParsedCatalog
    metadata: CacheMetadata


@dataclass(frozen=True, slots=True)
class CacheProblem:
    """Something set aside (``path`` is where it now lies) or unreadable, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class CacheStatus:
    directory: Path
    data_path: Path
    metadata: CacheMetadata | None
    freshness: Freshness
    age: timedelta | None
    total_bytes: int
    quarantined: tuple[Path, ...]
    refused: str | None = None
    """Why the directory is not trusted (and what to do), or ``None``: nothing in it was read."""
