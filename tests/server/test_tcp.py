"""``modelforge-lsp --tcp HOST:PORT``: the same server over a socket (for debugging setups)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from modelforge_lsp import __version__


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def connect(client: LanguageClient, port: int, timeout: float = 20.0) -> None:
    """Retry until the server listens (a separate probe would use up its one connection)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            await client.start_tcp("127.0.0.1", port)
            return
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


@pytest.mark.asyncio(loop_scope="function")
async def test_tcp_server_answers_initialize_and_hover(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "modelforge_lsp", "--tcp", f"127.0.0.1:{port}"],
        stderr=subprocess.PIPE,
    )
    try:
        client = LanguageClient("tcp-test", "1")
        await connect(client, port)
        result = await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                initialization_options={"catalog": {"offline": True, "cacheDir": str(tmp_path)}},
            )
        )
        assert result.server_info is not None and result.server_info.version == __version__
        client.initialized(types.InitializedParams())
        uri = "file:///tcp/.model-forge/config.yaml"
        text = "providers:\n  openai:\n    llm_type: openai_compatible\n"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
        )
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 4))
        )
        assert hover is not None and "OPENAI_API_KEY" in str(hover.contents)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    finally:
        server.terminate()
        server.wait(10)
