"""The server process starts, answers ``initialize`` and shuts down cleanly (pytest-lsp)."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsprotocol.types import ClientCapabilities, InitializeParams
from pytest_lsp import ClientServerConfig, LanguageClient

from modelforge_lsp import __version__


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "modelforge_lsp"]),
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    result = await lsp_client.initialize_session(
        InitializeParams(capabilities=ClientCapabilities())
    )
    lsp_client.server_info = result.server_info  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_server_identifies_itself(client: LanguageClient) -> None:
    info = client.server_info  # type: ignore[attr-defined]
    assert info.name == "modelforge-lsp" and info.version == __version__
