"""Stdio: an editor's pipe is read by the event loop itself; a file or a terminal by pygls's
threaded reader. Both answer, and a client that dies mid-message ends the server."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from modelforge_lsp.server.stdio import reads_on_the_loop
from tests.server.conftest import framed

SERVER = [sys.executable, "-m", "modelforge_lsp.server"]
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}


CLOSE = framed(
    {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}
)


def read_message(stream: IO[bytes]) -> dict[str, Any]:
    """One framed message from ``stream``."""
    size = 0
    while (line := stream.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            size = int(line.split(b":")[1])
    message: dict[str, Any] = json.loads(stream.read(size))
    return message


def reply_to(stream: IO[bytes], request_id: int) -> dict[str, Any]:
    """The response to ``request_id``, past any notification the server sends first."""
    while "method" in (message := read_message(stream)) or message.get("id") != request_id:
        pass
    return message


def environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "MODELFORGE_OFFLINE": "1", "MODELFORGE_CACHE_DIR": str(tmp_path)}


def served(tmp_path: Path, sent: bytes | IO[bytes]) -> subprocess.CompletedProcess[bytes]:
    """The server run to its end on ``sent``: bytes through a pipe, or an open file as stdin."""
    return subprocess.run(
        SERVER,
        input=sent if isinstance(sent, bytes) else None,
        stdin=None if isinstance(sent, bytes) else sent,
        capture_output=True,
        timeout=120,
        env=environment(tmp_path),
        check=False,
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_pipes_and_sockets_are_read_on_the_loop_files_are_not(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    reply_read, reply_write = os.pipe()
    left, right = socket.socketpair()
    file = tmp_path / "messages"
    file.write_bytes(b"")
    try:
        with (
            open(read_end, "rb", closefd=False) as pipe,
            open(reply_write, "wb", closefd=False) as out,
            file.open("rb") as regular,
            left.makefile("rb") as sock,
            right.makefile("wb") as other,
            left.makefile("wb") as same,
        ):
            assert reads_on_the_loop(pipe, out)
            assert reads_on_the_loop(sock, other)
            assert not reads_on_the_loop(regular, out)
            # one socket for both ends (socat EXEC:, inetd): made non-blocking for reading,
            # stdout's writes would be cut short, so pygls's reader keeps it
            assert not reads_on_the_loop(sock, same)
    finally:
        for end in (read_end, write_end, reply_read, reply_write):
            os.close(end)
        left.close()
        right.close()
    assert not reads_on_the_loop(io.BytesIO(b""), io.BytesIO())  # no descriptor at all


def test_a_session_over_a_pipe_is_answered_and_ends_cleanly(tmp_path: Path) -> None:
    """As an editor talks: each request's answer read before the next is sent."""
    server = subprocess.Popen(
        SERVER,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment(tmp_path),
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        server.stdin.write(framed(INITIALIZE))
        server.stdin.flush()
        assert "hoverProvider" in reply_to(server.stdout, 1)["result"]["capabilities"]
        server.stdin.write(framed({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.write(CLOSE)
        server.stdin.flush()
        assert reply_to(server.stdout, 2)["result"] is None
        assert server.wait(timeout=60) == 0
    finally:
        server.kill()
        server.stdin.close()
        server.stdout.close()


def test_a_session_from_a_file_takes_pyglss_reader_and_is_answered(tmp_path: Path) -> None:
    messages = tmp_path / "session.jsonrpc"
    messages.write_bytes(CLOSE)
    with messages.open("rb") as stdin:
        done = served(tmp_path, stdin)
    assert done.returncode == 0, done.stderr.decode()
    assert reply_to(io.BytesIO(done.stdout), 2)["result"] is None


def test_a_client_gone_mid_message_ends_the_server(tmp_path: Path) -> None:
    """The pipe closes 10 bytes into a 100-odd-byte body: the server exits, answering nothing."""
    header = framed(INITIALIZE).split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    done = served(tmp_path, header + b'{"jsonrpc"')
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    assert b"mid-message" in done.stderr


def test_shutdown_right_behind_a_pending_request_is_answered(tmp_path: Path) -> None:
    """Read on the loop, ``shutdown`` arrives while ``initialize`` (a generator handler) is still
    pending, and cancels it: the cancelled future's callback must not touch pygls's table of
    pending requests while shutdown iterates over it (it did: an internal error, not ``null``)."""
    done = served(tmp_path, framed(INITIALIZE) + CLOSE)
    assert done.returncode == 0, done.stderr.decode()
    assert reply_to(io.BytesIO(done.stdout), 2) == {"jsonrpc": "2.0", "id": 2, "result": None}


def test_a_header_line_over_the_readers_limit_is_skipped_as_pyglss_reader_skips_it(
    tmp_path: Path,
) -> None:
    """asyncio's reader refuses a line over 64 KiB; the session goes on past it."""
    junk = b"X-Padding: " + b"x" * 200_000 + b"\r\n"
    done = served(tmp_path, junk + CLOSE)
    assert done.returncode == 0, done.stderr.decode()
    assert reply_to(io.BytesIO(done.stdout), 2) == {"jsonrpc": "2.0", "id": 2, "result": None}
