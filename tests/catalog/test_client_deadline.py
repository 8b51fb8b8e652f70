"""``ModelsDevClient``'s overall deadline, through real sockets to the fake models.dev.

httpx's timeouts are per operation, so a mirror that trickles a byte at a time, or asks to be
retried later than we can wait, would hold a fetch forever; the deadline bounds the whole fetch.
The CLI and server tests attack the real processes; these pin the library's contract quickly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from modelforge_lsp.catalog.client import ModelsDevClient
from modelforge_lsp.catalog.deadline import ConnectionSockets, FetchDeadline
from modelforge_lsp.errors import CatalogNetworkError
from tests.fake_modelsdev import Behaviour, FakeModelsDev

DEADLINE = 1.0
SLACK = 0.75
"""How far past the deadline a fetch may end: the socket shutdown and a loaded machine."""


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELFORGE_CATALOG_TOKEN", raising=False)


@pytest.fixture
def client(modelsdev_server: FakeModelsDev) -> Iterator[ModelsDevClient]:
    with ModelsDevClient(
        modelsdev_server.url, deadline=DEADLINE, read_timeout=20.0, backoff_base=0.01
    ) as made:
        yield made


def _fails_in_time(client: ModelsDevClient) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(CatalogNetworkError) as caught:
        client.fetch()
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + SLACK, f"the fetch took {elapsed:.2f}s"
    return str(caught.value), elapsed


@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers"])
def test_a_trickle_ends_at_the_deadline_not_at_the_read_timeout(
    modelsdev_server: FakeModelsDev, client: ModelsDevClient, headers: bool
) -> None:
    modelsdev_server.script(Behaviour.trickle(0.1, headers=headers))
    message, _ = _fails_in_time(client)
    assert "did not finish sending the catalog within 1 s" in message
    assert "was still sending" in message and "MODELFORGE_FETCH_DEADLINE" in message


def test_a_kept_alive_connection_is_cut_off_too(
    modelsdev_server: FakeModelsDev, client: ModelsDevClient
) -> None:
    """The second fetch reuses the first one's connection: no new socket for the deadline to
    learn of, so the client's own socket registry has to know it."""
    assert client.fetch().catalog is not None
    modelsdev_server.script(Behaviour.trickle(0.1))
    _fails_in_time(client)
    first, second = modelsdev_server.requests
    assert first.client_address == second.client_address


def test_retries_and_waits_count_against_the_deadline(
    modelsdev_server: FakeModelsDev, client: ModelsDevClient
) -> None:
    modelsdev_server.script(Behaviour.rate_limited(retry_after="5"))
    message, elapsed = _fails_in_time(client)
    assert elapsed < 0.5  # waiting 5 s could only end past the deadline: give up at once
    assert "rate-limiting" in message and "within 1 s" in message
    assert len(modelsdev_server.requests) == 1


def test_a_prompt_answer_is_untouched_and_leaves_no_timer(
    modelsdev_server: FakeModelsDev, client: ModelsDevClient
) -> None:
    assert client.fetch().catalog is not None
    time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name == "modelforge-fetch-deadline"]


def test_the_deadline_arithmetic() -> None:
    now = [100.0]
    deadline = FetchDeadline(2.0, ConnectionSockets(), clock=lambda: now[0])
    assert deadline.remaining() == 2.0 and deadline.capped(5.0) == 2.0
    now[0] = 101.5
    assert deadline.capped(0.2) == 0.2 and not deadline.expired
    now[0] = 103.0
    assert deadline.remaining() == 0.0 and deadline.expired and deadline.capped(5.0) == 0.001
    with pytest.raises(ValueError, match="more than zero"):
        FetchDeadline(0, ConnectionSockets())
