"""``initialize``: the server says who it is, advertises what it registered, reads options."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from modelforge_lsp import __version__
from modelforge_lsp.server.features.commands import CATALOG_STATUS, COMMANDS
from tests.server.conftest import (
    SERVER,
    SERVER_COMMAND,
    UNREACHABLE_URL,
    execute,
    make_recording_client,
    offline_options,
)

ABSENT_CACHE = Path(tempfile.gettempdir()) / f"modelforge-lsp-tests-{os.getpid()}-absent"
"""Absent before the server starts: the server makes it (0700) to keep the snapshot's binary
form there, even offline (``CatalogSource.load(keep_directory=True)``); removed after the module."""
ENV_ONLY = ClientServerConfig(
    server_command=SERVER_COMMAND,
    client_factory=make_recording_client,
    server_env={
        **os.environ,
        "MODELFORGE_OFFLINE": "1",
        "MODELFORGE_CATALOG_URL": UNREACHABLE_URL,
        "MODELFORGE_CACHE_DIR": str(ABSENT_CACHE),
    },
)
CUSTOM = {"my-gateway": {"name": "My gateway", "models": {"house-model": {"name": "House"}}}}


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"), customProviders=CUSTOM)
    lsp_client.cache_dir = Path(options["catalog"]["cacheDir"])  # type: ignore[attr-defined]
    lsp_client.result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ENV_ONLY, scope="module")
async def bare_client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    """No initializationOptions at all: the environment variables are the settings."""
    lsp_client.result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(ABSENT_CACHE, ignore_errors=True)


@pytest.mark.asyncio(loop_scope="module")
async def test_server_identifies_itself(client: LanguageClient) -> None:
    info = client.result.server_info  # type: ignore[attr-defined]
    assert info.name == "modelforge-lsp" and info.version == __version__


@pytest.mark.asyncio(loop_scope="module")
async def test_advertises_what_it_registered(client: LanguageClient) -> None:
    capabilities: types.ServerCapabilities = client.result.capabilities  # type: ignore[attr-defined]
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close and sync.change == types.TextDocumentSyncKind.Incremental and sync.save
    assert capabilities.diagnostic_provider == types.DiagnosticOptions(
        identifier="modelforge", inter_file_dependencies=False, workspace_diagnostics=False
    )
    assert capabilities.execute_command_provider is not None
    assert sorted(capabilities.execute_command_provider.commands) == sorted(COMMANDS)
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16


@pytest.mark.asyncio(loop_scope="module")
async def test_reads_initialization_options(client: LanguageClient) -> None:
    status = await execute(client, CATALOG_STATUS)
    assert status["settings"]["offline"] is True
    assert status["settings"]["cacheDir"] == str(client.cache_dir)  # type: ignore[attr-defined]
    assert status["customProviders"] == 1
    assert status["catalog"]["origin"] == "snapshot"
    assert status["catalog"]["providers"] > 100  # the bundled snapshot, plus my-gateway
    assert client.messages == []  # valid options: nothing to complain about


@pytest.mark.asyncio(loop_scope="module")
async def test_starts_without_initialization_options(bare_client: LanguageClient) -> None:
    status = await execute(bare_client, CATALOG_STATUS)
    assert status["settings"] == {
        "url": UNREACHABLE_URL,
        "cacheDir": str(ABSENT_CACHE),
        "ttlSeconds": 24 * 3600,
        "offline": True,
        "enabled": True,
    }
    assert status["customProviders"] == 0
    assert status["catalog"]["origin"] == "snapshot"
    assert bare_client.messages == []
    assert ABSENT_CACHE.is_dir() and ABSENT_CACHE.stat().st_mode & 0o777 == 0o700
    assert [path.name for path in ABSENT_CACHE.glob("*.snapshot.bin")]  # the next start's
