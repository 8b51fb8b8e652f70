"""``textDocument/hover``: a card for the model, provider or key under the pointer.

``config.assist.hover.describe_at`` says what the word is; this module picks the card, renders it
in the format the client shows (``textDocument.hover.contentFormat``: markdown, else plain text;
prices as a markdown table unless the ``hover.tables`` setting is off) and sets ``range`` to the
word, so the editor highlights exactly what the card is about. Where there is nothing to
describe -- blank space, a comment, a model the catalog does not know -- the answer is ``null``
and the editor shows nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.assist import (
    EnumValueTarget,
    KeyTarget,
    ModelTarget,
    ProviderTarget,
    describe_at,
)
from modelforge_lsp.server.markdown import (
    key_card,
    markup,
    model_card,
    prefers_markdown,
    provider_card,
)
from modelforge_lsp.server.offload import answer
from modelforge_lsp.server.state import DocumentState

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]


def register(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: ModelForgeServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_HOVER)
        if state is None:
            return None
        markdown = prefers_markdown(ls.client_capabilities, "text_document.hover.content_format")
        tables = ls.settings.hover.tables
        # proportional to the file's size: off the event loop unless it is small
        return await answer(
            state, _hover, state, params.position, ls.catalog_for(state.uri), markdown, tables
        )


def _hover(
    state: DocumentState,
    position: types.Position,
    catalog: Catalog | None,
    markdown: bool,
    tables: bool,
) -> types.Hover | None:
    where = state.mapper.from_lsp_position(position)
    target = describe_at(state.parsed, state.text, where, catalog)
    match target:
        case ModelTarget(model=model, provider=provider, successor=successor):
            text = model_card(
                model, markdown, provider=provider, successor=successor, tables=tables
            )
        case ProviderTarget(provider=provider):
            text = provider_card(provider, markdown)
        case KeyTarget(spec=spec, name=name):
            text = key_card(spec, markdown, name=name)
        case EnumValueTarget(spec=spec, value=value):
            text = key_card(spec, markdown, value=value)
        case _:
            return None
    return types.Hover(
        contents=markup(text, markdown), range=state.mapper.to_lsp_range(target.span)
    )
