"""``textDocument/documentLink``: the URLs in the file, clickable.

The http(s) URLs in ``base_url`` and the other ``*_url`` values become links the editor
underlines and opens. Their targets are known when the links are listed, so the server offers
no ``documentLink/resolve``. ``config.assist.links`` finds them; this module converts ranges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.assist import links

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]


def register(server: ModelForgeServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False)
    )
    async def document_link(
        ls: ModelForgeServer, params: types.DocumentLinkParams
    ) -> list[types.DocumentLink] | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_DOCUMENT_LINK)
        if state is None:
            return None
        document = await ls.parse(state)
        return [
            types.DocumentLink(range=state.mapper.to_lsp_range(link.span), target=link.url)
            for link in links(document)
        ]
