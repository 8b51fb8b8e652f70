"""``modelforge config add``: one model into a config file, checked against the catalog.

The model is checked by ``config.files.choose_model`` (did-you-mean on a typo; ``--force`` takes
it as given) and added by ``config.files.add_model_to_file``, the same workflow as ``config
add-auto`` and ``discover``; where to write and how the result is reported is ``cli.adding``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from modelforge_lsp.cli.adding import (
    added_json,
    alias_option,
    config_target,
    report_added,
    target_options,
)
from modelforge_lsp.cli.completion import complete_model, complete_provider
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.input_checks import not_empty
from modelforge_lsp.cli.render import fail
from modelforge_lsp.config.files import ModelChoice, Scope, add_model_to_file, choose_model
from modelforge_lsp.config.language import credential_variable, runtime_key
from modelforge_lsp.errors import ModelNotFound

__all__ = ["add"]


def _warn_about(app: AppContext, choice: ModelChoice) -> None:
    model = choice.model
    if choice.local:
        return
    if not choice.known:
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


def _refuse_runtime_credentials(
    app: AppContext, provider: str, api_key: str | None, dev_auth: bool
) -> None:
    """The runtime's ``config add --api-key/--dev-auth`` store credentials in the file; ours
    never does, so say where they go instead (never echoing the key)."""
    key = runtime_key(provider)
    if api_key is not None:
        fail(
            app,
            f"keys are not written into the config: set {credential_variable(key, 'api_key')} "
            "in your environment (ModelForge reads it first), or let the runtime store it with "
            "`modelforge runtime config add ... --api-key ...`",
        )
    if dev_auth:
        fail(
            app,
            f"add the model first, then sign in with the runtime's `modelforge auth login "
            f"--provider {key}` (or set {credential_variable(key, 'device_flow')})",
        )


@click.command("add")
@click.option(
    "-p",
    "--provider",
    required=True,
    callback=not_empty,
    shell_complete=complete_provider,
    help="Provider id, e.g. openai.",
)
@click.option(
    "-m",
    "--model",
    required=True,
    callback=not_empty,
    shell_complete=complete_model,
    help="Model id at that provider, e.g. gpt-4o-mini.",
)
@alias_option
@target_options
@click.option(
    "--force", is_flag=True, help="Add even if the catalog does not know the provider or model."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--api-model-name",
    hidden=True,
    help="The runtime's spelling: -m is then the alias and this the model id.",
)
@click.option("--api-key", hidden=True, help="Refused: keys never go into the file.")
@click.option("--dev-auth", is_flag=True, hidden=True, help="Refused: a login is not ours.")
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
    api_model_name: str | None,
    api_key: str | None,
    dev_auth: bool,
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
    _refuse_runtime_credentials(app, provider, api_key, dev_auth)
    if api_model_name:  # ModelForge 2.x's form: --model is the alias, --api-model-name the id
        if alias:
            raise click.UsageError("give either --alias or --api-model-name, not both")
        model, alias = api_model_name, model
    catalog = app.catalog()
    try:
        choice = choose_model(catalog, provider, model, force=force)
    except ModelNotFound as error:
        hint = " (--force adds it anyway)" if error.kind == "provider" else ""
        fail(app, f"{error}{hint}", cause=error)
    _warn_about(app, choice)
    result = add_model_to_file(
        config_target(scope, file),
        choice,
        catalog,
        alias=alias,
        set_current=set_current,
        dry_run=dry_run,
    )
    if as_json:
        click.echo(json.dumps(added_json(result), indent=2))
    else:
        report_added(choice, result)
