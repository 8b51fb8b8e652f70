"""``didOpen``/``didChange``/``didSave``/``didClose``: the server's copy of each document."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.server.features.commands import CATALOG_STATUS
from tests.server.conftest import (
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    execute,
    offline_options,
    open_document,
    publishes,
    uri_for,
    wait_for_publish,
)

SLOW_DEBOUNCE_MS = 5_000
"""Longer than any test waits: a publish before it is due proves ``didSave`` flushed the run."""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(
        tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": SLOW_DEBOUNCE_MS}
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


def change(client: RecordingClient, uri: str, version: int, *edits: tuple[str, str]) -> None:
    """One ``didChange`` with several incremental edits, each ``("l:c-l:c", new text)``."""

    def position(text: str) -> types.Position:
        line, character = text.split(":")
        return types.Position(int(line), int(character))

    changes: list[types.TextDocumentContentChangeEvent] = []
    for where, text in edits:
        start, end = where.split("-")
        range_ = types.Range(position(start), position(end))
        changes.append(types.TextDocumentContentChangePartial(range=range_, text=text))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )


def save(client: RecordingClient, uri: str) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def document_count(client: RecordingClient) -> int:
    count: int = (await execute(client, CATALOG_STATUS))["documents"]
    return count


@pytest.mark.asyncio(loop_scope="module")
async def test_open_and_close_track_the_documents(client: RecordingClient) -> None:
    first, second = uri_for("first"), uri_for("second")
    open_document(client, first, MF302_TEXT)
    open_document(client, second, MF302_TEXT)
    assert await document_count(client) == 2
    close_document(client, first)
    assert await document_count(client) == 1
    close_document(client, second)
    assert await document_count(client) == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_incremental_edits_apply_in_order(client: RecordingClient) -> None:
    uri = uri_for("incremental")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    # "gpt-4o-mnii" -> "gpt-4o-mni" -> "my-gpt-4o-mni": the second edit sees the first's result
    change(client, uri, 2, ("4:16-4:17", ""), ("4:6-4:6", "my-"))
    save(client, uri)  # runs the debounced check now
    published = await wait_for_publish(client, uri, version=2)
    [diagnostic] = published.diagnostics
    assert diagnostic.range == types.Range(types.Position(4, 6), types.Position(4, 19))
    assert "my-gpt-4o-mni" in diagnostic.message
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_save_without_pending_changes_publishes_nothing_new(
    client: RecordingClient,
) -> None:
    uri = uri_for("save")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    save(client, uri)
    assert await document_count(client) == 1  # a round trip: the save has been handled
    assert [p.version for p in publishes(client, uri)] == [1]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_reopening_starts_afresh(client: RecordingClient) -> None:
    uri = uri_for("reopen")
    open_document(client, uri, MF302_TEXT)
    await wait_for_publish(client, uri, version=1)
    close_document(client, uri)
    client.published.clear()
    open_document(client, uri, MF302_TEXT.replace("mnii", "mini"))  # version 1 again
    published = await wait_for_publish(client, uri, version=1)
    assert not published.diagnostics
    close_document(client, uri)
