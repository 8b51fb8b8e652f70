"""A real HTTP server on 127.0.0.1 that plays models.dev, and misbehaves on cue.

Tests talk to it through real sockets, so the client's timeouts, retries, gzip handling and size
cap meet real network behaviour rather than a mocked transport. By default it serves
``tests/data/catalog/api.json`` at ``/api.json`` like models.dev does: gzip when asked, with an
``ETag`` and ``Last-Modified``, and a 304 when the client's validators still match. Every other path
is a 404.

A test scripts the next answers; each request takes one behaviour from the queue, and once the
queue is empty the server falls back to ``server.default`` (normally ``Behaviour.ok()``)::

    server.script(Behaviour.status(503), Behaviour.rate_limited(retry_after="2"))
    client = ModelsDevClient(server.url)
    client.fetch()                                   # 503, then 429, then the catalog
    assert server.requests[0].headers["user-agent"].startswith("modelforge-lsp/")

Waits inside behaviours end early when the server is reset or stopped, so a test never waits for a
stalled handler of the test before it.
"""

from __future__ import annotations

import hashlib
import io
import json
import socket
import ssl
import struct
import sys
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from gzip import compress as gzip_compress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

from tests.fake_behaviours import CATALOG_PATH, HOST, Behaviour

__all__ = ["CATALOG_FILE", "Behaviour", "FakeModelsDev", "RecordedRequest"]

CATALOG_FILE = Path(__file__).parent / "data" / "catalog" / "api.json"
LAST_MODIFIED = "Wed, 01 Oct 2025 12:00:00 GMT"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server saw it; ``headers`` has lower-cased names."""

    method: str
    path: str
    headers: Mapping[str, str]
    client_address: tuple[str, int]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    timeout = 2.0  # idle keep-alive connections end, so stopping the server never hangs
    server: _Server

    @property
    def fake(self) -> FakeModelsDev:
        return self.server.fake

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()

    def do_GET(self) -> None:
        behaviour = self.fake.take(self)
        try:
            behaviour.respond(self)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client gave up on us: expected in these tests

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request log lines on stderr."""

    def send_head(self, code: int, headers: Mapping[str, str], length: int | None) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def send_body(self, code: int, body: bytes, headers: Mapping[str, str]) -> None:
        self.send_head(code, headers, len(body))
        self.wfile.write(body)

    def send_document(self, use_gzip: bool | None) -> None:
        fake = self.fake
        if self.path.partition("?")[0] != CATALOG_PATH:  # a mirror URL may carry a query
            self.send_body(404, b"not found", {"Content-Type": "text/plain"})
            return
        validators = {"ETag": fake.etag, "Last-Modified": fake.last_modified}
        if self._still_fresh(fake):
            self.send_head(304, validators, None)
            return
        body, headers = fake.document, {"Content-Type": "application/json", **validators}
        if use_gzip is None:
            use_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if use_gzip:
            body, headers["Content-Encoding"] = gzip_compress(body, mtime=0), "gzip"
        self.send_body(200, body, headers)

    def _still_fresh(self, fake: FakeModelsDev) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return if_none_match.strip() in (fake.etag, "*")
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(fake.last_modified)
        except (TypeError, ValueError):
            return False

    def reset_connection(self) -> None:
        """Close with SO_LINGER 0, so the peer sees a TCP reset rather than an orderly close."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.wfile.close()
        self.connection.close()  # the last reference: the socket really closes, with a reset
        self.rfile, self.wfile = io.BytesIO(), io.BytesIO()  # for http.server's own final flush
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeModelsDev, ssl_context: ssl.SSLContext | None) -> None:
        self.fake = fake
        self.ssl_context = ssl_context
        super().__init__((HOST, 0), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError | ssl.SSLError):
            self.fake.errors.append(repr(error))


class FakeModelsDev:
    """The fake models.dev: start it (or use it as a context manager), script it, read requests.

    Attributes: ``url`` is the full ``/api.json`` URL; ``default`` is the behaviour used when the
    script is empty; ``document`` is the served catalog (bytes), with its ``etag`` and
    ``last_modified``; ``errors`` lists unexpected exceptions raised in request handlers.
    """

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Behaviour] = deque()
        self._requests: list[RecordedRequest] = []
        self._released = threading.Event()
        self._httpd = _Server(self, ssl_context)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        scheme = "https" if ssl_context is not None else "http"
        self.base_url = f"{scheme}://{HOST}:{self._httpd.server_port}"
        self.url = self.base_url + CATALOG_PATH
        self.errors: list[str] = []
        self.default = Behaviour.ok()
        self.document = b""
        self.etag = ""
        self.last_modified = LAST_MODIFIED
        self.set_document(CATALOG_FILE.read_bytes())

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, wake stalled handlers, and close the socket; waits for handler threads."""
        self._released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def url_for(self, path: str) -> str:
        return self.base_url + path

    def set_document(
        self, data: bytes | Mapping[str, Any], *, last_modified: str | None = None
    ) -> None:
        """Serve ``data`` (raw bytes, or a mapping to encode as JSON) from now on; new ETag."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        with self._lock:
            self.document = body
            self.etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            self.last_modified = last_modified or LAST_MODIFIED

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours for the next requests, one per request, in order."""
        with self._lock:
            self._queue.extend(behaviours)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received since the last reset, oldest first (a snapshot)."""
        with self._lock:
            return list(self._requests)

    def header_values(self, name: str) -> list[str | None]:
        """The value of header ``name`` in each recorded request (``None`` where absent)."""
        return [request.headers.get(name.lower()) for request in self.requests]

    @property
    def pending(self) -> int:
        """How many scripted behaviours have not been used yet."""
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget requests, script and errors; serve the fixture catalog normally again."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()
            self._released.set()
            self._released = threading.Event()
        self.errors.clear()
        self.default = Behaviour.ok()
        self.set_document(CATALOG_FILE.read_bytes())

    def wait(self, seconds: float) -> bool:
        """Sleep in a handler; returns early (and ``True``) when the server is reset or stopped."""
        with self._lock:
            released = self._released
        return released.wait(seconds)

    def take(self, handler: _Handler) -> Behaviour:
        """Record ``handler``'s request and return the behaviour that answers it."""
        headers = {name.lower(): value for name, value in handler.headers.items()}
        request = RecordedRequest(
            handler.command, handler.path, MappingProxyType(headers), handler.client_address
        )
        with self._lock:
            self._requests.append(request)
            return self._queue.popleft() if self._queue else self.default
