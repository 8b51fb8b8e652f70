"""``FetchDeadline``: one overall time limit for a whole catalog fetch, however the server stalls.

httpx's timeouts are per operation: a read may take up to the read timeout, and a server that
trickles one byte every few seconds never trips it, so headers or body can take forever (issue
10, class 3). A deadline must therefore be enforced from outside the read that is blocking:

* every request carries httpcore's ``trace`` extension, through which the client's
  ``ConnectionSockets`` learns the socket of each connection the moment it is opened (redirect
  hops included; kept-alive connections stay known to later fetches);
* a timer fires when the deadline passes and shuts the client's sockets down, which wakes a read
  that is blocked in ``recv`` (headers or body) with an end of stream;
* each operation's own timeout is also capped by the time left, so a connect or a read that
  starts near the end cannot outlive the deadline either;
* the name lookup comes before any socket, inside ``connect``, and ``getaddrinfo`` has no
  timeout (a dead resolver's tries and retries take tens of seconds). So when a connection is
  about to be opened, the trace resolves the host itself, on a daemon thread it waits for no
  longer than the connect timeout or the time left, and hands httpcore the address it found
  (TLS still checks the certificate against the host name). A lookup that does not come back
  in time is a connect timeout; the thread is left to finish on its own.

The client then sees a broken connection, asks ``expired`` and reports the deadline, in words,
instead of the broken connection. Backoff waits between attempts are capped by ``remaining``
too: the deadline covers the fetch, retries and waits included.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, Self

import httpcore

__all__ = ["ConnectionSockets", "FetchDeadline", "NameNotResolved"]

_CONNECTED = "connection.connect_tcp.complete"
"""The httpcore trace event that carries a new connection's network stream."""
_CONNECTING = "connection.connect_tcp.started"
"""The httpcore trace event before a connection is opened; its info is ``connect_tcp``'s
keyword arguments themselves, so a host replaced there is the one connected to."""


class ConnectionSockets:
    """The sockets of one client's open connections: what a passed deadline shuts down.

    A client runs one fetch at a time, so every connection it has open belongs to that fetch.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def add(self, sock: socket.socket) -> None:
        with self._lock:  # forget the ones their owners closed meanwhile
            self._sockets = [known for known in self._sockets if known.fileno() != -1]
            self._sockets.append(sock)

    def shut_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


class FetchDeadline:
    """Started with ``with``; ``trace`` is the httpcore trace extension for every request.

    ``seconds`` counts from construction; when they pass, ``sockets`` are shut down. ``clock``
    is for tests of the arithmetic only: the timer itself always runs on real time.
    """

    def __init__(
        self,
        seconds: float,
        sockets: ConnectionSockets,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if seconds <= 0:
            raise ValueError("the fetch deadline must be more than zero seconds")
        self.seconds = seconds
        self._sockets = sockets
        self._clock = clock
        self._ends = clock() + seconds
        self._tripped = threading.Event()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Self:
        self._timer = threading.Timer(self.remaining(), self._trip)
        self._timer.daemon = True
        self._timer.name = "modelforge-fetch-deadline"
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        return max(0.0, self._ends - self._clock())

    @property
    def expired(self) -> bool:
        return self._tripped.is_set() or self.remaining() <= 0

    def capped(self, limit: float) -> float:
        """``limit`` or the time left, whichever is shorter (at least a millisecond: a zero
        timeout would mean "no time at all" to some operations, and an error to httpx)."""
        return max(0.001, min(limit, self.remaining()))

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's ``trace`` extension: resolve each host within the deadline, and make
        each new connection's socket known."""
        if event == _CONNECTING:
            self._resolve(info)
            return
        if event != _CONNECTED:
            return
        stream = info.get("return_value")
        sock = None if stream is None else stream.get_extra_info("socket")
        if not isinstance(sock, socket.socket):
            return
        self._sockets.add(sock)
        if self._tripped.is_set():  # connected after the deadline passed: end it at once
            _shut(sock)

    def _resolve(self, info: dict[str, Any]) -> None:
        host, port = info.get("host"), info.get("port")
        if not isinstance(host, str) or _is_address(host):
            return
        limit = self.remaining()
        if isinstance(timeout := info.get("timeout"), int | float):
            limit = min(limit, timeout)
        found: list[str] = []
        failed: list[OSError] = []

        def look_up() -> None:
            try:
                answers = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
                found.extend(str(answer[4][0]) for answer in answers)
            except OSError as error:
                failed.append(error)

        lookup = threading.Thread(target=look_up, name="modelforge-resolve", daemon=True)
        lookup.start()
        lookup.join(limit)
        if failed:
            raise NameNotResolved(failed[0]) from failed[0]
        if not found:  # still looking (or an empty answer)
            raise httpcore.ConnectTimeout(f"looking up {host} took more than {limit:.3g}s")
        info["host"] = found[0]  # the resolver's preferred address, as connect would try first

    def _trip(self) -> None:
        self._tripped.set()
        self._sockets.shut_all()


class NameNotResolved(httpcore.ConnectError):
    """The resolver answered that the host has no address. It keeps the resolver's error as
    ``error``: httpcore's pool re-raises connect failures ``from None``, which drops the cause
    that ``catalog.offline`` looks for."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _shut(sock: socket.socket) -> None:
    """Shut a socket down (not close: the owner closes it) so a blocked ``recv`` returns."""
    with contextlib.suppress(OSError):  # already closed by its owner, or never connected
        sock.shutdown(socket.SHUT_RDWR)
