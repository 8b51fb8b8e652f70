"""One language server under test, driven the same way whichever it is.

``Server`` says how to start one (command, ``initializationOptions``, what it answers to
``workspace/configuration``); ``Session`` is a running one seen through pygls's
``LanguageClient``: the handshake, the document, the requests, and the pushed diagnostics, which
it keeps per URI so that a change can be timed to the publish that answers it.

The client declares no pull diagnostics (``textDocument.diagnostic``), so both servers push,
which is what the "change -> publish" figure measures, debounce included.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from modelforge_lsp.catalog.gc_pause import paused_gc

__all__ = ["CAPABILITIES", "Server", "Session", "collector_paused"]

CAPABILITIES = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(configuration=True),
    text_document=types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(snippet_support=True)
        ),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
    ),
)


SERVER_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The servers' environment: ours as installed, writing and reading ``.pyc`` files (a shell
that sets ``PYTHONDONTWRITEBYTECODE`` made every spawn compile the modules changed since the
last install from source, a cost no installed copy pays)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """The harness's own cyclic garbage collector off while it times (a full collection before
    and after, untimed). The client keeps every publish it receives, and a collection over them
    took 50-100 ms in the same two rounds of every 200-change run, counted as the server's
    latency, whichever server it was: ours on 4,803 models, p99 140-148 ms with it, 93-98 ms
    without."""
    gc.collect()
    try:
        with paused_gc():
            yield
    finally:
        gc.collect()


@dataclass(frozen=True)
class Server:
    """How to start one server and what to tell it."""

    name: str
    command: tuple[str, ...]
    initialization_options: Any = None
    sections: dict[str, Any] = field(default_factory=dict)
    """``workspace/configuration`` answers by section (missing sections: ``None``)."""
    announce_settings: bool = False
    """Send ``workspace/didChangeConfiguration`` after ``initialized`` (the peer pulls then)."""


class Session:
    """A started server: ``await Session.start(server)``, then requests, then ``stop()``."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.client = LanguageClient("modelforge-peer-bench", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self._arrived = asyncio.Event()
        self.configured = asyncio.Event()
        """Set once the server pulled its settings (``workspace/configuration``)."""
        self.started = 0.0

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self._arrived.set()

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def _configuration(params: types.ConfigurationParams) -> list[Any]:
            self.configured.set()
            return [self.server.sections.get(item.section or "") for item in params.items]

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def _register(_params: types.RegistrationParams) -> None:
            return None

        @self.client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def _progress(_params: types.WorkDoneProgressCreateParams) -> None:
            return None

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def _log(_params: types.LogMessageParams) -> None:
            return None

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def _show(_params: types.ShowMessageParams) -> None:
            return None

    async def spawn(self) -> None:
        self.started = time.perf_counter()
        await self.client.start_io(*self.server.command, env=SERVER_ENVIRONMENT)

    async def initialize(self, root: Path) -> None:
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=CAPABILITIES,
                process_id=None,
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(root.as_uri(), root.name)],
                initialization_options=self.server.initialization_options,
            )
        )

    async def initialized(self) -> None:
        """``initialized``; a server that is told of its settings then pulls them: awaited."""
        self.client.initialized(types.InitializedParams())
        if self.server.announce_settings:
            self.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings=None)
            )
            await asyncio.wait_for(self.configured.wait(), 30)

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
        )

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    async def completion(self, uri: str, line: int, character: int) -> Any:
        return await self.client.text_document_completion_async(
            types.CompletionParams(
                types.TextDocumentIdentifier(uri), types.Position(line, character)
            )
        )

    async def hover(self, uri: str, line: int, character: int) -> Any:
        return await self.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
        )

    async def publish_after(
        self,
        uri: str,
        seen: int,
        accept: Callable[[types.PublishDiagnosticsParams], bool],
        timeout: float = 120.0,
    ) -> types.PublishDiagnosticsParams:
        """The first publish for ``uri`` after the first ``seen`` that ``accept`` takes."""
        deadline = time.perf_counter() + timeout
        while True:
            for params in self.published.get(uri, [])[seen:]:
                if accept(params):
                    return params
            seen = len(self.published.get(uri, []))
            self._arrived.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{self.server.name}: no matching publish for {uri}")
            await asyncio.wait_for(self._arrived.wait(), remaining)

    def seen(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    @property
    def pid(self) -> int:
        assert self.client._server is not None  # pygls keeps the process here
        return self.client._server.pid

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        except (TimeoutError, RuntimeError, ConnectionError):
            pass
        await self.client.stop()
