"""``textDocument/definition``: from ``current_model`` to the entry it names.

``current_model.provider`` and ``current_model.model`` refer to a provider key and a model
alias elsewhere in the file. Go-to-definition answers with a ``Location`` (uri + range) the
editor jumps to; ``null`` where the cursor is not on such a reference or it names nothing.
``config.assist.definition_at`` resolves the reference; this module converts positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.assist import definition_at

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]


def register(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(
        ls: ModelForgeServer, params: types.DefinitionParams
    ) -> types.Location | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_DEFINITION)
        if state is None:
            return None
        document = await ls.parse(state)
        target = definition_at(document, state.mapper.from_lsp_position(params.position))
        if target is None:
            return None
        return types.Location(uri=params.text_document.uri, range=state.mapper.to_lsp_range(target))
