"""``modelforge config remove``: take a model out of a config, as ModelForge's own command does.

``config.files.remove_model_from_file`` removes the alias, the provider block with its last
model, ``current_model`` when it named the model, and the provider's stored credentials unless
``--keep-credentials``; this command says which of those happened. Naming and file options are
``cli.selecting``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from modelforge_lsp.cli.adding import config_target
from modelforge_lsp.cli.selecting import file_options, model_name, model_options, report_dry_run
from modelforge_lsp.config.files import RemoveResult, Scope, remove_model_from_file

__all__ = ["remove"]


@click.command("remove")
@model_options
@click.option(
    "--keep-credentials",
    is_flag=True,
    help="Keep the provider's stored credentials (auth_data) while it has other models.",
)
@file_options
def remove(
    name: str | None,
    provider: str | None,
    model: str | None,
    keep_credentials: bool,
    scope: Scope | None,
    file: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Remove a model from a config file, with what only it needed.

    NAME is PROVIDER/ALIAS, or an alias only one provider has; ModelForge's --provider P
    --model ALIAS works too. The provider goes with its last model (and its stored
    credentials with it); current_model is cleared when it named the model; the provider's
    stored credentials (auth_data) are removed unless --keep-credentials. The previous version
    is kept as <file>.bak. Without --local/--global/--file it changes the config in effect.

    \b
    Examples:
      modelforge config remove openai/gpt-4o
      modelforge config remove --provider openai --model gpt-4o --keep-credentials
      modelforge config remove anthropic/sonnet --local --dry-run
    """
    result = remove_model_from_file(
        config_target(scope, file),
        model_name(name, model),
        None,  # a removal needs no catalog: no lookup, no network
        provider=provider,
        keep_credentials=keep_credentials,
        dry_run=dry_run,
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(removed_json(result), indent=2))
        return
    if result.dry_run:
        report_dry_run(result.diff, result.path)
        return
    click.echo(f"Updated {result.path}: " + "; ".join(result.summary))
    if result.cleared_current:
        click.echo("  no current_model now: choose one with `modelforge config use`")
    if result.kept_credentials:
        click.echo(f"  kept the stored credentials of '{result.provider}' (--keep-credentials)")
    if result.backup is not None:
        click.echo(f"  backup of the previous version: {result.backup}")


def removed_json(result: RemoveResult) -> dict[str, Any]:
    """The ``--json`` record of ``config remove``; ``diff`` only for a dry run."""
    record: dict[str, Any] = {
        "path": str(result.path),
        "provider": result.provider,
        "alias": result.alias,
        "model": result.model,
        "removed_provider": result.removed_provider,
        "cleared_current": result.cleared_current,
        "removed_credentials": result.removed_credentials,
        "kept_credentials": result.kept_credentials,
        "backup": None if result.backup is None else str(result.backup),
        "dry_run": result.dry_run,
        "summary": list(result.summary),
        "warnings": list(result.warnings),
    }
    if result.diff is not None:
        record["diff"] = result.diff
    return record
