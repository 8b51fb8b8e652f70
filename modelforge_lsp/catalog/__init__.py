"""The models.dev catalog: fetch, cache, bundled snapshot, and the in-memory index.

Most callers need one line::

    from modelforge_lsp.catalog import load_catalog
    catalog = load_catalog()                       # at once, from disk; refreshes in background
    catalog.model("openai", "gpt-4o-mini").cost.input
    catalog.search("claude sonet 4.5", provider="anthropic")[0].id

This package knows models.dev and nothing of editors or config files (DESIGN §3).

Every name below is imported on first use (PEP 562 ``__getattr__``), not with the package: a
short CLI command pays Python's import time for what it loads, and most of these modules
(diffs, status reports, pricing, the HTTP client) a given command never touches, and the
server's start (``server/code_cache.py`` reads its file under ``cache_trust``'s rules before it
compiles anything) loads none of them. ``lookup`` lives in ``lookups``: a module of its own name
would be bound here in its place by the import system.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelforge_lsp.catalog.cache import (
        CacheMetadata,
        CacheStatus,
        Freshness,
        ModelsDevCache,
    )
    from modelforge_lsp.catalog.client import FetchResult, ModelsDevClient
    from modelforge_lsp.catalog.diff import CatalogDiff, diff_catalogs
    from modelforge_lsp.catalog.index import (
        Capability,
        Catalog,
        CatalogStats,
        ModelFilter,
        SortOrder,
        has_capability,
    )
    from modelforge_lsp.catalog.lookups import lookup, suggest_models, suggest_providers
    from modelforge_lsp.catalog.models import (
        Cost,
        Limits,
        ModelInfo,
        ProviderInfo,
        Status,
        catalog_to_json,
        normalize_provider_id,
        parse_catalog,
    )
    from modelforge_lsp.catalog.presentation import (
        CAPABILITY_LABELS,
        STATUS_NOTES,
        capabilities_of,
        status_note,
    )
    from modelforge_lsp.catalog.pricing import WorkloadCost, workload_cost
    from modelforge_lsp.catalog.provenance import Provenance, format_age
    from modelforge_lsp.catalog.settings import DEFAULT_CATALOG_URL, CatalogSettings
    from modelforge_lsp.catalog.snapshot import load_snapshot
    from modelforge_lsp.catalog.source import CatalogSource, RefreshOutcome, load_catalog
    from modelforge_lsp.catalog.status import (
        CatalogStatus,
        CatalogUsage,
        ServedCatalog,
        SourceStatus,
        catalog_status,
    )

__all__ = [
    "CAPABILITY_LABELS",
    "DEFAULT_CATALOG_URL",
    "STATUS_NOTES",
    "CacheMetadata",
    "CacheStatus",
    "Capability",
    "Catalog",
    "CatalogDiff",
    "CatalogSettings",
    "CatalogSource",
    "CatalogStats",
    "CatalogStatus",
    "CatalogUsage",
    "Cost",
    "FetchResult",
    "Freshness",
    "Limits",
    "ModelFilter",
    "ModelInfo",
    "ModelsDevCache",
    "ModelsDevClient",
    "Provenance",
    "ProviderInfo",
    "RefreshOutcome",
    "ServedCatalog",
    "SortOrder",
    "SourceStatus",
    "Status",
    "WorkloadCost",
    "capabilities_of",
    "catalog_status",
    "catalog_to_json",
    "diff_catalogs",
    "format_age",
    "has_capability",
    "load_catalog",
    "load_snapshot",
    "lookup",
    "normalize_provider_id",
    "parse_catalog",
    "status_note",
    "suggest_models",
    "suggest_providers",
    "workload_cost",
]

_HOMES = {
    "CacheMetadata": "cache",
    "CacheStatus": "cache",
    "Freshness": "cache",
    "ModelsDevCache": "cache",
    "CatalogDiff": "diff",
    "diff_catalogs": "diff",
    "Capability": "index",
    "Catalog": "index",
    "CatalogStats": "index",
    "ModelFilter": "index",
    "SortOrder": "index",
    "has_capability": "index",
    "lookup": "lookups",
    "suggest_models": "lookups",
    "suggest_providers": "lookups",
    "Cost": "models",
    "Limits": "models",
    "ModelInfo": "models",
    "ProviderInfo": "models",
    "Status": "models",
    "catalog_to_json": "models",
    "normalize_provider_id": "models",
    "parse_catalog": "models",
    "CAPABILITY_LABELS": "presentation",
    "STATUS_NOTES": "presentation",
    "capabilities_of": "presentation",
    "status_note": "presentation",
    "WorkloadCost": "pricing",
    "workload_cost": "pricing",
    "Provenance": "provenance",
    "format_age": "provenance",
    "DEFAULT_CATALOG_URL": "settings",
    "CatalogSettings": "settings",
    "load_snapshot": "snapshot",
    "CatalogSource": "source",
    "RefreshOutcome": "source",
    "load_catalog": "source",
    "CatalogStatus": "status",
    "CatalogUsage": "status",
    "ServedCatalog": "status",
    "SourceStatus": "status",
    "catalog_status": "status",
    "FetchResult": "client",
    "ModelsDevClient": "client",
}
"""Each lazily exported name -> the module of this package that defines it."""


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` and keep the name here for next time."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
