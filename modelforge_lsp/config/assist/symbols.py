"""The outline of a config: ``providers`` with each provider and its models, then the other
sections, as the server's ``textDocument/documentSymbol`` shows it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.config.assist.written import (
    catalog_model_of,
    catalog_provider_of,
    entry_span,
    written_children,
    written_models,
)
from modelforge_lsp.config.syntax import ConfigDocument, Entry, Span, string_of

__all__ = ["Symbol", "SymbolKind", "document_symbols"]

SymbolKind = Literal["section", "provider", "model", "field"]
"""``section``: a top-level key holding a mapping; ``field``: any other key with a value."""


@dataclass(frozen=True, slots=True)
class Symbol:
    """One outline entry: ``span`` covers key and value, ``selection`` the key alone."""

    name: str
    kind: SymbolKind
    span: Span
    selection: Span
    detail: str = ""
    children: tuple[Symbol, ...] = ()


def document_symbols(document: ConfigDocument, catalog: Catalog | None = None) -> list[Symbol]:
    """The outline: ``providers`` with each provider and its models, then the other sections.

    A provider's detail is its catalog name and ``llm_type``; a model's is its price summary
    when the catalog knows it. Every child's span lies inside its parent's.
    """
    root = document.root
    if root is None or root.kind != "map":
        return []
    symbols = []
    for entry in root.entries:
        if entry.key == "providers" and entry.value.kind == "map":
            children = tuple(_provider_symbol(p, catalog) for p in written_children(entry))
            symbols.append(_symbol(entry, "section", children=children))
        elif entry.value.kind == "map":
            fields = tuple(
                _symbol(child, "field", _scalar(child)) for child in written_children(entry)
            )
            symbols.append(_symbol(entry, "section", _section_detail(entry), fields))
        else:
            symbols.append(_symbol(entry, "field", _scalar(entry)))
    return symbols


def _symbol(
    entry: Entry, kind: SymbolKind, detail: str = "", children: tuple[Symbol, ...] = ()
) -> Symbol:
    name = entry.key if entry.key.strip() else json.dumps(entry.key)  # LSP: never blank
    return Symbol(name, kind, entry_span(entry), entry.key_span, detail, children)


def _scalar(entry: Entry | None) -> str:
    """A scalar value's first line, for a detail; ``""`` for anything else."""
    text = string_of(entry.value) if entry is not None else None
    return text.splitlines()[0] if text and text.strip() else ""


def _section_detail(entry: Entry) -> str:
    """``current_model``'s detail: ``provider / model``."""
    if entry.key != "current_model":
        return ""
    parts = (_scalar(entry.value.get("provider")), _scalar(entry.value.get("model")))
    return " / ".join(part for part in parts if part)


def _provider_symbol(provider: Entry, catalog: Catalog | None) -> Symbol:
    info = catalog_provider_of(provider, catalog)
    llm_type = provider.value.get("llm_type") if provider.value.kind == "map" else None
    detail = " · ".join(part for part in (info.name if info else "", _scalar(llm_type)) if part)
    models = []
    for alias in written_models(provider):
        model = catalog_model_of(info, alias, catalog)
        models.append(_symbol(alias, "model", price_summary(model) if model else ""))
    return _symbol(provider, "provider", detail, tuple(models))
