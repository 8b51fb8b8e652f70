"""``modelforge discover``: pick a provider and a model interactively, then add it.

Each prompt has a flag (``--provider``, ``--model``, ``--alias``, ``--yes``), so the same flow
runs from a script; the add goes through the same writer as ``config add``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.cli import prompts
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
from modelforge_lsp.cli.model_names import find_provider
from modelforge_lsp.cli.render import fail
from modelforge_lsp.config.files import Scope, add_model_to_file, choose_model
from modelforge_lsp.errors import ModelNotFound


def _providers_in_order(catalog: Catalog) -> list[ProviderInfo]:
    """Makers of models first, then the rest, each alphabetically."""
    return sorted(catalog.providers, key=lambda p: (p.id not in FIRST_PARTY_PROVIDERS, p.id))


def _ask_provider(catalog: Catalog) -> str:
    providers = _providers_in_order(catalog)
    return prompts.ask_fuzzy(
        "Provider (type to filter):",
        [p.id for p in providers],
        flag="--provider",
        meta={p.id: f"{p.name} · {len(p.models)} models" for p in providers},
        valid=lambda text: catalog.provider(text) is not None,
    )


def _ask_model(catalog: Catalog, provider: ProviderInfo) -> ModelInfo:
    """The provider's models, newest first (deprecated last); typing narrows them with the
    catalog's fuzzy search, the same as ``modelforge search`` (``sonet 4.5`` finds
    ``claude-sonnet-4-5``)."""
    models = sorted(provider.models.values(), key=lambda m: m.id)
    models.sort(key=lambda m: m.release_date or "", reverse=True)  # stable: ties keep id order
    models.sort(key=lambda m: m.is_deprecated)  # deprecated ones at the end

    def search(text: str) -> list[tuple[str, str]]:
        found = catalog.search(text, provider=provider.id, limit=_SHOWN) if text.strip() else models
        return [(m.id, price_summary(m)) for m in found[:_SHOWN]]

    chosen = prompts.ask_search(
        f"Model from {provider.name} (newest first; type to search, Enter for the first):",
        search,
        flag="--model",
        valid=lambda text: text in provider.models,
    )
    return provider.models[chosen]


_SHOWN = 50
"""Models in the menu at a time; typing searches the rest."""


@click.command("discover")
@click.option(
    "-p",
    "--provider",
    callback=not_empty,
    shell_complete=complete_provider,
    help="Provider id; skips the provider prompt.",
)
@click.option(
    "-m",
    "--model",
    callback=not_empty,
    shell_complete=complete_model,
    help="Model id at that provider; skips the model prompt.",
)
@alias_option
@click.option("-y", "--yes", is_flag=True, help="Add without asking for confirmation.")
@target_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def discover(
    app: AppContext,
    provider: str | None,
    model: str | None,
    alias: str | None,
    yes: bool,
    scope: Scope | None,
    file: Path | None,
    set_current: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Browse providers and their models with prices, pick one, and add it to your config.

    Interactive on a terminal: a fuzzy provider prompt, the provider's models newest first with
    prices (deprecated ones last and marked), an alias, and a confirmation. Every prompt has a
    flag, so scripts can run the same flow. Ctrl-C aborts and writes nothing.

    \b
    Examples:
      modelforge discover
      modelforge discover --provider anthropic
      modelforge discover -p openai -m gpt-4o-mini --alias mini --yes --set-current
    """
    catalog = app.catalog()
    provider = provider or _ask_provider(catalog)
    try:
        info = find_provider(catalog, provider)
        if model is None:
            model = _ask_model(catalog, info).id
        choice = choose_model(catalog, info.id, model)
    except ModelNotFound as missing:
        fail(app, str(missing), cause=missing)
    assert choice.model is not None
    if alias is None and not yes and prompts.interactive():
        alias = prompts.ask_text("Alias in the config:", flag="--alias", default=choice.model_id)
    target = config_target(scope, file)
    alias = alias or choice.model_id
    if not yes and not dry_run:
        click.echo(f"{info.id}/{choice.model_id}: {price_summary(choice.model)}")
        if not prompts.ask_confirm(f"Add it as '{alias}' to {target}?", flag="--yes"):
            fail(app, "nothing written (you answered no)", code="declined")
    result = add_model_to_file(
        target, choice, catalog, alias=alias, set_current=set_current, dry_run=dry_run
    )
    if as_json:
        click.echo(json.dumps(added_json(result), indent=2))
    else:
        report_added(choice, result)
