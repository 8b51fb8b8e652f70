"""The outline: ``textDocument/documentSymbol``.

Editors show a document's symbols as an outline, a breadcrumb bar and a "go to symbol" list.
LSP has two answers: a tree of ``DocumentSymbol`` (each with a ``range`` covering the whole
construct and a ``selectionRange`` -- the name -- inside it, children nested), or a flat list of
``SymbolInformation`` for old clients that cannot show a tree
(``textDocument.documentSymbol.hierarchicalDocumentSymbolSupport``). The tree itself is
``config.assist.document_symbols``: ``providers`` > provider (with its catalog name and
``llm_type``) > model alias (with its price and context); ``current_model`` and ``settings``
with their fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.assist import Symbol, SymbolKind, document_symbols
from modelforge_lsp.server.convert import PositionMapper

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]

KINDS: dict[SymbolKind, types.SymbolKind] = {
    "section": types.SymbolKind.Namespace,
    "provider": types.SymbolKind.Module,
    "model": types.SymbolKind.Class,
    "field": types.SymbolKind.Property,
}


def to_document_symbol(symbol: Symbol, mapper: PositionMapper) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=symbol.name,
        kind=KINDS[symbol.kind],
        range=mapper.to_lsp_range(symbol.span),
        selection_range=mapper.to_lsp_range(symbol.selection),
        detail=symbol.detail or None,
        children=[to_document_symbol(child, mapper) for child in symbol.children] or None,
    )


def to_symbol_information(
    symbols: list[Symbol], mapper: PositionMapper, uri: str, container: str | None = None
) -> list[types.SymbolInformation]:
    """The tree flattened, depth first; each symbol names its parent as ``container_name``."""
    flat = []
    for symbol in symbols:
        location = types.Location(uri=uri, range=mapper.to_lsp_range(symbol.span))
        flat.append(
            types.SymbolInformation(
                name=symbol.name,
                kind=KINDS[symbol.kind],
                location=location,
                container_name=container,
            )
        )
        flat.extend(to_symbol_information(list(symbol.children), mapper, uri, symbol.name))
    return flat


def register(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(
        ls: ModelForgeServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
        if state is None:
            return None
        symbols = document_symbols(await ls.parse(state), ls.catalog_for(state.uri))
        if ls.client_supports("text_document.document_symbol.hierarchical_document_symbol_support"):
            return [to_document_symbol(symbol, state.mapper) for symbol in symbols]
        return to_symbol_information(symbols, state.mapper, state.uri)
