"""``modelforge search``: fuzzy search over the catalog with filters."""

from __future__ import annotations

import json
import sys
from typing import get_args

import click
from rich.table import Table

from modelforge_lsp.catalog import Capability, ModelFilter, ModelInfo, SortOrder
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.model_names import find_provider
from modelforge_lsp.cli.render import (
    CAPABILITY_LABELS,
    capabilities_of,
    fail,
    loaded_catalog,
)
from modelforge_lsp.errors import ModelNotFound


def model_json(model: ModelInfo) -> dict[str, object]:
    """One ``search --json`` row; the field names are documented in docs/cli.md (stable)."""
    cost = model.cost
    return {
        "provider": model.provider_id,
        "model": model.id,
        "name": model.name,
        "family": model.family,
        "cost": None if cost is None else {"input": cost.input, "output": cost.output},
        "limit": {"context": model.limit.context, "output": model.limit.output},
        "status": model.status or "active",
        "release_date": model.release_date,
        "capabilities": capabilities_of(model),
    }


@click.command("search", short_help="Fuzzy-search models, with filters.")
@click.argument("query", required=False, default="")
@click.option("-p", "--provider", help="Only this provider's models (e.g. openai).")
@click.option(
    "-c",
    "--capability",
    "capabilities",
    multiple=True,
    type=click.Choice(get_args(Capability)),
    help="Required capability; repeat for several.",
)
@click.option("--max-price", type=float, help="Max input price, USD per 1M tokens.")
@click.option("--max-output-price", type=float, help="Max output price, USD per 1M tokens.")
@click.option("--min-context", type=int, help="Minimum context window in tokens.")
@click.option(
    "--status",
    type=click.Choice(["active", "deprecated", "all"]),
    default="all",
    show_default=True,
    help="Lifecycle status to include.",
)
@click.option(
    "--sort",
    type=click.Choice(get_args(SortOrder)),
    default="relevance",
    show_default=True,
)
@click.option("-n", "--limit", type=click.IntRange(1, 500), default=15, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, best match first.")
@click.pass_obj
def search(
    app: AppContext,
    query: str,
    provider: str | None,
    capabilities: tuple[Capability, ...],
    max_price: float | None,
    max_output_price: float | None,
    min_context: int | None,
    status: str,
    sort: SortOrder,
    limit: int,
    as_json: bool,
) -> None:
    """Find models by name, typos welcome; with no QUERY, list by the filters.

    \b
    Examples:
      modelforge search "claude sonet 4.5"
      modelforge search --provider openai -c vision --max-price 1 --sort price
    """
    catalog = loaded_catalog(app)
    filters = ModelFilter(
        capabilities=frozenset(capabilities),
        max_input_price=max_price,
        max_output_price=max_output_price,
        min_context=min_context,
        status=status,  # type: ignore[arg-type]
    )
    if provider:
        try:
            find_provider(catalog, provider)
        except ModelNotFound as missing:
            fail(app, str(missing))
    results = catalog.search(query, provider=provider, limit=limit, filters=filters, sort=sort)
    if as_json:
        click.echo(json.dumps([model_json(m) for m in results], indent=2))
    else:
        table = Table(box=None, pad_edge=False)
        # ids must stay whole (people copy them); the display name gives way on narrow screens
        table.add_column(
            "provider",
            no_wrap=True,
            min_width=max((len(m.provider_id) for m in results), default=8),
        )
        table.add_column(
            "model", no_wrap=True, min_width=max((len(m.id) for m in results), default=5)
        )
        table.add_column("name", overflow="ellipsis", no_wrap=True, ratio=1)
        for column in ("in $/1M", "out $/1M", "context"):
            table.add_column(column, justify="right", no_wrap=True, min_width=len(column))
        table.add_column("capabilities", no_wrap=True)
        table.add_column("status", no_wrap=True)
        for m in results:
            cost = m.cost
            table.add_row(
                m.provider_id,
                m.id,
                m.name,
                format_price(cost.input if cost else None),
                format_price(cost.output if cost else None),
                format_tokens(m.limit.context),
                " ".join(CAPABILITY_LABELS[c] for c in capabilities_of(m)),
                m.status or "",
            )
        app.out.print(table)
    if not results:
        app.err.print("no models match; loosen the filters or check the spelling")
        sys.exit(1)
