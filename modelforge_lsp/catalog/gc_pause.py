"""``paused_gc``: no cyclic garbage collection while a block makes many long-lived objects.

Decoding a 100k-model catalog and building its search index make a few hundred thousand
objects that hold no reference cycles. With the collector on, a pass runs every few hundred
allocations and the oldest generation is walked again and again as the heap grows: that cost
as much as the work itself (0.5 s of 1.2 s decoding 100,000 models). Paused, nothing is lost:
no cycle is made meanwhile, and the collector runs as usual once the block ends.

What such a block makes usually lives on (a command's catalog, a document version's tree), and
the collector's next passes would walk all of it, the oldest generation again and again:
``freeze=True`` freezes (``gc.freeze``) everything alive as the block ends, before the collector
resumes, so collections walk only what comes after.

Some blocks do make cycles that die young: importing ``lsprotocol.types`` has attrs build each of
its ~550 slotted classes twice and drop the first, a cycle, and paused the collector, those
stayed (9 MB more at the server's start). ``young_collections_only`` keeps the young
generations' passes, which find them, and skips only the full ones, each a walk of every object
the imports made so far (one or two, 30-80 ms, of the server's start); it then freezes what is
alive, else the full collection it held back came right after the block (37 ms in
``create_server``), walking the same modules and classes, which live as long as the process.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc", "young_collections_only"]

_lock = threading.Lock()
_open = [0, False]
"""How many ``paused_gc`` blocks are open, and whether the first found the collector on."""
_NEVER = 1 << 30
"""A threshold no count reaches."""


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """The collector off for the block (process-wide: nested and concurrent blocks turn it
    back on once, as the last one ends, and only if it was on before the first); with
    ``freeze``, what is alive when the block ends is frozen first."""
    with _lock:
        if _open[0] == 0:
            _open[1] = gc.isenabled()
            gc.disable()
        _open[0] += 1
    try:
        yield
    finally:
        with _lock:
            if freeze:
                gc.freeze()
            _open[0] -= 1
            if _open[0] == 0 and _open[1]:
                gc.enable()


@contextmanager
def young_collections_only() -> Iterator[None]:
    """No full collection during the block (the oldest generation's threshold out of reach);
    the young generations are collected as usual, and what is alive as the block ends is
    frozen. For a single-threaded start-up: the thresholds are process-wide, and put back as
    they were."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, _NEVER)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(young, middle, old)
