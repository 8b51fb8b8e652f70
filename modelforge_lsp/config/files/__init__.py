"""Config files on disk: where they live, reading, merging, editing, writing and migrating.

Edits are computed as text (comments and layout kept) and checked against the parse; ``write``
is the one writer (atomic, ``.bak``, refuses a change that adds an error).

The names load on first use: importing one module of this package (the server needs only
``project``) does not import the writers, the migrator and the recommender.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# ``resolve`` names a function and its module: imported at once, the function wins the name
# (a lazy import would leave the package attribute bound to the module).
from modelforge_lsp.config.files.resolve import (
    ConfigSource,
    CurrentModel,
    ResolvedConfig,
    ResolvedModel,
    ResolvedProvider,
    read_sources,
    resolve,
)

if TYPE_CHECKING:
    from modelforge_lsp.config.files.add import (
        AddResult,
        add_model_to_file,
    )
    from modelforge_lsp.config.files.autoconfig import (
        USE_CASES,
        ModelChoice,
        Recommendation,
        UseCase,
        blended_price,
        choose_model,
        recommend,
    )
    from modelforge_lsp.config.files.edit import (
        ConfigEdit,
        ConfigEditError,
        add_model,
        set_current_model,
    )
    from modelforge_lsp.config.files.legacy import (
        LegacyMove,
        free_backup_path,
        legacy_config_file,
        move_legacy_config,
    )
    from modelforge_lsp.config.files.locate import (
        CONFIG_NAMES,
        LOCAL_DIR,
        RUNTIME_NAME,
        ConfigLocation,
        Scope,
        find_global_config,
        find_local_config,
        global_config_dir,
        installed_runtime,
        locate_configs,
        new_config_name,
        runtime_user_file,
        write_target,
    )
    from modelforge_lsp.config.files.migrate import (
        Change,
        MigrationError,
        MigrationResult,
        Note,
        format_path,
        migrate_json,
        new_problems,
    )
    from modelforge_lsp.config.files.project import (
        PROJECT_SETTINGS_NAMES,
        ProjectLookup,
        ProjectSettings,
        ProjectSettingsCache,
        find_project_settings,
        parse_custom_providers,
        parse_project_settings,
        read_project_settings,
    )
    from modelforge_lsp.config.files.read import (
        ConfigReadError,
        read_config_text,
    )
    from modelforge_lsp.config.files.remove import (
        RemoveResult,
        remove_model_from_file,
    )
    from modelforge_lsp.config.files.runtime_view import (
        IgnoredFile,
        ProviderCredentials,
        RuntimeView,
        describe_runtime,
        keep_json_reason,
        runtime_here,
    )
    from modelforge_lsp.config.files.select import (
        ConfiguredModel,
        UseResult,
        configured_models,
        find_configured_model,
        use_model_in_file,
    )
    from modelforge_lsp.config.files.write import (
        WrittenConfig,
        new_errors,
        preview_edit,
        save_edit,
        write_config,
    )

__all__ = [
    "CONFIG_NAMES",
    "LOCAL_DIR",
    "PROJECT_SETTINGS_NAMES",
    "RUNTIME_NAME",
    "USE_CASES",
    "AddResult",
    "Change",
    "ConfigEdit",
    "ConfigEditError",
    "ConfigLocation",
    "ConfigReadError",
    "ConfigSource",
    "ConfiguredModel",
    "CurrentModel",
    "IgnoredFile",
    "LegacyMove",
    "MigrationError",
    "MigrationResult",
    "ModelChoice",
    "Note",
    "ProjectLookup",
    "ProjectSettings",
    "ProjectSettingsCache",
    "ProviderCredentials",
    "Recommendation",
    "RemoveResult",
    "ResolvedConfig",
    "ResolvedModel",
    "ResolvedProvider",
    "RuntimeView",
    "Scope",
    "UseCase",
    "UseResult",
    "WrittenConfig",
    "add_model",
    "add_model_to_file",
    "blended_price",
    "choose_model",
    "configured_models",
    "describe_runtime",
    "find_configured_model",
    "find_global_config",
    "find_local_config",
    "find_project_settings",
    "format_path",
    "free_backup_path",
    "global_config_dir",
    "installed_runtime",
    "keep_json_reason",
    "legacy_config_file",
    "locate_configs",
    "migrate_json",
    "move_legacy_config",
    "new_config_name",
    "new_errors",
    "new_problems",
    "parse_custom_providers",
    "parse_project_settings",
    "preview_edit",
    "read_config_text",
    "read_project_settings",
    "read_sources",
    "recommend",
    "remove_model_from_file",
    "resolve",
    "runtime_here",
    "runtime_user_file",
    "save_edit",
    "set_current_model",
    "use_model_in_file",
    "write_config",
    "write_target",
]

_HOMES = {
    "AddResult": "add",
    "CONFIG_NAMES": "locate",
    "Change": "migrate",
    "ConfigEdit": "edit",
    "ConfigEditError": "edit",
    "ConfigLocation": "locate",
    "ConfigReadError": "read",
    "ConfiguredModel": "select",
    "IgnoredFile": "runtime_view",
    "LOCAL_DIR": "locate",
    "LegacyMove": "legacy",
    "MigrationError": "migrate",
    "MigrationResult": "migrate",
    "ModelChoice": "autoconfig",
    "Note": "migrate",
    "PROJECT_SETTINGS_NAMES": "project",
    "ProjectLookup": "project",
    "ProjectSettings": "project",
    "ProjectSettingsCache": "project",
    "ProviderCredentials": "runtime_view",
    "RUNTIME_NAME": "locate",
    "Recommendation": "autoconfig",
    "RemoveResult": "remove",
    "RuntimeView": "runtime_view",
    "Scope": "locate",
    "USE_CASES": "autoconfig",
    "UseCase": "autoconfig",
    "UseResult": "select",
    "WrittenConfig": "write",
    "add_model": "edit",
    "add_model_to_file": "add",
    "blended_price": "autoconfig",
    "choose_model": "autoconfig",
    "configured_models": "select",
    "describe_runtime": "runtime_view",
    "find_configured_model": "select",
    "find_global_config": "locate",
    "find_local_config": "locate",
    "find_project_settings": "project",
    "format_path": "migrate",
    "free_backup_path": "legacy",
    "global_config_dir": "locate",
    "installed_runtime": "locate",
    "keep_json_reason": "runtime_view",
    "legacy_config_file": "legacy",
    "locate_configs": "locate",
    "migrate_json": "migrate",
    "move_legacy_config": "legacy",
    "new_config_name": "locate",
    "new_errors": "write",
    "new_problems": "migrate",
    "parse_custom_providers": "project",
    "parse_project_settings": "project",
    "preview_edit": "write",
    "read_config_text": "read",
    "read_project_settings": "project",
    "recommend": "autoconfig",
    "remove_model_from_file": "remove",
    "runtime_here": "runtime_view",
    "runtime_user_file": "locate",
    "save_edit": "write",
    "set_current_model": "edit",
    "use_model_in_file": "select",
    "write_config": "write",
    "write_target": "locate",
}


def __getattr__(name: str) -> Any:
    """The module that holds ``name``, imported on first use."""
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
