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


def test_a_check_waits_for_the_answer_under_way_and_no_longer() -> None:
    from modelforge_lsp.server.offload import until_answered

    state = DocumentState("file:///w/.model-forge/config.yaml", 1, "x" * INLINE_CHARS)
    order: list[str] = []
    release = threading.Event()

    def slow_answer() -> str:
        release.wait(5)
        order.append("answered")
        return "done"

    async def check_after_change() -> None:
        await asyncio.sleep(0.01)  # the debounce: the completion request is already in
        await until_answered(state.uri)
        order.append("checked")

    async def main() -> None:
        completing = asyncio.ensure_future(answer(state, slow_answer))
        checking = asyncio.ensure_future(check_after_change())
        await asyncio.sleep(0.05)
        assert order == [], "the check waits while the answer is under way"
        release.set()
        await asyncio.gather(completing, checking)
        await until_answered(state.uri)  # nothing under way: at once

    asyncio.run(main())
    assert order == ["answered", "checked"]
