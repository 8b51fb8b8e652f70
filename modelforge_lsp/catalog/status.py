"""``CatalogStatus``: where the catalog comes from, how fresh its cache is and how it was used.

The editor's ``modelforge.catalogStatus`` command and ``modelforge cache status`` answer the
same question. Both render one ``CatalogStatus``, built by ``catalog_status`` from the same
catalog, source and cache, with figures rounded once here; the fronts choose only the spelling
of the keys (camelCase on the LSP wire, snake_case in the CLI's JSON) and the layout.

``catalog_status`` reads the cache's metadata from disk: call it off an event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from modelforge_lsp.catalog.cache import CacheStatus
from modelforge_lsp.catalog.index import Catalog
from modelforge_lsp.catalog.provenance import Origin
from modelforge_lsp.catalog.settings import CatalogSettings
from modelforge_lsp.catalog.source import CatalogSource

__all__ = [
    "DIGITS",
    "CatalogStatus",
    "CatalogUsage",
    "ServedCatalog",
    "SourceStatus",
    "catalog_status",
]

DIGITS = 4
"""Rates and seconds are rounded to this many places, for every front alike."""


@dataclass(frozen=True, slots=True)
class CatalogUsage:
    """How this process has used the catalog's index so far (``CatalogStats``, rounded)."""

    lookups: int
    lookup_misses: int
    searches: int
    search_cache_hits: int
    search_hit_rate: float
    search_seconds: float


@dataclass(frozen=True, slots=True)
class ServedCatalog:
    """The catalog being served: its origin, age and size, and how it has been used."""

    origin: Origin
    description: str
    """``Provenance.describe()``: one line such as ``disk cache, 3 hours old``."""
    age: timedelta | None
    stale: bool
    offline: bool
    providers: int
    models: int
    usage: CatalogUsage

    @classmethod
    def of(cls, catalog: Catalog) -> ServedCatalog:
        """Reads only memory: cheap enough for an event loop."""
        provenance, stats = catalog.provenance, catalog.stats
        return cls(
            origin=provenance.origin,
            description=provenance.describe(),
            age=provenance.age(),
            stale=provenance.stale,
            offline=provenance.offline,
            providers=len(catalog.providers),
            models=catalog.model_count,
            usage=CatalogUsage(
                lookups=stats.lookups,
                lookup_misses=stats.lookup_misses,
                searches=stats.searches,
                search_cache_hits=stats.search_cache_hits,
                search_hit_rate=round(stats.search_hit_rate, DIGITS),
                search_seconds=round(stats.search_seconds, DIGITS),
            ),
        )


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """Where the catalog is read and refreshed from: settings, disk cache, last outcomes."""

    settings: CatalogSettings
    cache: CacheStatus
    load_seconds: float
    last_refresh_error: str | None


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """Everything both status reports show. A part is ``None`` only when its input was: a
    server not initialised yet has neither a catalog nor a source."""

    catalog: ServedCatalog | None
    source: SourceStatus | None


def catalog_status(catalog: Catalog | None, source: CatalogSource | None) -> CatalogStatus:
    """The status of ``catalog`` as served from ``source``; reads the cache's metadata."""
    served = None if catalog is None else ServedCatalog.of(catalog)
    if source is None:
        return CatalogStatus(served, None)
    error = source.last_error
    return CatalogStatus(
        served,
        SourceStatus(
            settings=source.settings,
            cache=source.cache.status(),
            load_seconds=round(source.load_seconds, DIGITS),
            last_refresh_error=None if error is None else str(error),
        ),
    )
