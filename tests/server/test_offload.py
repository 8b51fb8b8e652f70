"""Small documents are answered on the event loop, big ones in a worker thread."""

from __future__ import annotations

import asyncio
import threading

import pytest

from modelforge_lsp.server.offload import INLINE_CHARS, answer
from modelforge_lsp.server.state import DocumentState


@pytest.mark.parametrize(
    ("size", "on_the_loop"),
    [
        pytest.param(INLINE_CHARS - 1, True, id="small"),
        pytest.param(INLINE_CHARS, False, id="big"),
    ],
)
def test_where_the_answer_is_computed(size: int, on_the_loop: bool) -> None:
    state = DocumentState("file:///w/.model-forge/config.yaml", 1, "x" * size)

    async def main() -> tuple[threading.Thread, threading.Thread]:
        ran_on = await answer(state, threading.current_thread)
        return threading.current_thread(), ran_on

    loop_thread, ran_on = asyncio.run(main())
    assert (ran_on is loop_thread) is on_the_loop
