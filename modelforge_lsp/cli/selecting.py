"""What ``config use`` and ``config remove`` share: naming a configured model, and which file.

Both name a model the file already has, in the same words: ``NAME`` (an alias, or
``provider/alias``), ModelForge's own ``--provider P --model ALIAS``, or ``--provider P NAME``;
``model_options`` declares them and ``model_name`` turns them into the one name
``config.files.find_configured_model`` resolves. Both change an existing file, chosen like
``config add`` chooses (``cli.adding.config_target``), so ``file_options`` offers the same
``--local/--global/--file`` and ``--dry-run`` -- worded for a file that must exist, since
neither command creates one -- and ``--json``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from modelforge_lsp.cli.input_checks import scope_flag

__all__ = ["file_options", "model_name", "model_options", "report_dry_run"]

F = TypeVar("F", bound=Callable[..., Any])


def model_options(command: F) -> F:
    """``[NAME]``, ``-p/--provider`` and ``-m/--model`` (the runtime's spelling)."""
    options = [
        click.argument("name", required=False),
        click.option(
            "-p",
            "--provider",
            help="The provider key in the file (ModelForge's --provider); with NAME or --model.",
        ),
        click.option("-m", "--model", help="The model alias (ModelForge's --model); same as NAME."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def file_options(command: F) -> F:
    """``--local/--global/--file``, ``--dry-run`` and ``--json`` for a command that changes an
    existing config."""
    options = [
        scope_flag(
            "local", help="Change the project's config (the nearest .model-forge/config.*)."
        ),
        scope_flag("global", help="Change the user config (~/.config/model-forge/config.*)."),
        click.option(
            "--file",
            "file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Change this config file instead.",
        ),
        click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing."),
        click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def model_name(name: str | None, model: str | None) -> str:
    """The model as one name: ``NAME`` or ``--model``, exactly one of them."""
    if name is not None and model is not None:
        raise click.UsageError("name the model once: as NAME or with --model")
    chosen = name if name is not None else model
    if not chosen:
        raise click.UsageError("name a model: ALIAS, PROVIDER/ALIAS or --provider P --model ALIAS")
    return chosen


def report_dry_run(diff: str | None, path: Path) -> None:
    """A dry run's diff on stdout, and on stderr that nothing was written."""
    if diff:
        click.echo(diff, nl=False)
    click.echo(f"dry run: nothing written to {path}", err=True)
