"""What ``config add``, ``config add-auto`` and ``discover`` share once a model is chosen.

The add itself is ``config.files.add_model_to_file`` (read, edit, check, write); this module is
its command-line side, shared so the three commands take the same options and report in the
same words and the same JSON: where to write (``target_options``, ``config_target``), the
``--json`` record of an ``AddResult`` (``added_json``; field names documented in docs/cli.md)
and the lines a person reads (``report_added``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.cli.input_checks import not_empty, scope_flag
from modelforge_lsp.config.files import (
    AddResult,
    ModelChoice,
    Scope,
    find_local_config,
    write_target,
)
from modelforge_lsp.config.language import RuntimeProvider, credential_variable

__all__ = ["added_json", "alias_option", "config_target", "report_added", "target_options"]

F = TypeVar("F", bound=Callable[..., Any])


alias_option = click.option(
    "-a", "--alias", callback=not_empty, help="Name to use in the config (default: the model id)."
)
"""``-a/--alias`` of every command that adds a model."""


def target_options(command: F) -> F:
    """``--local/--global/--file``, ``--set-current`` and ``--dry-run`` for a command that adds."""
    options = [
        scope_flag(
            "local",
            help="Write the project's .model-forge/config file (created in the current "
            "directory if there is none: config.json where ModelForge 2.x reads it).",
        ),
        scope_flag("global", help="Write the user config in ~/.config/model-forge/."),
        click.option(
            "--file",
            "file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write this config file instead.",
        ),
        click.option("--set-current", is_flag=True, help="Also make it the current_model."),
        click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def config_target(scope: Scope | None, file: Path | None) -> Path:
    """The file to change: ``--file``; else the scope's file; else the config in effect (the
    nearest project config, falling back to the user config)."""
    if file is not None:
        if scope is not None:
            raise click.UsageError("--file cannot be combined with --local or --global")
        return file
    if scope is None:
        return find_local_config() or write_target("global")
    return write_target(scope)


def added_json(result: AddResult) -> dict[str, Any]:
    """The ``--json`` record of an add; ``diff`` only for a dry run that changes something."""
    record: dict[str, Any] = {
        "path": str(result.path),
        "provider": result.provider,
        "alias": result.alias,
        "model": result.model,
        "changed": result.changed,
        "added_provider": result.added_provider,
        "set_current": result.set_current,
        "created": result.created,
        "backup": None if result.backup is None else str(result.backup),
        "dry_run": result.dry_run,
        "summary": list(result.summary),
    }
    if result.diff is not None:
        record["diff"] = result.diff
    return record


def report_added(choice: ModelChoice, result: AddResult) -> None:
    """What was written and where, the model's figures, and what the user must still do."""
    if result.dry_run and result.diff:
        click.echo(result.diff, nl=False)
        click.echo(f"dry run: nothing written to {result.path}", err=True)
        return
    if not result.changed:
        click.echo(f"{result.summary[0]} in {result.path}; nothing to do")
        return
    verb = "Created" if result.created else "Updated"
    click.echo(f"{verb} {result.path}: " + "; ".join(result.summary))
    if result.backup is not None:
        click.echo(f"  backup of the previous version: {result.backup}")
    if choice.model is not None:
        click.echo(f"  {choice.provider_key}/{choice.model_id}: {price_summary(choice.model)}")
    if result.added_provider:
        for line in _provider_advice(choice.template, result.provider):
            click.echo(f"  {line}")


def _provider_advice(template: RuntimeProvider, key: str) -> list[str]:
    """What a new provider block still needs from the user before the runtime can use it."""
    advice = []
    variable = credential_variable(key, template.auth_strategy)
    if template.auth_strategy == "device_flow":
        advice.append(f"sign in: `modelforge auth login --provider {key}`, or set {variable}")
    elif template.auth_strategy is not None:
        advice.append(f"API key: set {variable} in the environment (not in the file)")
    if template.llm_type == "openai_compatible" and not template.base_url:
        advice.append(
            f"endpoint: add base_url under providers.{key} "
            "(without it ModelForge calls OpenAI's API)"
        )
    return advice
