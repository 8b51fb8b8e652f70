"""``modelforge config show``: what is configured, each model with its catalog price and context."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.render import fail
from modelforge_lsp.cli.runtime_report import print_runtime, runtime_json
from modelforge_lsp.config.files import (
    ConfigSource,
    ResolvedConfig,
    ResolvedModel,
    ResolvedProvider,
    locate_configs,
    read_config_text,
    read_sources,
    resolve,
    runtime_here,
)
from modelforge_lsp.config.language import catalog_checked


def _model_note(provider: ResolvedProvider, model: ResolvedModel) -> str:
    if model.catalog is not None:
        return price_summary(model.catalog)
    if not catalog_checked(provider.llm_type):
        return "local model (not checked)"
    if not provider.known:
        return "provider not in the catalog (not checked)"
    return "not in the catalog: check the id (modelforge config validate)"


def _model_json(provider: ResolvedProvider, model: ResolvedModel) -> dict[str, Any]:
    found = model.catalog
    return {
        "alias": model.alias,
        "model": model.model_id,
        "known": found is not None,
        "summary": _model_note(provider, model),
        "cost": None
        if found is None or found.cost is None
        else {"input": found.cost.input, "output": found.cost.output},
        "context": None if found is None else found.limit.context,
        "status": None if found is None else found.status or "active",
    }


def _source_json(source: ConfigSource) -> dict[str, str]:
    return {"path": str(source.path), "scope": source.scope}


def config_json(config: ResolvedConfig) -> dict[str, Any]:
    current = config.current_model
    return {
        "sources": [_source_json(s) for s in config.sources],
        "current_model": None
        if current is None
        else {
            "provider": current.provider,
            "model": current.model,
            "source": str(current.source.path),
            "configured": current.configured,
        },
        "providers": [
            {
                "key": p.key,
                "source": str(p.source.path),
                "scope": p.source.scope,
                "llm_type": p.llm_type,
                "base_url": p.base_url,
                "auth_strategy": p.auth_strategy,
                "known": p.known,
                "models": [_model_json(p, m) for m in p.models],
            }
            for p in config.providers
        ],
        "settings": config.settings,
        "problems": list(config.problems),
    }


def _print(app: AppContext, config: ResolvedConfig, *, merged: bool) -> None:
    if merged:
        app.out.print("Effective config (highest precedence first):", markup=False)
        for source in config.sources:
            app.out.print(f"  {source.scope:<6}  {source.path}", markup=False)
    else:
        source = config.sources[0]
        app.out.print(f"{source.path} ({source.scope})", markup=False)
    current = config.current_model
    if current is not None:
        note = "" if current.configured else "  (not configured in these files)"
        origin = f"  [from {current.source.scope}]" if merged else ""
        line = f"current_model: {current.provider}/{current.model}{origin}{note}"
        app.out.print(line, markup=False)
    table = Table(box=None, pad_edge=False)
    for column in ("provider", "alias", "model", "price · context"):
        table.add_column(column, no_wrap=column != "price · context")
    if merged:
        table.add_column("from", no_wrap=True)
    for provider in config.providers:
        label = provider.key
        if not provider.models:
            row = [label, "-", "", "no models"]
            table.add_row(*row, *([provider.source.scope] if merged else []))
        for model in provider.models:
            is_current = (
                current is not None
                and current.configured
                and current.provider == provider.key
                and current.model == model.alias
            )
            row = [
                label,
                ("* " if is_current else "") + model.alias,
                model.model_id if model.model_id != model.alias else "",
                _model_note(provider, model),
            ]
            table.add_row(*row, *([provider.source.scope] if merged else []))
            label = ""
    app.out.print(table)


@click.command("show")
@click.option(
    "--resolved", is_flag=True, help="Merge the project config over the user config into one."
)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show this config file only.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the config(s) as JSON.")
@click.pass_obj
def show(app: AppContext, resolved: bool, file: Path | None, as_json: bool) -> None:
    """Show the configured providers and models, each with its catalog price and context.

    Without options each config file found is shown on its own, project first; --resolved
    merges them the way the editor and `config validate` see them: providers by key with the
    project's winning whole, current_model from the highest file that sets it. The current
    model is marked *. Last comes the "ModelForge runtime" section: the one file ModelForge
    2.x reads from here (it merges nothing and reads no YAML), the files it ignores and why,
    and per provider the credential variable it reads and whether it is set.

    \b
    Examples:
      modelforge config show
      modelforge config show --resolved --json
      modelforge config show --file ./team/config.yaml
    """
    if file is not None:
        sources = [ConfigSource("file", file, read_config_text(file))]
    else:
        sources = read_sources(locate_configs())
    if not sources:
        fail(
            app,
            "no config found (looked for .model-forge/config.yaml from here up and in the user "
            "config dir); create one with "
            "`modelforge config add --provider openai --model gpt-4o-mini`",
            code="config_not_found",
        )
    catalog = app.catalog()
    configs = [resolve(sources, catalog)] if resolved else [resolve([s], catalog) for s in sources]
    runtime = runtime_here()
    if as_json:
        payload: dict[str, Any] = (
            config_json(configs[0]) if resolved else {"files": [config_json(c) for c in configs]}
        )
        payload["runtime"] = runtime_json(runtime)
        click.echo(json.dumps(payload, indent=2))
    else:
        for config in configs:
            _print(app, config, merged=resolved)
            app.out.print()
        print_runtime(app.out, runtime)
    problems = [problem for config in configs for problem in config.problems]
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    if problems:
        sys.exit(1)
