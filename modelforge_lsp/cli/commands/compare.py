"""``modelforge compare A B …``: models side by side, the best value in each row highlighted."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import click
from rich.table import Table
from rich.text import Text

from modelforge_lsp.catalog import Catalog, ModelInfo, WorkloadCost, workload_cost
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.catalog.models import COST_FIELDS, LIMIT_FIELDS
from modelforge_lsp.catalog.tiers import TIER_FIELDS, prices_at
from modelforge_lsp.catalog.zero_cost import zero_cost_reason
from modelforge_lsp.cli.completion import complete_model_ref
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.input_checks import not_empty
from modelforge_lsp.cli.model_names import find_model
from modelforge_lsp.cli.render import (
    CAPABILITY_LABELS,
    capabilities_of,
    fail,
    loaded_catalog,
    model_record,
    model_ref,
)
from modelforge_lsp.errors import ModelNotFound

__all__ = ["compare"]

Best = Literal["lowest", "highest", "newest", "yes"] | None
_BEST_STYLE = "bold green"


def _marker(plain: bool, best: bool) -> str:
    """Without colour the best value is starred; the others are padded so figures align."""
    if not plain:
        return ""
    return " *" if best else "  "


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the comparison: raw values (for picking the best) and how to show them."""

    key: str
    label: str
    values: tuple[object, ...]
    show: Callable[[object], str]
    best: Best = None
    outside: frozenset[int] = frozenset()
    """Columns never judged best here (a subscription's $0 is not a price per token)."""

    def best_columns(self) -> frozenset[int]:
        """Columns holding the best value; none unless the known values differ."""
        known = [
            (i, v) for i, v in enumerate(self.values) if v is not None and i not in self.outside
        ]
        if self.best is None or len({v for _, v in known}) < 2:
            return frozenset()
        if self.best == "yes":
            return frozenset(i for i, v in known if v is True)
        pick = min if self.best == "lowest" else max
        target = pick(v for _, v in known)  # type: ignore[type-var]
        return frozenset(i for i, v in known if v == target)


def _price(value: object) -> str:
    return format_price(value if isinstance(value, float) else None)


def _tokens(value: object) -> str:
    return format_tokens(value if isinstance(value, int) else None)


def _plain(value: object) -> str:
    return "-" if value is None else str(value)


def _yes_no(value: object) -> str:
    return "yes" if value else "no"


def _rows(models: Sequence[ModelInfo], catalog: Catalog, work: list[WorkloadCost]) -> list[Row]:
    """The table's rows, top to bottom; price rows no model has a figure for are left out."""
    rows = [Row("name", "name", tuple(m.name for m in models), _plain)]
    reasons = tuple(zero_cost_reason(m) for m in models)
    seats = frozenset(i for i, reason in enumerate(reasons) if reason == "subscription")
    for name in COST_FIELDS:
        prices = tuple(None if m.cost is None else getattr(m.cost, name) for m in models)
        if name in {"input", "output"} or any(v is not None for v in prices):
            label = f"{name.replace('_', ' ')} $/1M"
            rows.append(Row(f"cost.{name}", label, prices, _price, "lowest", outside=seats))
    rows += _tier_rows(models, seats)
    if any(reasons):
        notes = tuple(None if r is None else r.replace("_", " ") for r in reasons)
        rows.append(Row("zero_cost", "why $0", notes, _plain))
    for name in LIMIT_FIELDS:
        limits = tuple(getattr(m.limit, name) for m in models)
        if name == "context" or any(v is not None for v in limits):
            rows.append(Row(f"limit.{name}", f"{name} tokens", limits, _tokens, "highest"))
    for capability, label in CAPABILITY_LABELS.items():
        has = tuple(capability in capabilities_of(m) for m in models)
        rows.append(Row(f"capability.{capability}", label, has, _yes_no, "yes"))
    rows += [
        Row("open_weights", "open weights", tuple(m.open_weights for m in models), _yes_no, "yes"),
        Row("status", "status", tuple(_status(m, catalog) for m in models), _plain),
        Row("knowledge", "knowledge", tuple(m.knowledge for m in models), _plain, "newest"),
        Row("release_date", "released", tuple(m.release_date for m in models), _plain, "newest"),
        Row("last_updated", "updated", tuple(m.last_updated for m in models), _plain, "newest"),
    ]
    if work:
        misfits = frozenset(i for i, w in enumerate(work) if w.over_limits)
        fits = tuple(
            "no: over " + ", ".join(w.over_limits) if w.over_limits else "yes" for w in work
        )
        rows.append(Row("workload.fits", "request fits", fits, _plain))
        if any(w.tier is not None for w in work):
            tiers = tuple("base" if w.tier is None else f">{format_tokens(w.tier)}" for w in work)
            rows.append(Row("workload.tier", "priced at", tiers, _plain))
        for key, label, values in (
            ("input", "workload input", tuple(w.input for w in work)),
            ("output", "workload output", tuple(w.output for w in work)),
            ("total", "workload total", tuple(w.total for w in work)),
            ("per_request", "per request", tuple(w.per_request for w in work)),
        ):
            rows.append(
                Row(f"workload.{key}", label, values, _price, "lowest", outside=seats | misfits)
            )
    return rows


