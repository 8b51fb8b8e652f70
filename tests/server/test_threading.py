"""The threading rule: a handler that needs a parse gets it off the event loop, and never twice.

A large file takes a second or more to parse. If that happened on the event loop, every other
request -- a hover in another file, a keystroke's completion -- would wait for it. The e2e test
asks for the inlay hints of a big generated document and, while they are being computed, for a
hover in a small one: the hover must be answered first. The unit tests hold a parse open with
an event and check that the loop, ``parsed`` and ``mapper`` keep answering meanwhile.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import pytest_lsp
from lsprotocol import types

import modelforge_lsp.server.state as state_module
from modelforge_lsp.config.syntax import ConfigDocument, Position, parse_document
from modelforge_lsp.server.server import ModelForgeServer
from modelforge_lsp.server.state import DocumentState
from tests.server.conftest import (
    CLEAN_TEXT,
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    uri_for,
)

BIG_MODELS = 6000
"""About 300 KiB of YAML: a parse of a second or more, where a hover takes milliseconds."""
PULL = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities()
    )
)
"""A client that pulls diagnostics, so the big file is parsed once (on open) and not checked."""


def big_config(models: int) -> str:
    lines = ["providers:", "  openai:", "    llm_type: openai_compatible", "    models:"]
    for index in range(models):
        lines += [f"      model-{index}:", "        api_model_name: gpt-4o-mini"]
    return "\n".join(lines) + "\n"


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=PULL, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_hover_is_answered_while_a_big_document_parses(client: RecordingClient) -> None:
    big, small = uri_for("threading-big"), uri_for("threading-small")
    open_document(client, small, CLEAN_TEXT)
    small_position = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(4, 10)
    )
    assert await client.text_document_hover_async(small_position)  # the catalog is read
    open_document(client, big, big_config(BIG_MODELS))  # its parse starts now, off the loop
    hints = asyncio.wrap_future(  # sent now, before the hover (an ``_async`` call would wait)
        client.text_document_inlay_hint(
            types.InlayHintParams(
                text_document=types.TextDocumentIdentifier(uri=big),
                range=types.Range(types.Position(0, 0), types.Position(2 * BIG_MODELS + 5, 0)),
            )
        )
    )
    hover = await client.text_document_hover_async(small_position)
    assert hover is not None
    assert not hints.done(), "the hover waited for the big document's parse"
    assert len(await hints or []) == BIG_MODELS
    close_document(client, big)
    close_document(client, small)


# -- the parse helper and the state, in-process ----------------------------------------------------


class HeldParse:
    """``parse_document`` that waits for ``release`` (set after at most 5 s), counting calls."""

    def __init__(self) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, text: str) -> ConfigDocument:
        self.threads.append(threading.current_thread())
        self.started.set()
        self.release.wait(5)
        return parse_document(text)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldParse]:
    parse = HeldParse()
    monkeypatch.setattr(state_module, "parse_document", parse)
    yield parse
    parse.release.set()


def test_the_server_parses_in_a_worker_thread_once(held: HeldParse) -> None:
    server = ModelForgeServer()  # never started: only its parse helper is used
    state = DocumentState(uri_for("helper"), 1, MF302_TEXT)

    async def two_requests_while_the_parse_is_held() -> tuple[ConfigDocument, ConfigDocument]:
        first = asyncio.ensure_future(server.parse(state))
        second = asyncio.ensure_future(server.parse(state))
        assert await asyncio.to_thread(held.started.wait, 5)
        await asyncio.sleep(0.05)  # the loop keeps running while the parse is under way
        assert not first.done() and not second.done()
        assert state.parsed is None
        held.release.set()
        return await first, await second

    first, second = asyncio.run(two_requests_while_the_parse_is_held())
    assert first is second is state.parsed
    assert len(held.threads) == 1 and held.threads[0] is not threading.main_thread()


def test_an_existing_parse_is_awaited_not_repeated(held: HeldParse) -> None:
    server = ModelForgeServer()
    state = DocumentState(uri_for("awaited"), 1, MF302_TEXT)
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(lambda: state.document)  # e.g. the diagnostics check
        assert held.started.wait(5)

        async def request() -> ConfigDocument:
            waiting = asyncio.ensure_future(server.parse(state))
            await asyncio.sleep(0.05)
            assert not waiting.done()
            held.release.set()
            return await waiting

        assert asyncio.run(request()) is check.result()
    assert len(held.threads) == 1


def test_a_parse_under_way_holds_no_lock(held: HeldParse) -> None:
    state = DocumentState(uri_for("no-lock"), 1, MF302_TEXT)
    with ThreadPoolExecutor(3) as pool:
        parsing = pool.submit(lambda: state.document)
        assert held.started.wait(5)
        assert pool.submit(lambda: state.parsed).result(timeout=1) is None
        mapper = pool.submit(lambda: state.mapper).result(timeout=1)
        assert mapper.to_lsp_position(Position(4, 6)) == types.Position(4, 6)
        held.release.set()
        assert parsing.result(timeout=5) is state.parsed


def test_a_cancelled_request_leaves_the_shared_parse_intact(held: HeldParse) -> None:
    """A client cancels a request (``$/cancelRequest``) that waits on a parse a check started:
    the wait ends, the check still gets its parse, and later requests get it too."""
    server = ModelForgeServer()
    state = DocumentState(uri_for("cancelled"), 1, MF302_TEXT)
    with ThreadPoolExecutor(1) as pool:
        check = pool.submit(lambda: state.document)
        assert held.started.wait(5)

        async def cancel_then_ask_again() -> ConfigDocument:
            waiting = asyncio.ensure_future(server.parse(state))
            await asyncio.sleep(0.05)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            held.release.set()
            return await server.parse(state)

        later = asyncio.run(cancel_then_ask_again())
        assert check.result(timeout=5) is later is state.parsed
