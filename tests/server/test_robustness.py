"""Never crash, never hang: bad input costs a log line and an empty answer, never the server."""

from __future__ import annotations

import asyncio
import inspect
import json
from concurrent.futures import Future
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.feature_manager import is_thread_function

from modelforge_lsp.server.features.commands import CATALOG_STATUS
from modelforge_lsp.server.server import ModelForgeServer
from tests.server.conftest import (
    SERVER,
    RecordingClient,
    execute,
    offline_options,
    replace_text,
    uri_for,
    wait_for,
)


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


async def send_raw_request(client: RecordingClient, msg_id: str, message: dict[str, Any]) -> Any:
    """Send a request the typed client could not build, and await its response."""
    future: Future[Any] = Future()
    client.protocol._request_futures[msg_id] = future
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id, **message}).encode()
    assert client.protocol.writer is not None
    written = client.protocol.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    if inspect.isawaitable(written):
        await written
    return await asyncio.wait_for(asyncio.wrap_future(future), timeout=10)


def errors_logged(client: RecordingClient) -> list[str]:
    return [m.message for m in client.log_messages if m.type == types.MessageType.Error]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_malformed_request_gets_an_error_answer(client: RecordingClient) -> None:
    with pytest.raises(JsonRpcInvalidParams):
        await send_raw_request(
            client, "bad-1", {"method": "textDocument/diagnostic", "params": {"textDocument": 5}}
        )
    assert (await execute(client, CATALOG_STATUS))["documents"] == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_a_change_to_a_document_that_is_not_open_is_logged(client: RecordingClient) -> None:
    before = len(errors_logged(client))
    replace_text(client, uri_for("never-opened"), 2, "providers: {}\n")
    await wait_for(lambda: len(errors_logged(client)) > before, what="an error log line")
    assert "Traceback" in errors_logged(client)[-1]
    assert client.messages == []  # logged, not thrown at the user
    assert (await execute(client, CATALOG_STATUS))["documents"] == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_an_unknown_command_is_refused_and_the_server_answers_on(
    client: RecordingClient,
) -> None:
    with pytest.raises(JsonRpcInvalidParams):
        await execute(client, "modelforge.noSuchCommand")
    assert (await execute(client, CATALOG_STATUS, "ignored", 42))["documents"] == 0


# -- the guard itself, in-process ----------------------------------------------------------------


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> ModelForgeServer:
    """A server object (never started) whose client log lines land in ``server.logged``."""
    server = ModelForgeServer()
    server.logged = []  # type: ignore[attr-defined]
    monkeypatch.setattr(server, "window_log_message", server.logged.append)  # type: ignore[attr-defined]
    return server


def test_a_failing_request_handler_answers_empty_and_logs(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC)
    def broken(ls: ModelForgeServer, params: Any) -> None:
        raise RuntimeError("boom")

    handler = server.protocol.fm.features[types.TEXT_DOCUMENT_DIAGNOSTIC]
    assert handler(None) == types.RelatedFullDocumentDiagnosticReport(items=[])
    [line] = server.logged  # type: ignore[attr-defined]
    assert line.type == types.MessageType.Error
    assert line.message.startswith("textDocument/diagnostic failed: RuntimeError('boom')")
    assert "Traceback" in line.message


def test_a_failing_async_command_answers_null(server: ModelForgeServer) -> None:
    @server.command("modelforge.broken")
    async def broken(ls: ModelForgeServer, *arguments: Any) -> None:
        raise ValueError(arguments)

    handler = server.protocol.fm.commands["modelforge.broken"]
    assert asyncio.run(handler(1, 2)) is None
    assert "ValueError((1, 2))" in server.logged[0].message  # type: ignore[attr-defined]


def test_cancellation_is_not_an_error(server: ModelForgeServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def cancelled(ls: ModelForgeServer, params: Any) -> None:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(server.protocol.fm.features[types.TEXT_DOCUMENT_HOVER](None))
    assert server.logged == []  # type: ignore[attr-defined]


def test_the_thread_marker_survives_the_guard(server: ModelForgeServer) -> None:
    @server.thread()
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def slow(ls: ModelForgeServer, params: Any) -> None:
        return None

    assert is_thread_function(server.protocol.fm.features[types.TEXT_DOCUMENT_HOVER])
