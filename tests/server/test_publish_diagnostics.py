"""``textDocument/publishDiagnostics``: push diagnostics for a client that cannot pull.

Debounced per document, latest version only, cleared on close, in the client's encoding.
"""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types

from tests.server.conftest import (
    MF302_RANGE,
    MF302_TEXT,
    SERVER,
    SYNTAX_ERROR_TEXT,
    RecordingClient,
    close_document,
    edit_text,
    offline_options,
    open_document,
    publishes,
    replace_text,
    slow_check_server,
    uri_for,
    wait_for,
    wait_for_publish,
)

DEBOUNCE_MS = 150
CUSTOM = {"openai": {"models": {"gpt-house-preview": {"name": "In-house preview"}}}}


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(
        tmp_path_factory.mktemp("cache"),
        diagnostics={"debounceMs": DEBOUNCE_MS},
        customProviders=CUSTOM,
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=slow_check_server(delay_ms=400), scope="module")
async def slow_client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
):
    """A server whose every check takes 400 ms longer, with no debounce."""
    options = offline_options(
        tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": 0}, customProviders=CUSTOM
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


def assert_latest_only(client: RecordingClient, uri: str) -> None:
    versions = [p.version for p in publishes(client, uri) if p.version is not None]
    assert versions == sorted(versions), (
        f"an older version was published after a newer one: {versions}"
    )


@pytest.mark.asyncio(loop_scope="module")
async def test_open_publishes_the_findings(client: RecordingClient) -> None:
    uri = uri_for("open")
    open_document(client, uri, MF302_TEXT)
    published = await wait_for_publish(client, uri, version=1)
    [diagnostic] = published.diagnostics
    assert diagnostic.code == "MF302"
    assert diagnostic.source == "modelforge"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.range == MF302_RANGE
    assert "gpt-4o-mini" in diagnostic.message
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("docs/diagnostics.md#mf302")
    assert diagnostic.data == {"code": "MF302", "index": 0}
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_syntax_error_is_an_error(client: RecordingClient) -> None:
    uri = uri_for("syntax")
    open_document(client, uri, SYNTAX_ERROR_TEXT)
    published = await wait_for_publish(client, uri, version=1)
    [diagnostic] = published.diagnostics
    assert diagnostic.code == "MF101"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_change_republishes_for_the_new_version(client: RecordingClient) -> None:
    uri = uri_for("change")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    # incremental: fix the typo in place ("mnii" -> "mini")
    edit_text(client, uri, 2, types.Range(types.Position(4, 13), types.Position(4, 17)), "mini")
    published = await wait_for_publish(client, uri, version=2)
    assert not published.diagnostics
    replace_text(client, uri, 3, SYNTAX_ERROR_TEXT)
    published = await wait_for_publish(client, uri, version=3)
    assert [d.code for d in published.diagnostics] == ["MF101"]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_rapid_changes_publish_only_the_last_version(client: RecordingClient) -> None:
    uri = uri_for("debounce")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    for version in range(2, 12):  # typing, faster than the debounce
        replace_text(client, uri, version, MF302_TEXT.replace("mnii", "mnii" + "x" * version))
    last = await wait_for_publish(client, uri, version=11)
    assert "mniixxxxxxxxxxx" in last.diagnostics[0].message
    await asyncio.sleep(DEBOUNCE_MS * 2 / 1000)  # anything still in flight would arrive now
    assert [p.version for p in publishes(client, uri)] == [1, 11]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_slow_check_never_publishes_over_a_newer_version(
    slow_client: RecordingClient,
) -> None:
    client, uri = slow_client, uri_for("slow")
    try:
        open_document(client, uri, MF302_TEXT)  # version 1: its check takes 400 ms ...
        await asyncio.sleep(0.15)
        replace_text(client, uri, 2, MF302_TEXT.replace("mnii", "mini"))  # ... 2 arrives meanwhile
        published = await wait_for_publish(client, uri, version=2)
        assert not published.diagnostics
        await asyncio.sleep(0.6)  # version 1's check has long finished by now
        assert [p.version for p in publishes(client, uri)] == [2]
    finally:
        close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_close_clears_the_diagnostics(client: RecordingClient) -> None:
    uri = uri_for("close")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    close_document(client, uri)
    await wait_for(lambda: not client.diagnostics[uri], what="diagnostics cleared")
    assert_latest_only(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    line = '    models: {"🚀 rocket": {api_model_name: gpt-4o-mini}, gpt-4o-mnii: {}}'
    text = "providers:\n  openai:\n    llm_type: openai_compatible\n" + line + "\n"
    open_document(client, uri, text)
    published = await wait_for_publish(client, uri, version=1)
    [diagnostic] = [d for d in published.diagnostics if d.code == "MF302"]
    start = line.index("gpt-4o-mnii") + 1  # the rocket is one code point but two UTF-16 units
    assert diagnostic.range == types.Range(
        types.Position(3, start), types.Position(3, start + len("gpt-4o-mnii"))
    )
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_custom_provider_models_are_not_flagged(client: RecordingClient) -> None:
    uri = uri_for("custom")
    text = MF302_TEXT.replace("    auth_strategy", "      gpt-house-preview: {}\n    auth_strategy")
    open_document(client, uri, text)
    published = await wait_for_publish(client, uri, version=1)
    assert [(d.code, d.range.start.line) for d in published.diagnostics] == [("MF302", 4)]
    close_document(client, uri)
