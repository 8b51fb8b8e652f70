"""A document over the size limit, through the real server: refused by every request, at once.

The limit (``config.syntax.DEFAULT_MAX_BYTES``, 2 MiB) used to hold for diagnostics only: hover
and completion still scanned the whole text -- seconds per request on a file of a few
megabytes, a worker thread each, so four of them at once starved every other document. Here a
12 MB config is opened; hover and completion on it must answer empty at once (with a log line),
its diagnostics must still say why (MF102), and a small document's hover must not wait for it.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.config.syntax import DEFAULT_MAX_BYTES
from modelforge_lsp.server.state import DocumentState
from tests.server.conftest import (
    CLEAN_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    uri_for,
    wait_for,
    wait_for_publish,
)

HEADER = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n"
ENTRY = "      model-{0:07d}:\n        api_model_name: gpt-4o-mini\n"
MODELS = 12 * 1024 * 1024 // len(ENTRY.format(0))
BIG_TEXT = HEADER + "".join(ENTRY.format(index) for index in range(MODELS))
LAST_MODEL_LINE = 4 + 2 * (MODELS - 1) + 1
"""The ``api_model_name`` line of the last model: where a scan of the whole text ends."""
AT_ONCE = 1.5
"""Seconds: an answer that does not look at the text (on a shared, loaded machine)."""


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


def hover(client: RecordingClient, uri: str, line: int, character: int) -> asyncio.Future[object]:
    """Sent now (an ``_async`` call would wait to send until awaited)."""
    return asyncio.wrap_future(
        client.text_document_hover(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line, character),
            )
        )
    )


def complete(
    client: RecordingClient, uri: str, line: int, character: int
) -> asyncio.Future[object]:
    return asyncio.wrap_future(
        client.text_document_completion(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line, character),
            )
        )
    )


async def opened_big(client: RecordingClient, name: str) -> str:
    """Open the big document and wait until the server has it (its MF102 is published)."""
    assert len(BIG_TEXT.encode()) > DEFAULT_MAX_BYTES
    uri = uri_for(name)
    open_document(client, uri, BIG_TEXT)
    published = await wait_for_publish(client, uri, 1)
    assert [d.code for d in published.diagnostics] == ["MF102"]
    return uri


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_and_completion_on_a_too_large_document_answer_empty_at_once(
    client: RecordingClient,
) -> None:
    uri = await opened_big(client, "big-answers")
    started = time.monotonic()
    card = await hover(client, uri, LAST_MODEL_LINE, 28)
    items = await complete(client, uri, LAST_MODEL_LINE, 28)
    elapsed = time.monotonic() - started
    assert card is None
    assert items is None
    assert elapsed < 2 * AT_ONCE, f"{elapsed:.1f}s for two requests on a refused document"
    logged = await wait_for(
        lambda: [m.message for m in client.log_messages if "too large" in m.message],
        what="a log line about the refused document",
    )
    assert any(uri in line and "hover" in line for line in logged), logged
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_big_document_never_delays_a_small_ones_hover(client: RecordingClient) -> None:
    big = await opened_big(client, "big-crowd")
    small = uri_for("small-beside-big")
    open_document(client, small, CLEAN_TEXT)
    await wait_for_publish(client, small, 1)
    crowd = [hover(client, big, LAST_MODEL_LINE, 28) for _ in range(4)]
    crowd += [complete(client, big, LAST_MODEL_LINE, 28) for _ in range(4)]
    started = time.monotonic()
    card = await hover(client, small, 4, 10)
    waited = time.monotonic() - started
    assert card is not None
    assert waited < AT_ONCE, f"the small document's hover waited {waited:.1f}s for the big one"
    await asyncio.wait_for(asyncio.gather(*crowd), 10 * AT_ONCE)
    close_document(client, big)
    close_document(client, small)


def test_a_too_large_state_is_never_split_into_lines() -> None:
    state = DocumentState(uri_for("big-state"), 1, BIG_TEXT)
    assert state.too_large and state.size == len(BIG_TEXT.encode())
    assert state.mapper.lines == ["providers:"]  # MF102's line, not 400,000 of them
    assert state.document.too_large and state.document.root is None
    small = DocumentState(uri_for("small-state"), 1, CLEAN_TEXT)
    assert not small.too_large and len(small.mapper.lines) == CLEAN_TEXT.count("\n") + 1


GATEWAY = (
    "providers:\n  gateway:\n    llm_type: openai_compatible\n"
    "    base_url: https://gateway.example.com/v1\n    auth_strategy: api_key\n    models:\n"
)
NEAR_LIMIT_TEXT = (
    GATEWAY
    + "".join(f"      openrouter-style-model-{index:06d}: {{}}\n" for index in range(50_000))
    + "current_model: {provider: gateway, model: m-missing}\n"
)


@pytest.mark.asyncio(loop_scope="module")
async def test_fifty_thousand_models_under_the_size_limit_are_checked(
    client: RecordingClient,
) -> None:
    """Not refused (``MAX_NODES``): the reference on the last line is found."""
    assert 1_800_000 < len(NEAR_LIMIT_TEXT.encode()) < DEFAULT_MAX_BYTES
    uri = uri_for("fifty-thousand")
    open_document(client, uri, NEAR_LIMIT_TEXT)
    published = await wait_for_publish(client, uri, 1)
    codes = {d.code for d in published.diagnostics}
    assert not codes & {"MF101", "MF102"}, codes
    last_line = NEAR_LIMIT_TEXT.count("\n") - 1
    assert any(
        d.range.start.line == last_line and "m-missing" in d.message for d in published.diagnostics
    ), [(d.code, d.message) for d in published.diagnostics]
    close_document(client, uri)
