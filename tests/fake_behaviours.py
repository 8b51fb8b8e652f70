"""How the fake models.dev answers one request: the scripted faults of ``tests/fake_modelsdev``.

Each ``Behaviour`` is a name (for failure messages) and a function of the request handler. They
misbehave the way real networks and mirrors do -- slowly, halfway, byte by byte, with resets,
wrong sizes, broken gzip, redirects to nowhere -- so the client meets each fault through a real
socket. Import ``Behaviour`` from ``tests.fake_modelsdev``; it is re-exported there.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Mapping
from gzip import compress as gzip_compress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fake_modelsdev import _Handler

__all__ = ["CATALOG_PATH", "CHUNK", "HOST", "Behaviour"]

CATALOG_PATH = "/api.json"
HOST = "127.0.0.1"
CHUNK = 64 * 1024


class Behaviour:
    """How the server answers one request. Build one with the class methods below."""

    def __init__(self, name: str, respond: Callable[[_Handler], None]) -> None:
        self.name = name
        self.respond = respond

    def __repr__(self) -> str:
        return f"Behaviour.{self.name}"

    @classmethod
    def ok(cls, *, gzip: bool | None = None) -> Behaviour:
        """Serve the document like models.dev; ``gzip=None`` compresses when the client asks."""
        return cls(f"ok(gzip={gzip})", lambda h: h.send_document(gzip))

    @classmethod
    def slow(cls, seconds: float) -> Behaviour:
        """Wait ``seconds`` before sending anything, then answer normally."""

        def respond(h: _Handler) -> None:
            h.fake.wait(seconds)
            h.send_document(False)

        return cls(f"slow({seconds})", respond)

    @classmethod
    def stall_mid_body(cls, seconds: float) -> Behaviour:
        """Send the headers and half the body, wait ``seconds``, then send the rest."""

        def respond(h: _Handler) -> None:
            body = h.fake.document
            h.send_head(200, {"Content-Type": "application/json"}, len(body))
            h.wfile.write(body[: len(body) // 2])
            h.fake.wait(seconds)
            h.wfile.write(body[len(body) // 2 :])

        return cls(f"stall_mid_body({seconds})", respond)

    @classmethod
    def reset(cls) -> Behaviour:
        """Read the request, then reset the connection (TCP RST) without answering."""
        return cls("reset()", lambda h: h.reset_connection())

    @classmethod
    def reset_mid_body(cls) -> Behaviour:
        """Promise the whole body in Content-Length, send half of it, then reset the connection."""

        def respond(h: _Handler) -> None:
            body = h.fake.document
            h.send_head(200, {"Content-Type": "application/json"}, len(body))
            h.wfile.write(body[: len(body) // 2])
            h.reset_connection()

        return cls("reset_mid_body()", respond)

    @classmethod
    def status(
        cls, code: int, *, headers: Mapping[str, str] | None = None, body: bytes = b""
    ) -> Behaviour:
        """Answer ``code`` with the given headers and body (e.g. 500, 503, 404)."""
        return cls(f"status({code})", lambda h: h.send_body(code, body, dict(headers or {})))

    @classmethod
    def rate_limited(cls, retry_after: str | None = None) -> Behaviour:
        """429 Too Many Requests, with ``Retry-After`` (seconds or an HTTP-date) when given."""
        headers = {} if retry_after is None else {"Retry-After": retry_after}
        return cls(f"rate_limited({retry_after!r})", lambda h: h.send_body(429, b"", headers))

    @classmethod
    def body(cls, data: bytes, *, gzip: bool = False) -> Behaviour:
        """200 with exactly ``data`` as the (JSON-typed) body; ``gzip=True`` compresses it."""

        def respond(h: _Handler) -> None:
            payload, headers = data, {"Content-Type": "application/json"}
            if gzip:
                payload, headers["Content-Encoding"] = gzip_compress(data, mtime=0), "gzip"
            h.send_body(200, payload, headers)

        return cls(f"body({len(data)} bytes)", respond)

    @classmethod
    def json(cls, value: Any) -> Behaviour:
        """200 with ``value`` serialised as JSON (for schema-drift cases)."""
        return cls.body(json.dumps(value).encode())

    @classmethod
    def truncated_gzip(cls) -> Behaviour:
        """A gzip body cut in half, with a Content-Length that matches the cut body."""

        def respond(h: _Handler) -> None:
            whole = gzip_compress(h.fake.document, mtime=0)
            headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
            h.send_body(200, whole[: len(whole) // 2], headers)

        return cls("truncated_gzip()", respond)

    @classmethod
    def corrupt_gzip(cls) -> Behaviour:
        """A gzip header followed by a deflate block of a type that does not exist."""
        data = gzip_compress(b"{}", mtime=0)[:10] + b"\xff" * 64
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return cls("corrupt_gzip()", lambda h: h.send_body(200, data, headers))

    @classmethod
    def oversized(cls, size: int, *, content_length: bool = True) -> Behaviour:
        """``size`` bytes of body, announced in Content-Length or sent chunked without one."""

        def respond(h: _Handler) -> None:
            headers = {"Content-Type": "application/json"}
            if content_length:
                h.send_head(200, headers, size)
                for start in range(0, size, CHUNK):
                    h.wfile.write(b" " * min(CHUNK, size - start))
                return
            h.send_head(200, {**headers, "Transfer-Encoding": "chunked"}, None)
            for start in range(0, size, CHUNK):
                piece = min(CHUNK, size - start)
                h.wfile.write(b"%x\r\n%s\r\n" % (piece, b" " * piece))
            h.wfile.write(b"0\r\n\r\n")

        return cls(f"oversized({size}, content_length={content_length})", respond)

    @classmethod
    def trickle(cls, interval: float, *, headers: bool = False) -> Behaviour:
        """Send the catalog one byte every ``interval`` seconds (the status line and headers as
        well when ``headers``): every read returns in time, so only an overall deadline ends it."""

        def respond(h: _Handler) -> None:
            body = h.fake.document
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            head += b"Content-Length: %d\r\n\r\n" % len(body)
            if not headers:
                h.wfile.write(head)
            for byte in ((head if headers else b"") + body)[:100_000]:
                h.wfile.write(bytes((byte,)))
                if h.fake.wait(interval):  # reset or stopped: stop trickling
                    break
            h.close_connection = True

        return cls(f"trickle({interval}, headers={headers})", respond)

    @classmethod
    def redirect_to_unreachable(cls) -> Behaviour:
        """Redirect to ``localhost`` on a port nothing listens on (a host other than ours)."""
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
        return cls.redirect(f"http://localhost:{port}{CATALOG_PATH}")

    @classmethod
    def redirect(cls, location: str, code: int = 302) -> Behaviour:
        """Redirect to ``location`` (absolute, or a path on this server)."""
        return cls(
            f"redirect({location!r})", lambda h: h.send_body(code, b"", {"Location": location})
        )
