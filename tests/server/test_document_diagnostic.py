"""``textDocument/diagnostic``: pull diagnostics for a client that declares it can pull."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types

from tests.server.conftest import (
    MF302_RANGE,
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    replace_text,
    uri_for,
    wait_for,
)

PULL_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities()
    ),
    workspace=types.WorkspaceClientCapabilities(
        diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    ),
)


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": 0})
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=PULL_CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


async def pull(
    client: RecordingClient, uri: str, previous: str | None = None
) -> types.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            identifier="modelforge",
            previous_result_id=previous,
        )
    )


@pytest.mark.asyncio(loop_scope="module")
async def test_full_then_unchanged_then_full_after_a_change(client: RecordingClient) -> None:
    uri = uri_for("pull")
    open_document(client, uri, MF302_TEXT)
    first = await pull(client, uri)
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.range) for d in first.items] == [("MF302", MF302_RANGE)]
    assert first.result_id

    again = await pull(client, uri, previous=first.result_id)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id

    replace_text(client, uri, 2, MF302_TEXT.replace("mnii", "mini"))
    changed = await pull(client, uri, previous=first.result_id)
    assert isinstance(changed, types.RelatedFullDocumentDiagnosticReport)
    assert not changed.items and changed.result_id != first.result_id
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_pull_client_gets_no_pushes(client: RecordingClient) -> None:
    uri = uri_for("no-push")
    open_document(client, uri, MF302_TEXT)
    await pull(client, uri)
    await asyncio.sleep(0.3)
    close_document(client, uri)
    await asyncio.sleep(0.1)
    assert client.published == []


@pytest.mark.asyncio(loop_scope="module")
async def test_a_document_that_is_not_open_has_an_empty_report(client: RecordingClient) -> None:
    report = await pull(client, uri_for("never-opened"))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert not report.items


@pytest.mark.asyncio(loop_scope="module")
async def test_settings_change_asks_the_client_to_pull_again(client: RecordingClient) -> None:
    uri = uri_for("refresh")
    open_document(client, uri, MF302_TEXT)
    before = await pull(client, uri)
    refreshes = client.diagnostic_refresh_count
    off = {"checks": {"severity": {"MF302": "off"}}}
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(off))
    await wait_for(lambda: client.diagnostic_refresh_count > refreshes, what="a refresh request")
    after = await pull(client, uri, previous=before.result_id)
    assert isinstance(after, types.RelatedFullDocumentDiagnosticReport)
    assert not after.items
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams({"checks": {}}))
    close_document(client, uri)
