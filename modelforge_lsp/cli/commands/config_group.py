"""``modelforge config …``: the group the config subcommands attach to (one module each)."""

from __future__ import annotations

import click

from modelforge_lsp.cli.lazy import LazyGroup

_COMMANDS = "modelforge_lsp.cli.commands"


@click.group(
    "config",
    cls=LazyGroup,
    lazy_commands={
        "add": f"{_COMMANDS}.config_add:add",
        "add-auto": f"{_COMMANDS}.config_add_auto:add_auto",
        "use": f"{_COMMANDS}.config_use:use",
        "remove": f"{_COMMANDS}.config_remove:remove",
        "validate": f"{_COMMANDS}.config_validate:validate",
        "migrate": f"{_COMMANDS}.config_migrate:migrate",
        "show": f"{_COMMANDS}.config_show:show",
    },
)
def config() -> None:
    """Create, choose from, check and migrate ModelForge config files.

    Our commands read the project's .model-forge/config.yaml, .yml or .json (found by walking
    up from the current directory) over the user's ~/.config/model-forge/. ModelForge 2.x
    itself reads one file only: ./.model-forge/config.json, else
    ~/.config/model-forge/config.json (no YAML, no parent directories), so a new file is
    config.json where model-forge-llm is installed or a config.json is in effect.
    `modelforge config show` says which file the runtime reads from here.
    """
