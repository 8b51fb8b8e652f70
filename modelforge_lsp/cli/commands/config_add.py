"""``modelforge config add``: one model into a config file, checked against the catalog.

The steps after "which model" are shared with ``config add-auto`` and ``discover``: where to
write (``target_options``, ``config_target``) and the add itself (``add_to_config``), which goes
through ``config.files.edit`` -- the one writer -- and reports what it did in the same words and the
same JSON for all three commands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.render import fail
from modelforge_lsp.config.files import (
    ConfigEditError,
    ModelChoice,
    ModelChoiceError,
    Scope,
    add_model,
    choose_model,
    find_local_config,
    new_errors,
    save_edit,
    set_current_model,
    write_target,
)

__all__ = ["add", "add_to_config", "config_target", "report_added", "target_options"]

F = TypeVar("F", bound=Callable[..., Any])


def target_options(command: F) -> F:
    """``--local/--global/--file``, ``--set-current`` and ``--dry-run`` for a command that adds."""
    options = [
        click.option(
            "--local",
            "scope",
            flag_value="local",
            help="Write the project's .model-forge/config.yaml (created in the current "
            "directory if there is none).",
        ),
        click.option(
            "--global",
            "scope",
            flag_value="global",
            help="Write the user config (~/.config/model-forge/config.yaml).",
        ),
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


def _read(path: Path) -> str:
    if not path.exists():
        return ""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigEditError(f"cannot read {path}: {error}") from error


def add_to_config(
    app: AppContext,
    choice: ModelChoice,
    *,
    alias: str | None,
    target: Path,
    set_current: bool,
    dry_run: bool,
) -> dict[str, Any]:
    """Add ``choice`` to ``target`` through the one writer; the result as JSON-ready data.

    Raises ``ConfigEditError`` (exit 1 with its message) when the file cannot be changed safely.
    """
    alias = alias or choice.model_id
    as_json = target.suffix.lower() == ".json"
    before = _read(target)
    edit = add_model(
        before,
        choice.provider_key,
        alias,
        template=choice.template,
        api_model_name=None if alias == choice.model_id else choice.model_id,
        as_json=as_json,
    )
    if set_current:
        edit = edit.followed_by(
            set_current_model(edit.text, edit.provider_key, alias, as_json=as_json)
        )
    result: dict[str, Any] = {
        "path": str(target),
        "provider": edit.provider_key,
        "alias": alias,
        "model": choice.model_id,
        "changed": edit.changed,
        "added_provider": edit.added_provider,
        "set_current": set_current,
        "created": False,
        "backup": None,
        "dry_run": dry_run,
        "summary": list(edit.summary),
    }
    if not edit.changed:
        return result
    catalog = app.catalog(banner=False)
    if dry_run:
        added = new_errors(edit.original, edit.text, catalog)
        if added:
            raise ConfigEditError(f"the change would add error {added[0].code}: {added[0].message}")
        result["diff"] = edit.diff(str(target))
        return result
    written = save_edit(target, edit, catalog)
    result.update(
        path=str(written.path),
        created=written.created,
        backup=None if written.backup is None else str(written.backup),
    )
    return result


def report_added(app: AppContext, choice: ModelChoice, result: dict[str, Any]) -> None:
    """What was written and where, the model's figures, and what the user must still do."""
    if result.get("dry_run") and result.get("diff"):
        click.echo(result["diff"], nl=False)
        click.echo(f"dry run: nothing written to {result['path']}", err=True)
        return
    path = result["path"]
    if not result["changed"]:
        click.echo(f"{result['summary'][0]} in {path}; nothing to do")
        return
    verb = "Created" if result["created"] else "Updated"
    click.echo(f"{verb} {path}: " + "; ".join(result["summary"]))
    if result["backup"]:
        click.echo(f"  backup of the previous version: {result['backup']}")
    if choice.model is not None:
        click.echo(f"  {choice.provider_key}/{choice.model_id}: {price_summary(choice.model)}")
    if result["added_provider"] and choice.template is not None and choice.template.env:
        click.echo(f"  API key: set {choice.template.env[0]} in the environment (not in the file)")


def _warn_about(app: AppContext, choice: ModelChoice) -> None:
    model = choice.model
    if choice.template is None:
        click.echo(
            f"warning: '{choice.provider_key}' is not in the catalog; its models are not checked",
            err=True,
        )
    elif model is None:
        click.echo(
            f"warning: '{choice.model_id}' is not in the catalog for {choice.provider_key}; "
            "added as given",
            err=True,
        )
    elif model.is_deprecated:
        successor = app.catalog(banner=False).successor(model)
        advice = f"; its successor is '{successor.id}'" if successor else ""
        click.echo(f"warning: '{model.id}' is deprecated{advice}", err=True)


@click.command("add")
@click.option("-p", "--provider", required=True, help="Provider id, e.g. openai.")
@click.option("-m", "--model", required=True, help="Model id at that provider, e.g. gpt-4o-mini.")
@click.option("-a", "--alias", help="Name to use in the config (default: the model id).")
@target_options
@click.option(
    "--force", is_flag=True, help="Add even if the catalog does not know the provider or model."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def add(
    app: AppContext,
    provider: str,
    model: str,
    alias: str | None,
    scope: Scope | None,
    file: Path | None,
    set_current: bool,
    dry_run: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Add a model to a config file, checked against the models.dev catalog.

    A new provider gets its full block from the catalog (llm_type, base_url, auth_strategy);
    comments, order and quoting in the file are kept, and the previous version is saved as
    <file>.bak. Without --local/--global/--file it writes the config in effect: the nearest
    .model-forge/config.yaml, else the user config.

    \b
    Examples:
      modelforge config add --provider openai --model gpt-4o-mini --set-current
      modelforge config add -p anthropic -m claude-sonnet-4-5 --alias sonnet --local
      modelforge config add -p my-gateway -m llama-3-70b --force --dry-run
    """
    try:
        choice = choose_model(app.catalog(), provider, model, force=force)
    except ModelChoiceError as error:
        hint = " (--force adds it anyway)" if error.kind == "provider" else ""
        fail(app, f"{error}{hint}")
    _warn_about(app, choice)
    result = add_to_config(
        app,
        choice,
        alias=alias,
        target=config_target(scope, file),
        set_current=set_current,
        dry_run=dry_run,
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        report_added(app, choice, result)
