"""Which requests wait for the catalog, and how they wait.

``initialize`` is answered before the catalog is read (``ModelForgeServer.use_settings`` reads
it in a worker thread right after), so a request can arrive while it is still loading. Those
that answer from the catalog -- ``CATALOG_METHODS``, every command, every check -- first await
``ModelForgeServer.catalog_loaded()``; nothing else waits: text synchronisation, links, rename,
definition and the rest are answered at once.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from lsprotocol import types

__all__ = ["CATALOG_METHODS", "after", "settle"]

F = TypeVar("F", bound=Callable[..., Any])

CATALOG_METHODS = frozenset(
    {
        types.TEXT_DOCUMENT_COMPLETION,
        types.COMPLETION_ITEM_RESOLVE,
        types.TEXT_DOCUMENT_HOVER,
        types.TEXT_DOCUMENT_INLAY_HINT,
        types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.TEXT_DOCUMENT_DIAGNOSTIC,
    }
)
"""Requests whose answer reads the catalog."""


def after(ready: Callable[[], Awaitable[None]], handler: F) -> F:
    """An ``async`` ``handler`` that first awaits ``ready()``; a plain one as it is.

    A plain handler runs on the event loop (or, marked ``@server.thread()``, in a worker) and
    cannot await; ours that read the catalog (``completionItem/resolve``) only ever follow a
    request that waited for it. ``functools.wraps`` keeps what pygls inspects (the ``ls``
    parameter, type hints for command arguments).
    """
    if not inspect.iscoroutinefunction(handler):
        return handler

    @functools.wraps(handler)
    async def after_ready(*args: Any, **kwargs: Any) -> Any:
        await ready()
        return await handler(*args, **kwargs)

    return after_ready  # type: ignore[return-value]


async def settle(current: Callable[[], asyncio.Task[Any] | None]) -> None:
    """Return once the task ``current()`` names is done -- and the one that replaced it, if a
    newer one did meanwhile. Shielded: a cancelled waiter never cancels the task."""
    while (task := current()) is not None and not task.done():
        await asyncio.shield(task)
