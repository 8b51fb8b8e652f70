"""Text synchronisation: keep one ``DocumentState`` per open document, current at every version.

The client owns the text; the server mirrors it. ``didOpen`` sends the whole text, then every
``didChange`` sends either the whole new text (full sync) or just the edited ranges
(incremental sync, which we advertise: far less traffic for a big file). pygls applies the
edits to its workspace document before our handler runs, so we read back ``.source`` and
``.version`` and record a new state; ``didClose`` forgets it. Other features react through
``ModelForgeServer.on_document_event`` rather than registering these methods themselves --
LSP allows one handler per method.

An opened document is parsed at once, off the loop: its check waits for the catalog, its parse
need not, and the first parse outside the fast subset imports ruamel.yaml (15-20 ms holding the
interpreter), which otherwise landed among the first requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]


def register(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ModelForgeServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        state = ls.put_document(item.uri, item.version, item.text, opened=True)
        if not state.too_large:  # (the module docstring)
            ls.spawn(f"parse of {state.uri}", ls.parse(state))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ModelForgeServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)  # the edits are already applied
        ls.put_document(uri, params.text_document.version, document.source, opened=False)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ModelForgeServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.document_saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ModelForgeServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close_document(params.text_document.uri)
