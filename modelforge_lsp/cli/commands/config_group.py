"""``modelforge config …``: the group the config subcommands attach to (one module each)."""

from __future__ import annotations

import click


@click.group("config")
def config() -> None:
    """Create, check and migrate ModelForge config files.

    Files (DESIGN §2): the project's .model-forge/config.yaml (found by walking up from the
    current directory) over the user's ~/.config/model-forge/config.yaml.
    """
