"""A bad or untrusted disk cache never costs the editor its catalog checks (issue 10, 5 and 4).

The real server process starts on a cache an attacker or a broken disk left behind: a fetch time
out of range (once an ``OverflowError`` that left the server with no catalog at all) with a gzip
bomb whose record declares a small size, and a bomb past the cap whose record says so (once
inflated and believed); and a cache in a directory anyone can write to, refused whatever it
holds. Either way the cache is set aside and the bundled
snapshot serves, so MF302 (did you mean gpt-4o-mini?) still appears.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.server.features.commands import CATALOG_STATUS
from tests.planted_cache import (
    catalog_without_gpt_4o_mini,
    plant_bomb,
    plant_forged_cache,
    set_fetched_at,
)
from tests.server.conftest import (
    MF302_TEXT,
    SERVER,
    RecordingClient,
    execute,
    offline_options,
    open_document,
    uri_for,
    wait_for_publish,
)


def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache whose fetch time is out of range and whose data is a bomb: two faults at once."""
    directory = tmp_path_factory.mktemp("planted") / "cache"
    cache = plant_forged_cache(directory)
    plant_bomb(cache, inflated=96 * 1024 * 1024, declared=4096)
    set_fetched_at(cache, "9999-12-31T23:59:59-14:00")
    return directory


def bomb_over_the_cap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh cache inflating to 96 MiB, as its record says, of a catalog without gpt-4o-mini:
    believed, it would take the did-you-mean away; capped, the snapshot serves."""
    directory = tmp_path_factory.mktemp("bomb") / "cache"
    size = 96 * 1024 * 1024
    plant_bomb(plant_forged_cache(directory), size, size, catalog_without_gpt_4o_mini())
    return directory


def shared_and_forged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Class 4: a fresh, valid cache without gpt-4o-mini in a directory anyone can write to
    (anyone could have forged it): believed, the did-you-mean would be gone."""
    directory = tmp_path_factory.mktemp("shared") / "cache"
    plant_forged_cache(directory, catalog_without_gpt_4o_mini())
    directory.chmod(0o777)
    return directory


@pytest_lsp.fixture(
    config=SERVER, scope="module", params=[planted, bomb_over_the_cap, shared_and_forged]
)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory, request
):
    options = offline_options(request.param(tmp_path_factory), diagnostics={"debounceMs": 0})
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_catalog_checks_survive_a_bad_cache(client: RecordingClient) -> None:
    uri = uri_for("bad-cache")
    open_document(client, uri, MF302_TEXT)
    published = await wait_for_publish(client, uri, version=1)
    assert [d.code for d in published.diagnostics] == ["MF302"]
    assert "gpt-4o-mini" in published.diagnostics[0].message


@pytest.mark.asyncio(loop_scope="module")
async def test_the_status_says_why_a_cache_was_refused(
    client: RecordingClient, request: pytest.FixtureRequest
) -> None:
    status = await execute(client, CATALOG_STATUS)
    assert status["catalog"]["origin"] == "snapshot"
    refused = status["cache"]["refused"]
    if "shared_and_forged" in request.node.callspec.id:
        assert "writable by other users (mode 0777)" in refused and "chmod 700" in refused
    else:
        assert refused is None  # a bad cache is set aside, not refused
