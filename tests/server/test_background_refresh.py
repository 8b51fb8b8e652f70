"""Stale-while-revalidate at start-up: serve the snapshot at once, swap in models.dev later.

A server with an empty cache starts on the bundled snapshot (never waiting on the network) and
refreshes from the (fake) models.dev in a background thread; the new catalog is handed to the
event loop and every open document is re-checked against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.server.features.commands import CATALOG_STATUS
from tests.fake_modelsdev import CATALOG_FILE, Behaviour, FakeModelsDev
from tests.server.conftest import (
    SERVER,
    RecordingClient,
    execute,
    open_document,
    uri_for,
    wait_for,
)

ONLY_IN_FAKE = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
    "    models:\n      gpt-9-preview: {}\n"
)


async def start(client: RecordingClient, fake: FakeModelsDev, cache_dir: Path) -> None:
    options = {"catalog": {"url": fake.url, "cacheDir": str(cache_dir)}}
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )


@pytest_lsp.fixture(config=SERVER)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    document: dict[str, Any] = json.loads(CATALOG_FILE.read_text())
    document["openai"]["models"]["gpt-9-preview"] = {"id": "gpt-9-preview", "name": "GPT-9"}
    modelsdev_server.set_document(document)
    modelsdev_server.script(Behaviour.slow(1.0))  # time to open a document on the snapshot
    await start(lsp_client, modelsdev_server, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def failing_client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    modelsdev_server.default = Behaviour.status(404)
    await start(lsp_client, modelsdev_server, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_the_refreshed_catalog_replaces_the_snapshot(client: RecordingClient) -> None:
    uri = uri_for("background")
    open_document(client, uri, ONLY_IN_FAKE)
    await wait_for(lambda: client.diagnostics.get(uri), what="the unknown model on the snapshot")
    await wait_for(lambda: not client.diagnostics[uri], what="the re-check after the refresh")
    status = await execute(client, CATALOG_STATUS)
    assert status["catalog"]["origin"] == "network"
    assert (status["catalog"]["providers"], status["catalog"]["models"]) == (6, 25)
    assert status["cache"]["freshness"] == "fresh"


@pytest.mark.asyncio(loop_scope="module")
async def test_a_failed_refresh_keeps_the_snapshot_and_says_so(
    failing_client: RecordingClient,
) -> None:
    def warned() -> list[str]:
        return [
            m.message
            for m in failing_client.log_messages
            if m.type == types.MessageType.Warning and "catalog refresh failed" in m.message
        ]

    [message] = await wait_for(warned, what="a warning in the log")
    assert "404" in message and "bundled snapshot" in message
    status = await execute(failing_client, CATALOG_STATUS)
    assert status["catalog"]["origin"] == "snapshot"
    assert "404" in status["lastRefreshError"]
    assert failing_client.messages == []  # a background failure is no reason for a pop-up
