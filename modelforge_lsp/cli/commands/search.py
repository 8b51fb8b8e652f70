"""``modelforge search``: fuzzy search over the catalog with filters."""

from __future__ import annotations

import json
import sys
from typing import get_args

import click

from modelforge_lsp.catalog import Capability, ModelFilter, ModelInfo, SortOrder
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.catalog.zero_cost import (
    ZERO_COST_NOTES,
    ZERO_COST_SHORT,
    PaidModelFilter,
    zero_cost_reason,
)
from modelforge_lsp.cli.capability_option import CapabilityType, paid_option
from modelforge_lsp.cli.columns import Column, Step, fitted_table
from modelforge_lsp.cli.completion import complete_provider
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.input_checks import not_empty
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
        "zero_cost": zero_cost_reason(model),
    }


def _input_price(model: ModelInfo) -> str:
    """The input price; at $0, with why (``$0 sub``, ``$0 free``, ``$0 local``)."""
    reason = zero_cost_reason(model)
    if reason is not None:
        return f"$0 {ZERO_COST_SHORT[reason]}"
    return format_price(model.cost.input if model.cost else None)


_COLUMNS = (
    Column("provider", minimum=8),
    Column("model", minimum=16),
    Column("name", overflow="ellipsis", minimum=8, hide=True),
    Column("in $/1M", justify="right", keep=True),
    Column("out $/1M", justify="right", keep=True),
    Column("context", justify="right", keep=True),
    Column("capabilities", minimum=12, hide=True),
    Column("status", minimum=10, hide=True),
)
_GIVE_WAY: tuple[Step, ...] = (
    (2, "shrink"), (6, "shrink"), (7, "shrink"), (2, "hide"), (1, "shrink"), (0, "shrink"),
    (7, "hide"), (6, "hide"),
)  # fmt: skip
"""Prices and context never give way. The display name goes first; capabilities and status
fold onto more lines; then the ids (which people copy) fold; only on a very narrow terminal are
status and capabilities left out."""


@click.command("search", short_help="Fuzzy-search models, with filters.")
@click.argument("query", required=False, default="")
@click.option(
    "-p",
    "--provider",
    callback=not_empty,
    shell_complete=complete_provider,
    help="Only this provider's models (e.g. openai).",
)
@click.option(
    "-c",
    "--capability",
    "capabilities",
    multiple=True,
    type=CapabilityType(),
    help="Required capability; repeat for several. The JSON names (tool_call, "
    "structured_output, attachment) work too.",
)
@click.option(
    "--max-price", type=click.FloatRange(min=0), help="Max input price, USD per 1M tokens."
)
@click.option(
    "--max-output-price", type=click.FloatRange(min=0), help="Max output price, USD per 1M tokens."
)
@click.option("--min-context", type=click.IntRange(min=1), help="Minimum context window in tokens.")
@paid_option
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
    paid: bool,
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
      modelforge search -c tools --min-context 128000 --paid --sort price

    In the table, a $0 input price says why: "$0 sub" (a subscription such as GitHub Copilot
    or GitLab Duo), "$0 free" (a free tier), "$0 local" (runs on your machine).
    """
    catalog = loaded_catalog(app)
    filters = (PaidModelFilter if paid else ModelFilter)(
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
            fail(app, str(missing), cause=missing)
    results = catalog.search(query, provider=provider, limit=limit, filters=filters, sort=sort)
    if as_json:
        click.echo(json.dumps([model_json(m) for m in results], indent=2))
    else:
        rows = [
            [
                m.provider_id,
                m.id,
                m.name,
                _input_price(m),
                format_price(m.cost.output if m.cost else None),
                format_tokens(m.limit.context),
                " ".join(CAPABILITY_LABELS[c] for c in capabilities_of(m)),
                m.status or "",
            ]
            for m in results
        ]
        columns: tuple[Column, ...] = _COLUMNS
        if not any(row[-1] for row in rows):  # every model active: no status column at all
            columns, rows = columns[:-1], [row[:-1] for row in rows]
        app.show(fitted_table(columns, rows, app.width, _GIVE_WAY))
        reasons = dict.fromkeys(r for m in results if (r := zero_cost_reason(m)) is not None)
        if reasons:
            notes = "; ".join(f"$0 {ZERO_COST_SHORT[r]}: {ZERO_COST_NOTES[r]}" for r in reasons)
            app.notice(f"{notes} (--paid leaves them out)")
    if not results:
        app.err.print("no models match; loosen the filters or check the spelling")
        sys.exit(1)
