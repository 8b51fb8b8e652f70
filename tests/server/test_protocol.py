"""``ModelForgeProtocol``: notifications leave no futures behind; the last message is timed."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from modelforge_lsp.server.app import create_server
from modelforge_lsp.server.protocol import ModelForgeProtocol
from modelforge_lsp.server.server import ModelForgeServer

METHOD = "modelforge/test/tick"


def deliver(protocol: ModelForgeProtocol, params: dict[str, Any]) -> None:
    """One notification, decoded and dispatched as pygls's reader does."""
    body = json.dumps({"jsonrpc": "2.0", "method": METHOD, "params": params})
    protocol.handle_message(json.loads(body, object_hook=protocol.structure_message))


def with_handler(kind: str, seen: list[Any]) -> ModelForgeServer:
    server = create_server()
    if kind == "coroutine":

        @server.feature(METHOD)
        async def tick(ls: ModelForgeServer, params: Any) -> None:
            seen.append(params.n)

    else:

        @server.thread()
        @server.feature(METHOD)
        def tick_in_thread(ls: ModelForgeServer, params: Any) -> None:
            seen.append(params.n)

    return server


@pytest.mark.parametrize("kind", ["coroutine", "thread"])
def test_handled_notifications_leave_no_futures_behind(kind: str) -> None:
    """pygls 2.1 keeps each notification's future for good (one per keystroke)."""
    seen: list[int] = []
    server = with_handler(kind, seen)
    protocol = server.protocol
    assert isinstance(protocol, ModelForgeProtocol)

    async def scenario() -> None:
        for n in range(20):
            deliver(protocol, {"n": n})
        for _ in range(200):
            if len(seen) == 20:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # the done callbacks run on the loop after the handlers

    asyncio.run(scenario())
    assert sorted(seen) == list(range(20))
    assert protocol._request_futures == {}


def test_each_message_is_timed() -> None:
    protocol = with_handler("coroutine", []).protocol
    assert isinstance(protocol, ModelForgeProtocol)
    assert protocol.last_message == float("-inf")

    async def scenario() -> None:
        before = time.monotonic()
        deliver(protocol, {"n": 1})
        assert before <= protocol.last_message <= time.monotonic()
        await asyncio.sleep(0.01)

    asyncio.run(scenario())
