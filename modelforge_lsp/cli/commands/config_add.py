"""``modelforge config add``: one model into a config file, checked against the catalog.

The model is checked by ``config.files.choose_model`` (did-you-mean on a typo; ``--force`` takes
it as given) and added by ``config.files.add_model_to_file``, the same workflow as ``config
add-auto`` and ``discover``; where to write and how the result is reported is ``cli.adding``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from modelforge_lsp.cli.adding import added_json, config_target, report_added, target_options
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.render import fail
from modelforge_lsp.config.files import ModelChoice, Scope, add_model_to_file, choose_model
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
    catalog = app.catalog()
    try:
        choice = choose_model(catalog, provider, model, force=force)
    except ModelNotFound as error:
        hint = " (--force adds it anyway)" if error.kind == "provider" else ""
        fail(app, f"{error}{hint}")
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
