"""Config files on disk: where they live, reading, merging, editing, writing and migrating.

Edits are computed as text (comments and layout kept) and checked against the parse; ``write``
is the one writer (atomic, ``.bak``, refuses a change that adds an error).
"""

from modelforge_lsp.config.files.add import AddResult, add_model_to_file
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
from modelforge_lsp.config.files.locate import (
    CONFIG_NAMES,
    LOCAL_DIR,
    ConfigLocation,
    Scope,
    find_global_config,
    find_local_config,
    global_config_dir,
    locate_configs,
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
    ProjectSettings,
    find_project_settings,
    parse_custom_providers,
    parse_project_settings,
    read_project_settings,
)
from modelforge_lsp.config.files.read import ConfigReadError, read_config_text
from modelforge_lsp.config.files.resolve import (
    ConfigSource,
    CurrentModel,
    ResolvedConfig,
    ResolvedModel,
    ResolvedProvider,
    read_sources,
    resolve,
)
from modelforge_lsp.config.files.write import (
    WrittenConfig,
    new_errors,
    save_edit,
    write_config,
)

__all__ = [
    "CONFIG_NAMES",
    "LOCAL_DIR",
    "PROJECT_SETTINGS_NAMES",
    "USE_CASES",
    "AddResult",
    "Change",
    "ConfigEdit",
    "ConfigEditError",
    "ConfigLocation",
    "ConfigReadError",
    "ConfigSource",
    "CurrentModel",
    "MigrationError",
    "MigrationResult",
    "ModelChoice",
    "Note",
    "ProjectSettings",
    "Recommendation",
    "ResolvedConfig",
    "ResolvedModel",
    "ResolvedProvider",
    "Scope",
    "UseCase",
    "WrittenConfig",
    "add_model",
    "add_model_to_file",
    "blended_price",
    "choose_model",
    "find_global_config",
    "find_local_config",
    "find_project_settings",
    "format_path",
    "global_config_dir",
    "locate_configs",
    "migrate_json",
    "new_errors",
    "new_problems",
    "parse_custom_providers",
    "parse_project_settings",
    "read_config_text",
    "read_project_settings",
    "read_sources",
    "recommend",
    "resolve",
    "save_edit",
    "set_current_model",
    "write_config",
    "write_target",
]
