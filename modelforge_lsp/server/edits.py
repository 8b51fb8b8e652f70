"""Edits to a document as the client applies them: one ``WorkspaceEdit`` shape for every feature.

Quick fixes and renames both hand the client edits to one document. Pinned to the version they
were computed for (``documentChanges``), a client that supports it refuses to apply them to
text that changed meanwhile; other clients get plain ``changes``. Ranges are in the client's
position encoding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.checks import TextEdit
from modelforge_lsp.server.state import DocumentState

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["workspace_edit"]


def workspace_edit(
    ls: ModelForgeServer, state: DocumentState, edits: Sequence[TextEdit]
) -> types.WorkspaceEdit:
    """``edits`` to ``state``'s text, pinned to its version if the client can check that."""
    text_edits = [state.mapper.to_lsp_text_edit(edit) for edit in edits]
    if ls.client_supports("workspace.workspace_edit.document_changes"):
        document = types.OptionalVersionedTextDocumentIdentifier(
            uri=state.uri, version=state.version
        )
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=text_edits)]
        )
    return types.WorkspaceEdit(changes={state.uri: text_edits})
