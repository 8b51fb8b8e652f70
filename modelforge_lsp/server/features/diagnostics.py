"""Diagnostics, pushed or pulled: the checks' findings as squiggles.

LSP has two models. **Push**: the server sends ``textDocument/publishDiagnostics`` whenever it
likes. **Pull** (LSP 3.17): the client asks ``textDocument/diagnostic`` when it wants them and
the server may answer "unchanged since result id X". A client that can pull says so
(``textDocument.diagnostic`` in its capabilities); then we only answer pulls, as esbonio does --
pushing as well would show every problem twice. Otherwise we push:

* on open at once, on change after ``diagnostics.debounceMs`` of quiet (per document: a new
  change cancels the run still waiting), on save at once if a run is waiting;
* **latest version only**: a result is published only if its document state is still the
  current one and the catalog and settings are unchanged -- a slow check of version 3 that
  finishes after version 4 arrived is dropped, never shown over version 4's result;
* on close, the document's diagnostics are cleared.

When the catalog refreshes or the settings change, push clients get fresh publishes for every
open document and pull clients a ``workspace/diagnostic/refresh`` (if they support it).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.server.convert import findings_to_diagnostics
from modelforge_lsp.server.state import CheckResult, DocumentState, result_id

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ChangeKind, DocumentEvent, ModelForgeServer

__all__ = ["IDENTIFIER", "DiagnosticsPublisher", "register"]

IDENTIFIER = "modelforge"


class DiagnosticsPublisher:
    """Schedules, debounces and publishes push diagnostics for one server."""

    def __init__(self, server: ModelForgeServer) -> None:
        self.server = server
        self._pending: dict[str, asyncio.Task[None]] = {}

    @property
    def push(self) -> bool:
        return not self.server.client_supports("text_document.diagnostic")

    def on_document(self, event: DocumentEvent, state: DocumentState) -> None:
        if event == "closed":
            self._cancel(state.uri)
            if self.push:
                self.server.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=state.uri, diagnostics=[])
                )
        elif not self.push:
            return
        elif event == "changed":
            self.schedule(state.uri, self.server.settings.diagnostics.debounce_ms)
        elif event == "opened" or state.uri in self._pending:
            self.schedule(state.uri, 0)

    def on_change(self, _kind: ChangeKind) -> None:
        if self.push:
            for state in self.server.open_documents():
                self.schedule(state.uri, 0)
        elif self.server.client_supports("workspace.diagnostics.refresh_support"):
            self.server.spawn(
                "workspace/diagnostic/refresh",
                self.server.workspace_diagnostic_refresh_async(None),
            )

    def schedule(self, uri: str, delay_ms: int) -> None:
        """Check ``uri`` after ``delay_ms``, replacing the run still waiting to start, if any."""
        self._cancel(uri)
        task = self.server.spawn(f"diagnostics of {uri}", self._check_later(uri, delay_ms))
        self._pending[uri] = task
        task.add_done_callback(lambda done: self._forget(uri, done))

    def _cancel(self, uri: str) -> None:
        if (task := self._pending.pop(uri, None)) is not None:
            task.cancel()

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]

    async def _check_later(self, uri: str, delay_ms: int) -> None:
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        # From here on the run is no longer pending: a newer change does not cancel it (the
        # check thread would run on anyway); ``publish`` drops its result if it is stale.
        if (task := asyncio.current_task()) is not None:
            self._forget(uri, task)
        if (state := self.server.state_for(uri)) is not None:
            self.publish(await self.server.check_document(state))

    def publish(self, result: CheckResult) -> bool:
        """Publish ``result`` unless it is stale; returns whether it was published."""
        state = result.state
        if self.server.state_for(state.uri) is not state or result.generation != (
            self.server.generation
        ):
            return False
        diagnostics = findings_to_diagnostics(result.findings, state.mapper, state.uri)
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=state.uri, diagnostics=diagnostics, version=state.version
            )
        )
        return True


def register(server: ModelForgeServer) -> None:
    publisher = DiagnosticsPublisher(server)
    server.on_document_event(publisher.on_document)
    server.on_change(publisher.on_change)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=IDENTIFIER, inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def document_diagnostic(
        ls: ModelForgeServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        state = ls.state_for(params.text_document.uri)
        if state is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        project = await ls.refresh_project(state)  # a changed project file changes the id
        if params.previous_result_id == result_id(state, ls.generation):
            return types.RelatedUnchangedDocumentDiagnosticReport(
                result_id=params.previous_result_id
            )
        result = await ls.check_document(state, project)
        return types.RelatedFullDocumentDiagnosticReport(
            items=findings_to_diagnostics(result.findings, state.mapper, state.uri),
            result_id=result.result_id,
        )
