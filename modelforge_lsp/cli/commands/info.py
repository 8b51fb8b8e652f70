"""``modelforge info PROVIDER MODEL``: every figure the catalog has about one model, as a card."""

from __future__ import annotations

import json

import click

from modelforge_lsp.catalog import Catalog, ModelInfo
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.catalog.models import COST_FIELDS, LIMIT_FIELDS
from modelforge_lsp.catalog.zero_cost import ZERO_COST_NOTES, zero_cost_reason
from modelforge_lsp.cli.card import Card, Row, Section, Value
from modelforge_lsp.cli.completion import complete_model, complete_provider
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

__all__ = ["info"]

_COST_LABELS = {name: name.replace("_", " ") for name in COST_FIELDS}
_OFFERED_SHOWN = 8
_LABEL_WIDTH = 15


@click.command("info", short_help="Every figure the catalog has about one model.")
@click.argument("provider", callback=not_empty, shell_complete=complete_provider)
@click.argument("model", required=False, callback=not_empty, shell_complete=complete_model)
@click.option("--json", "as_json", is_flag=True, help="Print every field as one JSON object.")
@click.pass_obj
def info(app: AppContext, provider: str, model: str | None, as_json: bool) -> None:
    """Show everything the catalog knows about one model: prices, limits, capabilities, dates.

    Name it as PROVIDER MODEL or PROVIDER/MODEL. Model ids may contain "/" themselves, as at
    openrouter; a misspelt name gets suggestions (exit 1).

    \b
    Examples:
      modelforge info openai gpt-4o
      modelforge info anthropic/claude-sonnet-4-5
      modelforge info openrouter anthropic/claude-sonnet-4.5 --json
    """
    catalog = loaded_catalog(app)
    try:
        found = find_model(catalog, provider, model)
    except ModelNotFound as exc:
        fail(app, str(exc), cause=exc)
    record = model_record(found, catalog)
    if as_json:
        click.echo(json.dumps(record, indent=2))
        return
    app.show(_card(found, catalog))


def _card(model: ModelInfo, catalog: Catalog) -> Card:
    """Title line, then sections of label/value rows; labels line up across sections."""
    provider = catalog.provider(model.provider_id)
    rows: list[Row] = []
    if provider is not None:
        rows.append(("provider", f"{provider.name} ({provider.id})"))
        rows.append(("API key env", ", ".join(provider.env) or "-"))
        rows += [
            (label, url) for label, url in (("API", provider.api), ("docs", provider.doc)) if url
        ]
    rows.append(("family", model.family or "-"))
    rows.append(("status", _status(model, catalog)))
    rows.append(("open weights", "yes" if model.open_weights else "no"))
    others = [
        p.id
        for p in catalog.providers_offering(model.id.rsplit("/", 1)[-1])
        if p.id != model.provider_id
    ]
    if others:
        more = len(others) - _OFFERED_SHOWN
        listed = ", ".join(others[:_OFFERED_SHOWN]) + (f" and {more} more" if more > 0 else "")
        rows.append(("also offered by", listed))

    cost = model.cost
    prices: list[Row] = [
        (_COST_LABELS[name], format_price(getattr(cost, name)))
        for name in COST_FIELDS
        if getattr(cost, name, None) is not None
    ]
    if (reason := zero_cost_reason(model)) is not None:
        prices.append(("why $0", ZERO_COST_NOTES[reason]))
    limits: list[Row] = [
        (name, "-" if value is None else f"{format_tokens(value)} ({value:,})")
        for name in LIMIT_FIELDS
        for value in [getattr(model.limit, name)]
    ]
    abilities: list[Row] = [
        ("input", ", ".join(model.input_modalities)),
        ("output", ", ".join(model.output_modalities)),
        ("capabilities", " ".join(CAPABILITY_LABELS[c] for c in capabilities_of(model)) or "-"),
    ]
    if model.temperature is not None:
        abilities.append(("temperature", "adjustable" if model.temperature else "fixed"))
    dates: list[Row] = [
        ("knowledge", model.knowledge or "-"),
        ("released", model.release_date or "-"),
        ("updated", model.last_updated or "-"),
    ]
    sections = [
        Section(heading, tuple(section))
        for heading, section in (
            ("", rows),
            ("Prices, USD per 1M tokens", prices or [("", "none in the catalog")]),
            ("Limits, tokens", limits),
            ("Abilities", abilities),
            ("Dates", dates),
        )
    ]
    title = ((model.name, "bold"), "  ", (model_ref(model), "cyan"))
    return Card(title, tuple(sections), _LABEL_WIDTH)


def _status(model: ModelInfo, catalog: Catalog) -> Value:
    if not model.is_deprecated:
        return model.status or "active"
    successor = catalog.successor(model)
    text = "deprecated" if successor is None else f"deprecated; successor: {model_ref(successor)}"
    return (text, "yellow")
