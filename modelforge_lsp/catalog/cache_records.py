"""What the disk cache records about its data, and the pure decisions made from it.

``CacheMetadata`` is the record written beside the data file (when it was fetched, its digest,
sizes and counts); ``freshness(metadata, now, ttl)`` is the whole freshness policy as a pure
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
    "CacheMetadata",
    "CacheProblem",
    "CacheStatus",
    "CachedCatalog",
    "Freshness",
    "freshness",
]

DEFAULT_TTL = timedelta(hours=24)
_JSON_TYPES = {"datetime": (str,), "str": (str,), "str | None": (str, type(None)), "int": (int,)}


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
        try:
            fetched_at = datetime.fromisoformat(values["fetched_at"])
        except ValueError as exc:
            raise CatalogFormatError(f"cache metadata has a bad fetched_at: {exc}") from exc
        if fetched_at.tzinfo is None:
            raise CatalogFormatError("cache metadata fetched_at has no time zone")
        if not re.fullmatch(r"[0-9a-f]{64}", values["sha256"]):
            raise CatalogFormatError("cache metadata sha256 is not a hex digest")
        return cls(**{**values, "fetched_at": fetched_at.astimezone(UTC)})


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
