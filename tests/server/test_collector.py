"""``IdleCollector``: what a check makes is frozen; a sweep once the client is quiet collects
the cycles freezing hid -- and only then, and only when owed."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref
from collections.abc import Iterator

import pytest

from modelforge_lsp.server.collector import IdleCollector

QUIET = 0.05


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Tests freeze this process's heap; each leaves it as it found it."""
    yield
    gc.unfreeze()


class Cycle:
    """Reference-cycle garbage: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def leave_cycle(box: list[weakref.ref[Cycle]]) -> str:
    """A check that leaves one cycle behind; ``box`` gets a weak reference to it."""
    box.append(weakref.ref(Cycle()))
    return "findings"


def long_ago() -> float:
    return float("-inf")


def tracked(obj: object) -> bool:
    """Whether the collector's generations hold ``obj`` (frozen objects are in none)."""
    return any(o is obj for o in gc.get_objects())


def test_a_check_runs_in_a_worker_thread_and_what_it_made_is_frozen() -> None:
    threads: list[str] = []

    def check() -> list[dict[str, int]]:
        threads.append(threading.current_thread().name)
        return [{"line": n} for n in range(100)]

    async def scenario() -> list[dict[str, int]]:
        return await IdleCollector(long_ago).run_check(check)

    findings = asyncio.run(scenario())
    assert threads and threads[0] != threading.current_thread().name
    assert findings[0] == {"line": 0}
    assert not tracked(findings), "the check's result should be frozen"
    fresh: list[int] = []
    assert tracked(fresh)
    assert gc.isenabled()


def test_frozen_garbage_outlives_collections_until_a_quiet_sweep_collects_it() -> None:
    box: list[weakref.ref[Cycle]] = []

    async def scenario() -> None:
        collector = IdleCollector(long_ago, quiet_seconds=QUIET, checks_per_sweep=2)
        assert await collector.run_check(leave_cycle, box) == "findings"
        gc.collect()
        assert box[0]() is not None, "frozen: the collector should not see it"
        await asyncio.sleep(QUIET * 4)
        assert box[0]() is not None and collector.sweeps == 0, "one check of two: not owed"
        await collector.run_check(leave_cycle, box)
        await asyncio.sleep(QUIET * 4)
        assert collector.sweeps == 1

    asyncio.run(scenario())
    assert [ref() for ref in box] == [None, None]


def test_no_sweep_while_the_client_keeps_sending() -> None:
    last = [time.monotonic()]
    box: list[weakref.ref[Cycle]] = []

    async def scenario() -> IdleCollector:
        collector = IdleCollector(lambda: last[0], quiet_seconds=1.0, checks_per_sweep=1)
        await collector.run_check(leave_cycle, box)
        for _ in range(30):  # a message every QUIET for 1.5 s: never 1 s of silence
            await asyncio.sleep(QUIET)
            last[0] = time.monotonic()
        assert collector.sweeps == 0 and box[0]() is not None
        await asyncio.sleep(2.0)
        return collector

    assert asyncio.run(scenario()).sweeps == 1
    assert box[0]() is None


def test_a_catalog_swap_is_frozen_and_the_old_one_swept_once_quiet() -> None:
    old = [Cycle() for _ in range(3)]
    refs = [weakref.ref(c) for c in old]

    async def scenario() -> IdleCollector:
        collector = IdleCollector(long_ago, quiet_seconds=QUIET)
        collector.freeze_catalog()
        assert not tracked(old)
        old.clear()  # the catalog it held is replaced
        await asyncio.sleep(QUIET * 4)
        return collector

    assert asyncio.run(scenario()).sweeps == 1
    assert [ref() for ref in refs] == [None, None, None]


def test_without_an_event_loop_a_swap_is_frozen_and_the_sweep_left_for_later() -> None:
    collector = IdleCollector(long_ago, quiet_seconds=QUIET)
    kept = [Cycle()]
    collector.freeze_catalog()
    assert not tracked(kept) and collector.sweeps == 0
    assert collector.sweep() >= 0 and collector.sweeps == 1
