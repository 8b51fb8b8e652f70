"""Pin the public API: a name leaving ``__all__`` is a breaking change and must be deliberate."""

from __future__ import annotations

import importlib

import pytest

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


PINNED = {
    "modelforge_lsp.config": [
        "CODES", "CheckSettings", "ConfigDocument", "Finding", "Severity", "check",
        "complete", "cursor_context", "describe_at", "document_symbols",
        "locate_configs", "parse_document", "read_sources", "resolve"
    ],
    "modelforge_lsp.config.language": [
        "AUTH_DATA_FIELDS", "AUTH_DETAILS_FIELDS", "AUTH_STRATEGIES", "CREDENTIAL_LLM_TYPES",
        "EndpointSource", "KeySpec", "LLM_TYPES", "LOCAL_LLM_TYPES", "OPENAI_ENDPOINT", "ROOT",
        "RuntimeProvider", "ValueType", "catalog_checked", "credential_variable",
        "curated_providers", "find_provider_key", "find_same_provider", "guess_llm_type",
        "model_identity", "needs_credentials", "provider_identity", "provider_template",
        "runtime_key", "runtime_provider", "runtime_provider_of", "same_provider",
        "sends_alias", "spec_at"
    ],
    "modelforge_lsp.config.syntax": [
        "ConfigDocument", "ConfiguredNames", "CursorContext", "CursorRole",
        "DEFAULT_MAX_BYTES", "DuplicateKey", "Entry", "LINE_BREAK", "NODE_PROPERTIES",
        "Position", "ScalarStyle", "Span", "SyntaxIssue", "Value", "ValueKind",
        "alias_identity", "catalog_checked_provider", "configured_names",
        "cursor_context", "field", "provider_entry", "model_entries", "parse_document",
        "provider_entries", "string_of", "to_python"
    ],
    "modelforge_lsp.config.checks": [
        "CODES", "CheckSettings", "Code", "DOCS_URL", "Finding", "Fix", "PROJECT_URL",
        "RelatedInfo", "SEVERITY_NAMES", "Severity", "SeverityName", "Tag", "TextEdit",
        "check", "docs_url", "parse_severity_names", "severity_overrides",
        "unknown_code_message"
    ],
    "modelforge_lsp.config.assist": [
        "Candidate", "CandidateKind", "CompletionResult", "EnumValueTarget",
        "KeyTarget", "Link", "ModelHint", "ModelTarget", "ProviderBlock",
        "ProviderTarget", "RenameRejected", "Symbol", "SymbolKind", "Target",
        "complete", "definition_at", "describe_at", "document_symbols", "links",
        "model_hints", "prepare_rename", "rename_at"
    ],
    "modelforge_lsp.config.files": [
        "AddResult", "CONFIG_NAMES", "Change", "ConfigEdit", "ConfigEditError",
        "ConfigLocation", "ConfigReadError", "ConfigSource", "ConfiguredModel", "CurrentModel",
        "LOCAL_DIR", "MigrationError", "MigrationResult", "ModelChoice", "Note",
        "PROJECT_SETTINGS_NAMES", "ProjectLookup", "ProjectSettings", "ProjectSettingsCache",
        "Recommendation", "RemoveResult", "ResolvedConfig",
        "ResolvedModel", "ResolvedProvider", "Scope", "USE_CASES", "UseCase", "UseResult",
        "WrittenConfig", "add_model", "add_model_to_file", "blended_price",
        "choose_model", "configured_models", "find_configured_model", "find_global_config",
        "find_local_config",
        "find_project_settings", "format_path", "global_config_dir", "locate_configs",
        "migrate_json", "new_errors", "new_problems", "parse_custom_providers",
        "parse_project_settings", "preview_edit", "read_config_text", "read_project_settings",
        "read_sources", "recommend", "remove_model_from_file", "resolve", "save_edit",
        "set_current_model", "use_model_in_file", "write_config", "write_target",
        "IgnoredFile", "LegacyMove", "ProviderCredentials", "RUNTIME_NAME", "RuntimeView",
        "describe_runtime", "free_backup_path", "installed_runtime", "keep_json_reason",
        "legacy_config_file", "move_legacy_config", "new_config_name", "runtime_here",
        "runtime_user_file"
    ],
    "modelforge_lsp.server": [
        "ModelForgeServer", "ServerSettings", "create_server", "main"
    ],
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(PINNED))
def test_package_exports(module: str) -> None:
    package = importlib.import_module(module)
    assert sorted(package.__all__) == sorted(PINNED[module])
    for name in package.__all__:
        assert getattr(package, name) is not None, name
