"""``catalog_status``: the one set of status facts the server's command and the CLI render."""

from __future__ import annotations

from pathlib import Path

from modelforge_lsp.catalog import (
    Catalog,
    CatalogSettings,
    CatalogSource,
    CatalogStats,
    Freshness,
    Provenance,
    catalog_status,
)
from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.catalog.status import DIGITS
from modelforge_lsp.errors import CatalogNetworkError


def test_nothing_loaded_yet() -> None:
    status = catalog_status(None, None)
    assert (status.catalog, status.source) == (None, None)


def test_figures_are_rounded_once(small_parsed: ParsedCatalog) -> None:
    stats = CatalogStats(lookups=5, lookup_misses=1, searches=3, search_cache_hits=1)
    stats.search_seconds = 0.123456789
    catalog = Catalog(small_parsed.providers, Provenance("snapshot"), stats)
    served = catalog_status(catalog, None).catalog
    assert served is not None
    assert (served.origin, served.providers, served.models) == ("snapshot", 6, 24)
    assert served.description == "bundled snapshot"
    usage = served.usage
    assert (usage.lookups, usage.lookup_misses) == (5, 1)
    assert (usage.searches, usage.search_cache_hits) == (3, 1)
    assert (usage.search_hit_rate, usage.search_seconds) == (0.3333, 0.1235)
    assert DIGITS == 4


def test_the_source_side(tmp_path: Path, small_parsed: ParsedCatalog) -> None:
    settings = CatalogSettings(cache_dir=tmp_path / "cache", offline=True)
    source = CatalogSource(settings)
    source.load_seconds = 0.0123456
    source.last_error = CatalogNetworkError("offline")
    status = catalog_status(Catalog(small_parsed.providers), source)
    assert status.source is not None
    assert status.source.settings is settings
    assert status.source.cache.freshness is Freshness.MISSING
    assert status.source.cache.directory == tmp_path / "cache"
    assert status.source.load_seconds == 0.0123
    assert status.source.last_refresh_error == "offline"
