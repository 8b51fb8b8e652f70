"""``textDocument/prepareRename`` then ``textDocument/rename``: a key and its references in step.

The client first asks whether (and what) the cursor can rename -- we answer with the range of
the name, or ``null`` for "nothing renames here" -- then sends the new name, and we answer with
a ``WorkspaceEdit`` that renames the provider key or model alias and the ``current_model``
reference to it. A rename that would break the file (a name a sibling already has, an empty or
malformed name) is refused with an error response (code ``RequestFailed``) whose message the
editor shows. The decisions are ``config.assist``'s; this module converts positions and builds
LSP types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.assist import RenameRejected, prepare_rename, rename_at
from modelforge_lsp.server.edits import workspace_edit
from modelforge_lsp.server.guard import RequestRefused

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["RenameFailed", "register"]


class RenameFailed(RequestRefused):
    """A refused rename: the LSP ``RequestFailed`` error, with a message for the user."""

    MESSAGE = "Rename failed"


def register(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare(
        ls: ModelForgeServer, params: types.PrepareRenameParams
    ) -> types.PrepareRenameResult | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_PREPARE_RENAME)
        if state is None:
            return None
        document = await ls.parse(state)
        name = prepare_rename(document, state.mapper.from_lsp_position(params.position))
        return None if name is None else state.mapper.to_lsp_range(name)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    async def rename(
        ls: ModelForgeServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_RENAME)
        if state is None:
            return None
        document = await ls.parse(state)
        position = state.mapper.from_lsp_position(params.position)
        edits = rename_at(document, position, params.new_name)
        if isinstance(edits, RenameRejected):
            raise RenameFailed(edits.message)
        if edits is None:
            return None
        return workspace_edit(ls, state, edits)
