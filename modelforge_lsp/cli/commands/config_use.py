"""``modelforge config use``: choose the model ModelForge uses when none is named.

The model is found among those the file configures (``config.files.use_model_in_file``: by
alias, model id or ``provider/alias``) and ``current_model`` is pointed at it, comments and
layout kept, atomically with a ``.bak``. Naming and file options are ``cli.selecting``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from modelforge_lsp.cli.adding import config_target
from modelforge_lsp.cli.selecting import file_options, model_name, model_options, report_dry_run
from modelforge_lsp.config.files import Scope, UseResult, use_model_in_file

__all__ = ["use"]


@click.command("use")
@model_options
@file_options
def use(
    name: str | None,
    provider: str | None,
    model: str | None,
    scope: Scope | None,
    file: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Make a configured model the current_model (what ModelForge uses by default).

    NAME is a model alias of the file, the model id an alias stands for (its api_model_name),
    or PROVIDER/ALIAS; ModelForge's --provider P --model ALIAS works too. An alias two
    providers share must be given with its provider. Without --local/--global/--file it
    changes the config in effect: the nearest .model-forge/config.*, else the user config.

    \b
    Examples:
      modelforge config use sonnet
      modelforge config use claude-sonnet-4-5
      modelforge config use openai/gpt-4o-mini --local
      modelforge config use --provider openai --model gpt-4o-mini --dry-run
    """
    result = use_model_in_file(
        config_target(scope, file),
        model_name(name, model),
        None,  # the model is already in the file: no catalog lookup, no network
        provider=provider,
        dry_run=dry_run,
    )
    if as_json:
        click.echo(json.dumps(used_json(result), indent=2))
    elif result.dry_run and result.changed:
        report_dry_run(result.diff, result.path)
    elif not result.changed:
        click.echo(f"{result.summary[0]} in {result.path}; nothing to do")
    else:
        click.echo(f"Updated {result.path}: " + "; ".join(result.summary) + _model_note(result))
        if result.previous is not None:
            click.echo(f"  it was {'/'.join(result.previous)}")
        if result.backup is not None:
            click.echo(f"  backup of the previous version: {result.backup}")


def used_json(result: UseResult) -> dict[str, Any]:
    """The ``--json`` record of ``config use``; ``diff`` only for a dry run that changes."""
    previous = result.previous
    record: dict[str, Any] = {
        "path": str(result.path),
        "provider": result.provider,
        "alias": result.alias,
        "model": result.model,
        "changed": result.changed,
        "previous": None if previous is None else {"provider": previous[0], "model": previous[1]},
        "backup": None if result.backup is None else str(result.backup),
        "dry_run": result.dry_run,
        "summary": list(result.summary),
    }
    if result.diff is not None:
        record["diff"] = result.diff
    return record


def _model_note(result: UseResult) -> str:
    """`` (model claude-sonnet-4-5)`` when the alias stands for another id."""
    return "" if result.model == result.alias else f" (model {result.model})"
