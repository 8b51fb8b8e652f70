"""Diagnostics, pushed or pulled: the checks' findings as squiggles.

LSP has two models. **Push**: the server sends ``textDocument/publishDiagnostics`` whenever it
likes. **Pull** (LSP 3.17): the client asks ``textDocument/diagnostic`` when it wants them and
the server may answer "unchanged since result id X". A client that can pull says so
(``textDocument.diagnostic`` in its capabilities); then we only answer pulls, as esbonio does --
pushing as well would show every problem twice. Otherwise we push:

* on open at once; on change after an **adaptive debounce** (``debounce_delay``): a short
  quiet time (``QUIET_S``, enough to merge a burst of edits, too short to notice) when the
  document is keeping up -- its previous version is already checked -- and, while the user
  types faster than the checks finish (a run is still waiting or checking), the last check's
  own duration, at most ``diagnostics.debounceMs``: a 20-line file's squiggles follow at once,
  a 5,000-line file is re-checked at most about every other check-time while typing goes on.
  One check per document at a time: a version that arrives during a check waits for it, and a
  newer change replaces the version that is waiting. On save at once if a run is waiting;
* **latest version only**: a result is published only if its document state is still the
  current one and the catalog and settings are unchanged -- a version superseded while being
  checked is dropped, never shown over the newer version's result;
* on close, the document's diagnostics are cleared.

When the catalog refreshes or the settings change, push clients get fresh publishes for every
open document and pull clients a ``workspace/diagnostic/refresh`` (if they support it).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.server.convert import findings_to_diagnostics
from modelforge_lsp.server.state import CheckResult, DocumentState, result_id

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ChangeKind, DocumentEvent, ModelForgeServer

__all__ = ["IDENTIFIER", "QUIET_S", "DiagnosticsPublisher", "debounce_delay", "register"]

IDENTIFIER = "modelforge"
QUIET_S = 0.01
"""The least wait after a change: merges the didChange notifications of one edit (a paste, a
formatter's several edits) that arrive in separate reads into one check -- they come within a
millisecond or two -- and adds nothing a person could notice (keystrokes are 50 ms or more
apart, so a longer wait merges nothing more; it only delays every squiggle)."""


def debounce_delay(*, behind: bool, check_s: float, max_s: float) -> float:
    """Seconds to wait after a change before checking the document.

    ``behind``: the previous version is still waiting or being checked (the user types faster
    than the checks finish); ``check_s``: how long this document's last check took; ``max_s``:
    ``diagnostics.debounceMs``, the longest wait (0: never wait). Keeping up, a change is
    checked after ``QUIET_S``; behind, after ``check_s`` of quiet, so that typing in a big file
    spends at most about half the time checking.
    """
    wait = max(QUIET_S, check_s) if behind else QUIET_S
    return min(max_s, wait)


class DiagnosticsPublisher:
    """Schedules, debounces and publishes push diagnostics for one server."""

    def __init__(self, server: ModelForgeServer) -> None:
        self.server = server
        self._pending: dict[str, asyncio.Task[None]] = {}
        """Runs waiting to start, per URI (a newer change replaces the one waiting)."""
        self._checking: dict[str, asyncio.Future[CheckResult]] = {}
        """The check under way, per URI: at most one at a time."""
        self._check_s: dict[str, float] = {}
        """How long each document's last check took (seconds, wall clock)."""

    @property
    def push(self) -> bool:
        return not self.server.client_supports("text_document.diagnostic")

    def on_document(self, event: DocumentEvent, state: DocumentState) -> None:
        if event == "closed":
            self._cancel(state.uri)
            self._check_s.pop(state.uri, None)
            if self.push:
                self.server.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=state.uri, diagnostics=[])
                )
        elif not self.push:
            return
        elif event == "changed":
            uri = state.uri
            delay = debounce_delay(
                behind=uri in self._pending or uri in self._checking,
                check_s=self._check_s.get(uri, 0.0),
                max_s=self.server.settings.diagnostics.debounce_ms / 1000,
            )
            self.schedule(uri, delay)
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

    def schedule(self, uri: str, delay_s: float) -> None:
        """Check ``uri`` after ``delay_s``, replacing the run still waiting to start, if any."""
        self._cancel(uri)
        task = self.server.spawn(f"diagnostics of {uri}", self._check_later(uri, delay_s))
        self._pending[uri] = task
        task.add_done_callback(lambda done: self._forget(uri, done))

    def _cancel(self, uri: str) -> None:
        if (task := self._pending.pop(uri, None)) is not None:
            task.cancel()

    def _forget(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]

    async def _check_later(self, uri: str, delay_s: float) -> None:
        if delay_s:
            await asyncio.sleep(delay_s)
        while (checking := self._checking.get(uri)) is not None and not checking.done():
            await asyncio.wait([checking])  # one check at a time; a newer change replaces us
        # From here on the run is no longer pending: a newer change does not cancel it (the
        # check thread would run on anyway); ``publish`` drops its result if it is stale.
        if (task := asyncio.current_task()) is not None:
            self._forget(uri, task)
        if (state := self.server.state_for(uri)) is None:
            return
        started = time.perf_counter()
        checking = self._checking[uri] = asyncio.ensure_future(self.server.check_document(state))
        try:
            result = await checking
        finally:
            if self._checking.get(uri) is checking:
                del self._checking[uri]
        self._check_s[uri] = time.perf_counter() - started
        self.publish(result)

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
