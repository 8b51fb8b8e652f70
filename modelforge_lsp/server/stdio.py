"""Serving over stdio with the messages read by the event loop itself, not by worker threads.

pygls 2.1 reads stdin in its thread pool: each header line and each body is a job handed to a
worker and its bytes handed back to the event loop, four hops per message. Each hop waits for a
worker to wake and for the GIL, which a check of a big document in another thread holds 5 ms at
a time: a small config's hover, four hops in, took a 36-40 ms median while a 2 MB config was
being checked, and about 0.3 ms of every round trip otherwise.

Where stdin is a pipe or a socket -- what an editor gives its server -- the loop reads it
directly through asyncio's pipe transport and a ``StreamReader``: the reader pygls's own TCP
mode hands its message loop (``pygls.io_.run_async``). A terminal or a file keeps pygls's
threaded reader: asyncio cannot poll a file, and making a terminal non-blocking would leave it
so for the shell after the server exits. So does a stdin that is stdout's own file (one socket
for both, as socat ``EXEC:``, inetd or systemd's ``Accept=yes`` give): the transport makes it
non-blocking, and stdout's blocking writes would then be cut short under a slow reader.
Blocking is given back to stdin on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import stat
import sys
import threading
from typing import BinaryIO

from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer

__all__ = ["reads_on_the_loop", "serve_stdio"]

log = logging.getLogger(__name__)

_NO_HEADER = b"-\r\n"
"""A line that is no header, and not the blank line that ends the headers either."""


def reads_on_the_loop(stdin: BinaryIO, stdout: BinaryIO) -> bool:
    """Whether ``stdin`` is a pipe or a socket the event loop can read (POSIX) that is not
    ``stdout``'s file as well."""
    if os.name != "posix":
        return False
    try:
        read, write = os.fstat(stdin.fileno()), os.fstat(stdout.fileno())
    except (OSError, ValueError):  # no descriptor (a test's BytesIO), or closed
        return False
    if (read.st_dev, read.st_ino) == (write.st_dev, write.st_ino):
        return False
    return stat.S_ISFIFO(read.st_mode) or stat.S_ISSOCK(read.st_mode)


def serve_stdio(
    server: LanguageServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
) -> None:
    """``server.start_io(stdin, stdout)``, read on the event loop where ``stdin`` allows."""
    stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    if not reads_on_the_loop(stdin, stdout):
        server.start_io(stdin, stdout)
        return
    server.protocol.set_writer(StdoutWriter(stdout))
    try:
        asyncio.run(_serve(server, stdin))
    except BrokenPipeError:
        log.error("the client closed the connection: shutting down")
    except (KeyboardInterrupt, SystemExit):  # ``exit`` ends the process with sys.exit
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]  # pygls 2.1 leaves it unannotated
        with contextlib.suppress(OSError, ValueError):
            os.set_blocking(stdin.fileno(), True)  # as it was: the pipe may outlive us


async def _serve(server: LanguageServer, stdin: BinaryIO) -> None:
    loop = asyncio.get_running_loop()
    reader = _Reader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    try:
        await run_async(
            stop_event=threading.Event(),
            reader=reader,
            protocol=server.protocol,
            logger=log,
            error_handler=server.report_server_error,
        )
    except asyncio.IncompleteReadError:  # the client went away in the middle of a message
        log.error("the client closed the connection mid-message: shutting down")


class _Reader(asyncio.StreamReader):
    """A ``StreamReader`` that reads header lines of any length, as pygls's reader does.

    ``StreamReader.readline`` refuses a line over its 64 KiB limit (``ValueError``, the part
    read dropped), which would end the message loop; pygls's own reader returns the line, which
    matches no header and is skipped. Here the refused part is skipped the same way.
    """

    async def readline(self) -> bytes:
        try:
            return await super().readline()
        except ValueError:  # over the limit: no header; its rest arrives as more lines
            return _NO_HEADER
