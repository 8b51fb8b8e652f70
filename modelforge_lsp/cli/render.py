"""Shared presentation for the catalog commands: capability labels, JSON records, failure lines.

``search``, ``info`` and ``compare`` show the same model facts; they take them from here so a
field is named and spelled the same way in every table and every ``--json`` document. Figures are
formatted by ``catalog.format`` only; capability words come from ``catalog.presentation``
(re-exported here), so the editor's hover uses the same ones.
"""

from __future__ import annotations

from typing import NoReturn

from modelforge_lsp.catalog import CAPABILITY_LABELS, Catalog, ModelInfo, capabilities_of
from modelforge_lsp.catalog.models import COST_FIELDS
from modelforge_lsp.catalog.zero_cost import zero_cost_reason
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.failure import CommandError
from modelforge_lsp.errors import ModelNotFound

__all__ = [
    "CAPABILITY_LABELS",
    "capabilities_of",
    "fail",
    "loaded_catalog",
    "model_record",
    "model_ref",
]


def model_ref(model: ModelInfo) -> str:
    """``provider/model``: what ``info`` and ``compare`` accept back."""
    return f"{model.provider_id}/{model.id}"


def model_record(model: ModelInfo, catalog: Catalog) -> dict[str, object]:
    """Every fact the catalog has about ``model`` (``info --json``, ``compare --json``)."""
    provider = catalog.provider(model.provider_id)
    successor = catalog.successor(model)
    cost = model.cost
    bare_id = model.id.rsplit("/", 1)[-1]
    return {
        "provider": model.provider_id,
        "model": model.id,
        "name": model.name,
        "family": model.family,
        "provider_name": None if provider is None else provider.name,
        "env": [] if provider is None else list(provider.env),
        "api": None if provider is None else provider.api,
        "doc": None if provider is None else provider.doc,
        "cost": None if cost is None else {name: getattr(cost, name) for name in COST_FIELDS},
        "zero_cost": zero_cost_reason(model),
        "limit": {
            "context": model.limit.context,
            "input": model.limit.input,
            "output": model.limit.output,
        },
        "modalities": {
            "input": list(model.input_modalities),
            "output": list(model.output_modalities),
        },
        "capabilities": capabilities_of(model),
        "tool_call": model.tool_call,
        "reasoning": model.reasoning,
        "attachment": model.attachment,
        "structured_output": model.structured_output,
        "temperature": model.temperature,
        "open_weights": model.open_weights,
        "knowledge": model.knowledge,
        "release_date": model.release_date,
        "last_updated": model.last_updated,
        "status": model.status or "active",
        "successor": None
        if successor is None
        else {"provider": successor.provider_id, "model": successor.id},
        "offered_by": [p.id for p in catalog.providers_offering(bare_id)],  # this one included
    }


def loaded_catalog(app: AppContext) -> Catalog:
    """The catalog, or exit 1 with the reason when settings turned it off (manual mode)."""
    catalog = app.catalog()
    if catalog.provenance.origin == "disabled":
        fail(
            app,
            "the catalog is disabled (MODELFORGE_CATALOG_ENABLED=0); enable it to look models up",
            code="catalog_disabled",
        )
    return catalog


def fail(
    app: AppContext,
    message: str,
    *,
    code: str = "refused",
    cause: BaseException | None = None,
) -> NoReturn:
    """Stop the command with ``message``: the entry point prints it as the one ``error:`` line
    on stderr (and as a JSON error with ``--json``, ``cli.failure``), then exits 1.

    ``cause``, a ``ModelNotFound``, makes the code ``not_found`` and adds its suggestions."""
    details: dict[str, object] = {}
    if isinstance(cause, ModelNotFound):
        code = "not_found"
        details = {"kind": cause.kind, "query": cause.query, "suggestions": list(cause.suggestions)}
    raise CommandError(message, code=code, details=details)
