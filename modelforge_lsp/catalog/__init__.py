"""The models.dev catalog: fetch, cache, bundled snapshot, and the in-memory index.

Most callers need one line::

    from modelforge_lsp.catalog import load_catalog
    catalog = load_catalog()                       # at once, from disk; refreshes in background
    catalog.model("openai", "gpt-4o-mini").cost.input
    catalog.search("claude sonet 4.5", provider="anthropic")[0].id

This package knows models.dev and nothing of editors or config files (DESIGN §3).
"""

from typing import TYPE_CHECKING, Any

from modelforge_lsp.catalog.cache import (
    CacheMetadata,
    CacheStatus,
    Freshness,
    ModelsDevCache,
)
from modelforge_lsp.catalog.diff import CatalogDiff, diff_catalogs
from modelforge_lsp.catalog.index import (
    Capability,
    Catalog,
    CatalogStats,
    ModelFilter,
    SortOrder,
    has_capability,
)
from modelforge_lsp.catalog.lookup import lookup, suggest_models, suggest_providers
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

if TYPE_CHECKING:
    from modelforge_lsp.catalog.client import FetchResult, ModelsDevClient

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


def __getattr__(name: str) -> Any:
    """The HTTP client loads on first use: httpx is a large import that reading never needs."""
    if name in {"FetchResult", "ModelsDevClient"}:
        from modelforge_lsp.catalog import client  # noqa: PLC0415

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
