"""The fetch deadline covers the name lookup too.

``getaddrinfo`` blocks inside ``connect`` with no timeout of its own (the system resolver's
tries and retries can take tens of seconds), and before a socket exists there is nothing for
the deadline to shut down. A resolver that hangs is simulated by a ``socket.getaddrinfo`` that
sleeps for one host name: the fetch must end at its deadline with the deadline's message, not
when the lookup finally gives up.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from modelforge_lsp.catalog.client import ModelsDevClient
from modelforge_lsp.errors import CatalogNetworkError

SLOW_HOST = "slow-resolver.example"
HANG = 8.0
"""Seconds the fake lookup hangs: well past the 1 s deadline."""


@pytest.fixture
def hanging_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``socket.getaddrinfo`` hangs for ``SLOW_HOST`` and then fails, as a dead resolver does."""
    asked: list[str] = []
    real = socket.getaddrinfo
    released = threading.Event()

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == SLOW_HOST:
            asked.append(host)
            released.wait(HANG)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.delenv("MODELFORGE_CATALOG_TOKEN", raising=False)
    yield asked
    released.set()


def test_a_hanging_name_lookup_ends_at_the_deadline(hanging_resolver: list[str]) -> None:
    url = f"https://{SLOW_HOST}/api.json"
    with (
        ModelsDevClient(url, deadline=1.0, max_retries=3, backoff_base=0.01) as client,
        pytest.raises(CatalogNetworkError) as caught,
    ):
        client.fetch()
    message = str(caught.value)
    assert hanging_resolver, "the lookup was never made"
    assert "within 1 s" in message and "MODELFORGE_FETCH_DEADLINE" in message, message
    assert "resolution" not in message  # not the resolver's own, much later, failure
