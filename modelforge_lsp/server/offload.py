"""Where a request is answered: on the event loop for a small document, else a worker thread.

Hover and completion scan the text (``config.syntax.cursor``), so their cost grows with the
document: a 5,000-line config's hover takes 8 ms, long enough to hold up every other message if
answered on the event loop. A small config's takes well under a millisecond -- less than the
hop to a worker thread and back, which on a busy machine is where the slow answers came from
(95 us median, 2.4 ms p99 at load 2). So: under ``INLINE_CHARS`` characters on the loop, at or
over it in a thread. The rule is here once; each handler says which it uses by calling this.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from modelforge_lsp.server.state import DocumentState

__all__ = ["INLINE_CHARS", "answer"]

INLINE_CHARS = 4_000
"""About 130 lines of config; the C parser's threshold too (``config.syntax.compose``)."""

T = TypeVar("T")


async def answer(state: DocumentState, function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` about ``state``: at once if its text is small, else in a thread."""
    if len(state.text) < INLINE_CHARS:
        return function(*args)
    return await asyncio.to_thread(function, *args)