def _tier_rows(models: Sequence[ModelInfo], seats: frozenset[int]) -> list[Row]:
    """A row per long-prompt threshold and price: what each model charges for a prompt just
    over it (its base price where it has no tier; nothing where its context is shorter)."""
    rows = []
    thresholds = sorted({t.above for m in models if m.cost is not None for t in m.cost.tiers})
    for above in thresholds:
        at = [
            None
            if m.cost is None or (m.limit.context is not None and m.limit.context <= above)
            else prices_at({n: getattr(m.cost, n) for n in TIER_FIELDS}, m.cost.tiers, above + 1)
            for m in models
        ]
        for name in TIER_FIELDS:
            prices = tuple(None if p is None else getattr(p, name) for p in at)
            if any(v is not None for v in prices):
                label = f"{name.replace('_', ' ')} >{format_tokens(above)} $/1M"
                key = f"cost.{name}_over_{above}"
                rows.append(Row(key, label, prices, _price, "lowest", outside=seats))
    return rows


def _status(model: ModelInfo, catalog: Catalog) -> str:
    if not model.is_deprecated:
        return model.status or "active"
    successor = catalog.successor(model)
    return "deprecated" + ("" if successor is None else f" (→ {successor.id})")


@click.command("compare", short_help="Compare models side by side, best values marked.")
@click.argument(
    "models",
    nargs=-1,
    required=True,
    metavar="PROVIDER/MODEL...",
    callback=not_empty,
    shell_complete=complete_model_ref,
)
@click.option("--input-tokens", type=click.IntRange(min=0), help="Input tokens per request.")
@click.option("--output-tokens", type=click.IntRange(min=0), help="Output tokens per request.")
@click.option(
    "--requests", type=click.IntRange(min=1), default=1, show_default=True,
    help="Number of requests the workload makes.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the models, workload and bests.")
@click.pass_obj
def compare(
    app: AppContext,
    models: tuple[str, ...],
    input_tokens: int | None,
    output_tokens: int | None,
    requests: int,
    as_json: bool,
) -> None:
    """Compare two or more models side by side; the best value of each row is highlighted.

    Give --input-tokens and/or --output-tokens (per request) to price a workload on each model.

    \b
    Examples:
      modelforge compare openai/gpt-4o anthropic/claude-sonnet-4-5
      modelforge compare openai/gpt-4o-mini google/gemini-2.5-flash \\
          --input-tokens 2000 --output-tokens 500 --requests 10000
    """
    if len(models) < 2:
        raise click.UsageError("give at least two models to compare, as PROVIDER/MODEL")
    catalog = loaded_catalog(app)
    try:
        found = [find_model(catalog, name) for name in models]
    except ModelNotFound as exc:
        fail(app, str(exc), cause=exc)
    refs = [model_ref(m) for m in found]
    if twice := sorted({ref for ref in refs if refs.count(ref) > 1}):
        raise click.UsageError(f"{', '.join(twice)} named twice; compare different models")
    priced = input_tokens is not None or output_tokens is not None
    work = [
        workload_cost(m, input_tokens or 0, output_tokens or 0, requests) for m in found if priced
    ]
    rows = _rows(found, catalog, work)
    if as_json:
        click.echo(json.dumps(_document(found, catalog, work, rows), indent=2))
        return
    plain = app.out.no_color
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("", style="dim", no_wrap=True)
    for model in found:
        table.add_column(f"{model.provider_id}/{model.id}", justify="right", no_wrap=True)
    for row in rows:
        best = row.best_columns()
        cells = [
            Text(row.show(v) + _marker(plain, i in best), style=_BEST_STYLE if i in best else "")
            for i, v in enumerate(row.values)
        ]
        table.add_row(row.label, *cells)
    app.out.print(table)
    if work:
        app.out.print(
            f"workload: {requests:,} request{'s' if requests != 1 else ''} of "
            f"{input_tokens or 0:,} input + {output_tokens or 0:,} output tokens"
        )
        for model, cost in zip(found, work, strict=True):
            if cost.over_limits:
                app.out.print(
                    f"{model_ref(model)} cannot take one such request (over its "
                    f"{', '.join(cost.over_limits)}); its price is shown but never marked best"
                )
    app.out.print("* best in its row" if plain else Text("green: best in its row", _BEST_STYLE))


def _document(
    models: list[ModelInfo], catalog: Catalog, work: list[WorkloadCost], rows: list[Row]
) -> dict[str, object]:
    records = [model_record(m, catalog) for m in models]
    for record, cost in zip(records, work, strict=False):  # work is empty without a workload
        record["workload"] = {
            "input_tokens": cost.input_tokens,
            "output_tokens": cost.output_tokens,
            "requests": cost.requests,
            "input": cost.input,
            "output": cost.output,
            "total": cost.total,
            "per_request": cost.per_request,
            "tier": cost.tier,
            "over_limits": list(cost.over_limits),
        }
    refs = [f"{m.provider_id}/{m.id}" for m in models]
    best = {row.key: [refs[i] for i in sorted(row.best_columns())] for row in rows if row.best}
    return {"models": records, "best": best}
