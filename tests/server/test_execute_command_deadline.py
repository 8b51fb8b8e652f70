"""``modelforge.refreshCatalog`` against a mirror that trickles: answered at the deadline.

The real server process fetches from the fake models.dev, which sends one byte every fifth of a
second, so no per-read timeout ever fires. With ``MODELFORGE_FETCH_DEADLINE=1`` the command must
answer ``failed`` with the deadline in words about a second later; before the deadline existed it
never answered (issue 10, class 3).
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from modelforge_lsp.catalog import CatalogSettings, CatalogSource
from modelforge_lsp.server.features.commands import REFRESH_CATALOG
from tests.fake_modelsdev import Behaviour, FakeModelsDev
from tests.server.conftest import SERVER_COMMAND, RecordingClient, execute, make_recording_client

DEADLINE_SERVER = ClientServerConfig(
    server_command=SERVER_COMMAND,
    client_factory=make_recording_client,
    server_env={**os.environ, "MODELFORGE_FETCH_DEADLINE": "1"},
)


@pytest_lsp.fixture(config=DEADLINE_SERVER)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    cache_dir = tmp_path / "cache"  # filled here, so the server has no reason to refresh alone
    seeded = await asyncio.to_thread(
        CatalogSource(CatalogSettings(url=modelsdev_server.url, cache_dir=cache_dir)).refresh
    )
    assert seeded.status == "updated"
    options = {"catalog": {"url": modelsdev_server.url, "cacheDir": str(cache_dir)}}
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_trickled_refresh_is_answered_at_the_deadline(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.default = Behaviour.trickle(0.2)
    started = time.monotonic()
    result = await asyncio.wait_for(execute(client, REFRESH_CATALOG), timeout=20)
    elapsed = time.monotonic() - started

    assert elapsed < 4.0, f"answered after {elapsed:.1f}s"
    assert result["status"] == "failed"
    assert "did not finish sending the catalog within 1 s" in result["error"]
    assert result["models"] == 24  # the cached catalog still serves
    [message] = client.messages
    assert message.type == types.MessageType.Warning
    assert "MODELFORGE_FETCH_DEADLINE" in message.message
