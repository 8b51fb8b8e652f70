"""``IdleCollector``: the server's garbage collection, kept out of the requests' way.

CPython's cyclic collector walks every object of each generation it collects. A check makes
the tree of one document version -- some 100,000 objects for a 5,000-model config, made anew
at every change -- and the collections that the next requests' allocations set off walked it,
20-70 ms in some rounds, on the next change's path: that was the p99 of change -> publish.
So the server collects on its own terms:

* ``run_check`` runs a check in a worker thread with the collector paused (nothing it makes
  is a cycle) and then freezes (``gc.freeze``) everything alive: the new tree goes where
  collections never look, as the catalog did when it was loaded (``freeze_catalog``). Frozen
  objects are still freed by reference counting when the next version replaces them; the
  tree, the catalog and the checks make no reference cycles (ruamel's pure parser is taken
  apart after use, ``compose.close_parser``; ``tests/config/checks/test_no_reference_cycles``
  pins it), so nothing waits on the collector.
* What freezing can hide is a cycle that is garbage, or becomes garbage, after it was frozen:
  at start-up, cattrs' generated converters leave a few hundred such objects. ``sweep``
  unfreezes, collects and freezes again, walking the whole heap (the bundled catalog
  included: 50-90 ms; 0.3 s at 100,000 models), so it runs only once the client has sent
  nothing for ``quiet_seconds``, and only when owed -- after a catalog was swapped in (the
  old one may hold cycles) or ``checks_per_sweep`` checks.

Measured (the peer bench's 5,459-line config on the bundled catalog, 150 changes per run, two
runs each): change -> publish p99 203-233 ms collected as before, 149-155 ms frozen. A sweep:
54 ms with the bundled catalog, 325 ms with a 100,000-model one (medians of 5, in one process).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from modelforge_lsp.catalog.gc_pause import paused_gc

__all__ = ["IdleCollector"]

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class IdleCollector:
    """Freezes what checks and catalog loads make; sweeps when the client is quiet."""

    def __init__(
        self,
        last_message: Callable[[], float],
        *,
        quiet_seconds: float = 5.0,
        checks_per_sweep: int = 100,
    ) -> None:
        """``last_message`` answers when (``time.monotonic()``) the client last sent anything."""
        self._last_message = last_message
        self.quiet_seconds = quiet_seconds
        self.checks_per_sweep = checks_per_sweep
        self.sweeps = 0
        self._checks = 0
        self._owed = False
        self._timer: asyncio.TimerHandle | None = None

    async def run_check(self, check: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``check(*args, **kwargs)`` in a worker thread, collector paused, then frozen."""
        result = await asyncio.to_thread(_frozen_after, functools.partial(check, *args, **kwargs))
        self._checks += 1
        if self._owed or self._checks >= self.checks_per_sweep:
            self._owe()
        return result

    def freeze_catalog(self) -> None:
        """A catalog was swapped in: freeze it, and sweep the one it replaced at the next quiet
        moment (timed from the event loop; swapped in without one, from the next check)."""
        gc.freeze()
        self._owe()

    def sweep(self) -> int:
        """Unfreeze, collect everything, freeze again; the number of objects collected."""
        started = time.perf_counter()
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        self.sweeps += 1
        self._owed, self._checks = False, 0
        log.debug(
            "collector: swept %d unreachable objects in %.0f ms, %d frozen",
            found,
            (time.perf_counter() - started) * 1000,
            gc.get_freeze_count(),
        )
        return found

    def _owe(self) -> None:
        self._owed = True
        self._wait(self.quiet_seconds)

    def _wait(self, delay: float) -> None:
        if self._timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(delay, self._when_quiet)

    def _when_quiet(self) -> None:
        self._timer = None
        waited = time.monotonic() - self._last_message()
        if waited < self.quiet_seconds:
            self._wait(self.quiet_seconds - waited)
        elif self._owed:
            self.sweep()


def _frozen_after(check: Callable[[], T]) -> T:
    with paused_gc(freeze=True):  # frozen before the collector's first pass walks the new tree
        return check()
