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
so for the shell after the server exits.
"""

from __future__ import annotations

import asyncio
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


def reads_on_the_loop(stdin: BinaryIO) -> bool:
    """Whether ``stdin`` is a pipe or a socket the event loop can read (POSIX)."""
    if os.name != "posix":
        return False
    try:
        mode = os.fstat(stdin.fileno()).st_mode
    except (OSError, ValueError):  # no descriptor (a test's BytesIO), or closed
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def serve_stdio(
    server: LanguageServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
) -> None:
    """``server.start_io(stdin, stdout)``, read on the event loop where ``stdin`` allows."""
    stdin = stdin or sys.stdin.buffer
    if not reads_on_the_loop(stdin):
        server.start_io(stdin, stdout)
        return
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    try:
        asyncio.run(_serve(server, stdin))
    except BrokenPipeError:
        log.error("the client closed the connection: shutting down")
    except (KeyboardInterrupt, SystemExit):  # ``exit`` ends the process with sys.exit
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]  # pygls 2.1 leaves it unannotated


async def _serve(server: LanguageServer, stdin: BinaryIO) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
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
