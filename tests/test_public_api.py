"""Pin the public API: a name leaving ``__all__`` is a breaking change and must be deliberate."""

from __future__ import annotations

import modelforge_lsp.catalog as catalog
import modelforge_lsp.errors as errors


def test_catalog_exports() -> None:
    assert sorted(catalog.__all__) == sorted(
        [
            "DEFAULT_CATALOG_URL", "CacheMetadata", "CacheStatus", "Capability", "Catalog",
            "CatalogDiff", "CatalogSettings", "CatalogSource", "CatalogStats", "Cost",
            "FetchResult", "Freshness", "Limits", "ModelFilter", "ModelInfo", "ModelsDevCache",
            "ModelsDevClient", "Provenance", "ProviderInfo", "RefreshOutcome", "SortOrder",
            "Status", "WorkloadCost", "catalog_to_json", "diff_catalogs", "format_age",
            "has_capability",
            "load_catalog", "load_snapshot", "normalize_provider_id", "parse_catalog",
            "lookup", "suggest_models", "suggest_providers",
            "workload_cost",
            "CAPABILITY_LABELS", "STATUS_NOTES", "CatalogStatus", "CatalogUsage",
            "ServedCatalog", "SourceStatus", "capabilities_of", "catalog_status",
            "status_note",
        ]
    )  # fmt: skip
    for name in catalog.__all__:
        assert hasattr(catalog, name), name


def test_one_exception_tree() -> None:
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.ModelForgeError), name
    assert issubclass(errors.CatalogRateLimited, errors.CatalogNetworkError)
    assert issubclass(errors.CatalogTooLarge, errors.CatalogFormatError)
