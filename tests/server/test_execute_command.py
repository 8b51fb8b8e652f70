"""``workspace/executeCommand``: ``modelforge.refreshCatalog`` and ``modelforge.catalogStatus``.

The catalog comes from the fake models.dev (6 providers, 24 models). Each server starts with a
cache the test process filled from the fake, so it serves that catalog from disk at once and
has no reason to refresh in the background: every fetch in these tests is one we asked for.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.catalog import CatalogSettings, CatalogSource
from modelforge_lsp.server.features.commands import CATALOG_STATUS, REFRESH_CATALOG
from tests.fake_modelsdev import CATALOG_FILE, Behaviour, FakeModelsDev
from tests.server.conftest import (
    SERVER,
    RecordingClient,
    execute,
    offline_options,
    open_document,
    uri_for,
    wait_for,
    wait_for_publish,
)

CAPABILITIES = types.ClientCapabilities(
    window=types.WindowClientCapabilities(work_done_progress=True)
)
NEW_MODEL_TEXT = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
    "    models:\n      gpt-9-preview: {}\n"
)


@pytest_lsp.fixture(config=SERVER)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    cache_dir = tmp_path / "cache"
    seeded = await asyncio.to_thread(
        CatalogSource(CatalogSettings(url=modelsdev_server.url, cache_dir=cache_dir)).refresh
    )
    assert seeded.status == "updated"
    options = {"catalog": {"url": modelsdev_server.url, "cacheDir": str(cache_dir)}}
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def offline_client(lsp_client: RecordingClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=CAPABILITIES, initialization_options=offline_options(tmp_path)
        )
    )
    yield
    await lsp_client.shutdown_session()


def progress_kinds(client: RecordingClient) -> list[str]:
    [reports] = client.progress_reports.values()
    return [report.kind for report in reports]


@pytest.mark.asyncio(loop_scope="module")
async def test_refresh_reports_progress_and_counts(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    result = await execute(client, REFRESH_CATALOG)
    assert result == {
        "status": "not_modified",  # the cache's ETag still matches
        "origin": "network",
        "age": "just now",
        "providers": 6,
        "models": 24,
        "error": None,
        "heldBack": False,
    }
    assert modelsdev_server.header_values("if-none-match")[-1] == modelsdev_server.etag
    kinds = progress_kinds(client)
    assert kinds[0] == "begin" and kinds[-1] == "end"
    [message] = client.messages
    assert message.type == types.MessageType.Info and "24 models" in message.message


@pytest.mark.asyncio(loop_scope="module")
async def test_refresh_rechecks_open_documents(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    uri = uri_for("refresh")
    open_document(client, uri, NEW_MODEL_TEXT)
    before = await wait_for_publish(client, uri, version=1)
    assert [d.range.start.line for d in before.diagnostics] == [5]  # not in the catalog yet

    document = json.loads(CATALOG_FILE.read_text())
    document["openai"]["models"]["gpt-9-preview"] = {"id": "gpt-9-preview", "name": "GPT-9"}
    modelsdev_server.set_document(document)
    result = await execute(client, REFRESH_CATALOG)
    assert (result["status"], result["models"]) == ("updated", 25)
    await wait_for(lambda: not client.diagnostics[uri], what="the model to be known")


@pytest.mark.asyncio(loop_scope="module")
async def test_failed_refresh_keeps_the_catalog(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.script(Behaviour.status(404))
    result = await execute(client, REFRESH_CATALOG)
    assert result["status"] == "failed" and "404" in result["error"]
    assert (result["origin"], result["models"]) == ("cache", 24)
    [message] = client.messages
    assert message.type == types.MessageType.Warning
    status = await execute(client, CATALOG_STATUS)
    assert "404" in status["lastRefreshError"]


@pytest.mark.asyncio(loop_scope="module")
async def test_status_describes_catalog_cache_and_usage(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    open_document(client, uri_for("status"), NEW_MODEL_TEXT)
    await wait_for_publish(client, uri_for("status"))
    fetches = len(modelsdev_server.requests)  # the fixture's, filling the cache
    status = await execute(client, CATALOG_STATUS)
    assert status["documents"] == 1
    assert status["catalog"]["origin"] == "cache"
    assert (status["catalog"]["providers"], status["catalog"]["models"]) == (6, 24)
    assert status["catalog"]["description"].startswith("disk cache")
    assert status["catalog"]["stale"] is False
    assert status["cache"]["freshness"] == "fresh"
    assert status["settings"]["url"] == modelsdev_server.url
    assert status["lastRefreshError"] is None
    assert status["stats"]["lookups"] > 0  # the check looked the model up
    assert set(status["stats"]) >= {"searches", "searchCacheHits", "searchHitRate"}
    assert len(modelsdev_server.requests) == fetches  # status never fetches


@pytest.mark.asyncio(loop_scope="module")
async def test_offline_refresh_explains_itself(offline_client: RecordingClient) -> None:
    result = await execute(offline_client, REFRESH_CATALOG)
    assert result["status"] == "failed"
    assert "offline mode is on" in result["error"]
    assert "modelforge.catalog.offline" in result["error"]
    assert result["origin"] == "snapshot"
    [message] = offline_client.messages
    assert message.type == types.MessageType.Warning and "offline" in message.message
    assert offline_client.progress_reports == {}
    status = await execute(offline_client, CATALOG_STATUS)  # still answering
    assert status["settings"]["offline"] is True
