"""Price and context beside each model: ``textDocument/inlayHint``.

Inlay hints are text the editor draws inside a line without it being part of the file -- here
``$0.15 / $0.60 per 1M · 128k ctx`` after ``gpt-4o-mini:``. The client asks for the hints of a
range (usually what is on screen) and redraws them when it asks again; the hints themselves come
from ``config.assist.model_hints`` (nothing for models the catalog does not know or for local
providers).

The ``inlayHints.enabled`` setting turns them off. The client caches hints, so when something
they depend on changes without the text changing -- a catalog refresh brings new prices, the
setting is flipped -- the server asks it to re-request them with ``workspace/inlayHint/refresh``
(if the client declared ``workspace.inlayHint.refreshSupport``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.assist import model_hints

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ChangeKind, ModelForgeServer

__all__ = ["register"]


def register(server: ModelForgeServer) -> None:
    def refresh(_kind: ChangeKind) -> None:
        if server.client_supports("workspace.inlay_hint.refresh_support"):
            server.spawn(
                "workspace/inlayHint/refresh", server.workspace_inlay_hint_refresh_async(None)
            )

    server.on_change(refresh)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def inlay_hint(
        ls: ModelForgeServer, params: types.InlayHintParams
    ) -> list[types.InlayHint] | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_INLAY_HINT)
        if state is None or not ls.settings.inlay_hints.enabled:
            return None
        document = await ls.parse(state)
        requested = state.mapper.from_lsp_range(params.range)
        return [
            types.InlayHint(
                position=state.mapper.to_lsp_position(hint.position),
                label=hint.label,
                padding_left=True,
            )
            for hint in model_hints(document, ls.catalog_for(state.uri))
            if requested.contains(hint.position)
        ]
