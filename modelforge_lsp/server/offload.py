"""Where a request is answered, and the diagnostics giving way to it.

Hover and completion scan the text (``config.syntax.cursor``), so their cost grows with the
document: a 5,000-line config's hover takes 8 ms, long enough to hold up every other message if
answered on the event loop. A small config's takes well under a millisecond -- less than the
hop to a worker thread and back, which on a busy machine is where the slow answers came from
(95 us median, 2.4 ms p99 at load 2). So: under ``INLINE_CHARS`` characters on the loop, at or
over it in a thread. The rule is here once; each handler says which it uses by calling this.

A keystroke brings a change and, at once, a completion request; the change's check starts a
few milliseconds later, and a check running beside a completion in another thread shares the
interpreter with it (a 500-model config's completion p99 went from 6 to 37 ms). A person waits
for the completion, not for the squiggle, so a check about to start first waits until no
hover or completion about that document is being answered (``until_answered``), at most
``GIVE_WAY_S``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TypeVar

from modelforge_lsp.server.state import DocumentState

__all__ = ["GIVE_WAY_S", "INLINE_CHARS", "answer", "until_answered"]

INLINE_CHARS = 4_000
"""About 130 lines of config; the C parser's threshold too (``config.syntax.compose``)."""
GIVE_WAY_S = 0.25
"""The longest a check waits for the answers under way (a stream of requests cannot starve it)."""

T = TypeVar("T")

_in_flight: dict[str, int] = {}
"""URI -> hover and completion answers under way in worker threads (event loop only)."""
_idle: dict[str, asyncio.Event] = {}
"""URI -> set when its last answer under way is done, for a check waiting on it."""


async def answer(state: DocumentState, function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` about ``state``: at once if its text is small, else in a thread."""
    if len(state.text) < INLINE_CHARS:
        return function(*args)  # nothing can start meanwhile: no await
    uri = state.uri
    _in_flight[uri] = _in_flight.get(uri, 0) + 1
    try:
        return await asyncio.to_thread(function, *args)
    finally:
        left = _in_flight[uri] - 1
        if left:
            _in_flight[uri] = left
        else:
            del _in_flight[uri]
            if (idle := _idle.pop(uri, None)) is not None:
                idle.set()


async def until_answered(uri: str) -> None:
    """Return once no hover or completion about ``uri`` is being answered (``GIVE_WAY_S`` at
    most)."""
    if uri not in _in_flight:
        return
    idle = _idle.setdefault(uri, asyncio.Event())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(idle.wait(), GIVE_WAY_S)
