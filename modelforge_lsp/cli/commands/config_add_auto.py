"""``modelforge config add-auto``: recommend models for a use case, then add the chosen one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from modelforge_lsp.catalog.zero_cost import ZERO_COST_NOTES, is_paid, zero_cost_reason
from modelforge_lsp.cli.adding import (
    added_json,
    alias_option,
    config_target,
    report_added,
    target_options,
)
from modelforge_lsp.cli.capability_option import paid_option
from modelforge_lsp.cli.completion import complete_provider
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.input_checks import not_empty
from modelforge_lsp.cli.model_names import find_provider
from modelforge_lsp.cli.prompts import ask_confirm, ask_select
from modelforge_lsp.cli.render import fail
from modelforge_lsp.config.files import (
    USE_CASES,
    ModelChoice,
    Recommendation,
    Scope,
    UseCase,
    add_model_to_file,
    recommend,
)
from modelforge_lsp.config.language import provider_template
from modelforge_lsp.errors import ModelNotFound

_CANDIDATES = 200
"""How many recommendations ``--paid`` looks through to find ``--limit`` priced ones."""


def recommendation_json(rank: int, item: Recommendation) -> dict[str, Any]:
    """One ``add-auto --json`` recommendation (field names documented in docs/cli.md)."""
    model = item.model
    cost = model.cost
    return {
        "rank": rank,
        "provider": model.provider_id,
        "model": model.id,
        "name": model.name,
        "score": item.score,
        "reasons": _reasons(item),
        "cost": None if cost is None else {"input": cost.input, "output": cost.output},
        "context": model.limit.context,
        "status": model.status or "active",
        "release_date": model.release_date,
        "zero_cost": zero_cost_reason(model),
    }


def _reasons(item: Recommendation) -> list[str]:
    """The recommender's reasons; a $0 model first says why it is $0 (a subscription is not
    free)."""
    reason = zero_cost_reason(item.model)
    if reason is None:
        return list(item.reasons)
    # the recommender's own "free (likely rate-limited)" would contradict a subscription
    rest = [text for text in item.reasons if not text.startswith("free")]
    return [f"$0 per token: {ZERO_COST_NOTES[reason]}", *rest]


def _show(app: AppContext, items: list[Recommendation]) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("provider/model", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("why", overflow="fold", ratio=1)
    for rank, item in enumerate(items, 1):
        model = item.model
        reasons = "; ".join(_reasons(item))
        table.add_row(str(rank), f"{model.provider_id}/{model.id}", f"{item.score:.2f}", reasons)
    app.out.print(table)


@click.command("add-auto")
@click.option(
    "-u",
    "--use-case",
    type=click.Choice(USE_CASES),
    default="chat",
    show_default=True,
    help="What the model is for; each has its own capability and price profile.",
)
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    help="Max blended price (3 input : 1 output), USD per 1M tokens.",
)
@click.option("--min-context", type=click.IntRange(min=1), help="Minimum context window, tokens.")
@click.option(
    "-p",
    "--provider",
    callback=not_empty,
    shell_complete=complete_provider,
    help="Only this provider's models.",
)
@alias_option
@click.option("-n", "--limit", type=click.IntRange(1, 20), default=5, show_default=True)
@paid_option
@click.option("--pick", type=click.IntRange(min=1), help="Choose recommendation N (no list).")
@click.option(
    "-y", "--yes", is_flag=True, help="Add without confirming (the first one unless --pick)."
)
@target_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print {recommendations, added} as JSON; adds only with --pick/--yes.",
)
@click.pass_obj
def add_auto(
    app: AppContext,
    use_case: UseCase,
    budget: float | None,
    min_context: int | None,
    provider: str | None,
    alias: str | None,
    limit: int,
    paid: bool,
    pick: int | None,
    yes: bool,
    scope: Scope | None,
    file: Path | None,
    set_current: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Recommend the best models for a use case, with the reasons, and add the one you choose.

    Without --yes it asks before writing (on a terminal; elsewhere pass --yes). A model at $0
    says why: a subscription (GitHub Copilot, GitLab Duo, coding plans), a free tier, or a local
    runtime; --paid leaves them out.

    Use cases: coding (tool calls; reasoning and structured output count), chat (low price,
    recent), vision (image input), cheap (price first), long-context (400k+ tokens),
    reasoning (reasoning models). Deprecated models are never recommended; the maker of a
    model is preferred over resellers.

    \b
    Examples:
      modelforge config add-auto --use-case coding --budget 2
      modelforge config add-auto --use-case cheap --provider openai --pick 2 --yes --set-current
      modelforge config add-auto --use-case coding --budget 1 --paid
      modelforge config add-auto --use-case long-context --json
    """
    catalog = app.catalog()
    if provider is not None:
        try:
            find_provider(catalog, provider)
        except ModelNotFound as missing:
            fail(app, str(missing), cause=missing)
    wanted = _CANDIDATES if paid else limit
    items = recommend(catalog, use_case, budget, min_context, provider, limit=wanted)
    if paid:
        items = [item for item in items if is_paid(item.model)][:limit]
    if not items:
        advice = "raise --budget" if paid else "raise --budget or lower --min-context"
        fail(app, f"no model fits; {advice}", code="no_match")
    if pick is not None and pick > len(items):
        raise click.BadParameter(f"there are {len(items)} recommendations", param_hint="--pick")
    listing = [recommendation_json(rank, item) for rank, item in enumerate(items, 1)]
    if not as_json:
        _show(app, items)
    chosen: Recommendation | None = None
    if pick is not None or yes:
        chosen = items[(pick or 1) - 1]
    elif not as_json:
        chosen = ask_select(
            "Add which model?",
            [(f"{item.model.provider_id}/{item.model.id}", item) for item in items],
            flag="--pick N or --yes",
        )
    if chosen is None:
        click.echo(json.dumps({"recommendations": listing, "added": None}, indent=2))
        return
    template = provider_template(chosen.model.provider_id, catalog)
    choice = ModelChoice(template.key, chosen.model.id, template, chosen.model)
    target = config_target(scope, file)
    if not yes and not dry_run:
        name = alias or chosen.model.id
        ref = f"{chosen.model.provider_id}/{chosen.model.id}"
        if not ask_confirm(f"Add {ref} as '{name}' to {target}?", flag="--yes"):
            fail(app, "nothing written (you answered no)", code="declined")
    result = add_model_to_file(
        target,
        choice,
        catalog,
        alias=alias,
        set_current=set_current,
        dry_run=dry_run,
    )
    if as_json:
        added = added_json(result)
        click.echo(json.dumps({"recommendations": listing, "added": added}, indent=2))
    else:
        report_added(choice, result)
