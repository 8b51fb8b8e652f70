"""The adaptive debounce of pushed diagnostics: at once while the checks keep up, coalesced while
the user types faster than they finish, and never a superseded version.

``debounceMs`` is set to its maximum in these servers: a publish that arrives before a test's
wait runs out (5 s) proves that a fast document was not held for it.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.server.features.diagnostics import QUIET_S, debounce_delay
from tests.server.conftest import (
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    publishes,
    replace_text,
    slow_check_server,
    uri_for,
    wait_for,
    wait_for_publish,
)

LONGEST_MS = 10_000
"""The longest debounce the settings allow: longer than any wait below."""


@pytest.mark.parametrize(
    ("behind", "check_s", "max_s", "expected"),
    [
        pytest.param(False, 0.004, 0.2, QUIET_S, id="keeping-up-small"),
        pytest.param(False, 1.5, 0.2, QUIET_S, id="keeping-up-big"),
        pytest.param(True, 0.004, 0.2, QUIET_S, id="behind-small"),
        pytest.param(True, 0.12, 0.2, 0.12, id="behind-waits-a-check"),
        pytest.param(True, 1.5, 0.2, 0.2, id="behind-capped"),
        pytest.param(True, 1.5, 0.0, 0.0, id="zero-never-waits"),
    ],
)
def test_debounce_delay(behind: bool, check_s: float, max_s: float, expected: float) -> None:
    assert debounce_delay(behind=behind, check_s=check_s, max_s=max_s) == expected


def _initialize(tmp_path_factory: pytest.TempPathFactory) -> types.InitializeParams:
    options = offline_options(
        tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": LONGEST_MS}
    )
    return types.InitializeParams(
        capabilities=types.ClientCapabilities(), initialization_options=options
    )


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(_initialize(tmp_path_factory))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=slow_check_server(delay_ms=400), scope="module")
async def slow_client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Every check takes 400 ms longer: a burst of edits arrives while one is being checked."""
    await lsp_client.initialize_session(_initialize(tmp_path_factory))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_fast_document_is_published_without_the_fixed_wait(
    client: RecordingClient,
) -> None:
    uri = uri_for("fast")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    for version in (2, 3):  # each edit after the previous one's diagnostics arrived
        replace_text(client, uri, version, MF302_TEXT.replace("mnii", "mnii" + "x" * version))
        published = await wait_for(
            lambda v=version: next((p for p in publishes(client, uri) if p.version == v), None),
            timeout=5,
            what=f"v{version} well before the {LONGEST_MS} ms debounce",
        )
        assert "mnii" + "x" * version in published.diagnostics[0].message
    assert [p.version for p in publishes(client, uri)] == [1, 2, 3]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_only_the_last_of_a_burst_is_published(slow_client: RecordingClient) -> None:
    client, uri = slow_client, uri_for("burst")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    for version in range(2, 9):  # faster than one check: 2 is superseded while checked
        replace_text(client, uri, version, MF302_TEXT.replace("mnii", "mnii" + "x" * version))
    last = await wait_for_publish(client, uri, version=8)
    assert "mnii" + "x" * 8 in last.diagnostics[0].message
    # One check at a time: version 2's finished before 8's began, and was dropped, not shown.
    assert [p.version for p in publishes(client, uri)] == [1, 8]
    close_document(client, uri)
