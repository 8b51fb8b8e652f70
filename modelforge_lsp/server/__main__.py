"""``modelforge-lsp``: start the language server over stdio (default) or TCP.

Nothing here may print to stdout: in stdio mode stdout *is* the protocol channel. Started by
hand in a terminal, it says on stderr what it is and waits for a client there all the same (a
user may paste JSON-RPC to try it); Ctrl-C ends it at once, with exit status 130 and no traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from types import FrameType

from modelforge_lsp import __version__
from modelforge_lsp.logs import configure_logging

__all__ = ["main"]

_M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter number (``malloc.h``)."""


def _parse_tcp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


def terminal_banner(docs_url: str) -> str:
    """What a user who typed ``modelforge-lsp`` in a terminal reads on stderr."""
    return (
        f"modelforge-lsp {__version__}: the language server for ModelForge config files.\n"
        "It talks the Language Server Protocol on stdin/stdout, so your editor starts it: the\n"
        "VS Code extension, the Neovim plugin, or any LSP client with the command\n"
        "`modelforge-lsp` for .model-forge/config.{json,yaml} files.\n"
        f"Set-up: {docs_url}\n"
        "For the command-line tool, run `modelforge --help`.\n"
        "Waiting for an LSP client on this terminal; press Ctrl-C to quit.\n"
    )


def _quit_at_once(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: pygls's reader thread holds stdin, so an ordinary interpreter shutdown waits on
    it and a second Ctrl-C aborts with a fatal error. Nothing is in flight worth keeping."""
    logging.shutdown()
    os._exit(128 + signum)


def import_asyncio_without_ssl() -> None:
    """Import asyncio with ``ssl`` out of reach, then put it back in reach.

    asyncio imports ``ssl`` for TLS streams, which loads OpenSSL (libssl and libcrypto, about
    4 MB resident and 3 ms) into a server that never opens one: it talks over stdio or plain
    TCP, and the catalog refresh's httpx imports ``ssl`` itself, when it runs. asyncio is made
    to go without (``ssl = None`` in its modules, as on a Python built without OpenSSL) and
    any later ``import ssl`` loads it as usual. The price: asyncio's own TLS
    (``open_connection(ssl=...)``, ``start_tls``) raises in this process for good, so the server
    must not use it (httpx's synchronous client, which the refresh uses, is unaffected;
    ``tests/server/test_import_path.py``). A process that imported either before is left as it
    is.
    """
    if "asyncio" in sys.modules or "ssl" in sys.modules:
        return
    sys.modules["ssl"] = None  # type: ignore[assignment]  # import ssl: ImportError
    try:
        import asyncio  # noqa: F401, PLC0415
    finally:
        del sys.modules["ssl"]


def one_malloc_arena() -> bool:
    """All threads allocate from glibc's main arena (``mallopt(M_ARENA_MAX, 1)``).

    glibc gives each thread that allocates its own arena, and asyncio's worker threads (the
    parses and checks run there) each left their arena's freed blocks resident: about 2 MB of a
    50-model session's 56 MB peak. The interpreter lock already lets one thread allocate at a
    time, so sharing costs nothing. ``False`` where there is no glibc (macOS, musl), no
    ``ctypes`` (a Python built without libffi), or the user chose with ``MALLOC_ARENA_MAX``."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        import ctypes  # noqa: PLC0415

        return bool(ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1))
    except (ImportError, OSError, AttributeError):
        return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="modelforge-lsp",
        description="Language server for ModelForge config files (.model-forge/config.yaml).",
    )
    parser.add_argument("--version", action="version", version=f"modelforge-lsp {__version__}")
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdio (default)")
    parser.add_argument("--tcp", type=_parse_tcp, metavar="HOST:PORT", help="listen on TCP")
    parser.add_argument("--log-file", help="write a debug log to this file")
    args = parser.parse_args(argv)

    try:  # redacted lines; a log file is 0600 (see modelforge_lsp.logs)
        configure_logging(
            logging.DEBUG if args.log_file else logging.WARNING,
            "%(asctime)s %(levelname)s %(name)s: %(message)s",
            log_file=args.log_file,
        )
    except OSError as exc:
        parser.error(f"cannot write the log file {args.log_file}: {exc.strerror or exc}")
    from modelforge_lsp.catalog.gc_pause import young_collections_only  # noqa: PLC0415
    from modelforge_lsp.server.code_cache import (  # noqa: PLC0415 (keeps --version fast)
        CodeCache,
        code_cache_directory,
    )

    one_malloc_arena()
    code = CodeCache(code_cache_directory())
    with young_collections_only():  # each full collection walked every module made so far
        import_asyncio_without_ssl()
        with code.imports():  # lsprotocol's classes and ours, compiled once
            from modelforge_lsp.server.app import create_server  # noqa: PLC0415
    code.save()  # (only if it compiled anything: the first start, a new version)
    code.converters()  # the first messages' converters: kept once the warm-up wrote them

    server = create_server()
    server.after_warm_up = code.save
    signal.signal(signal.SIGINT, _quit_at_once)
    if not args.tcp and sys.stdin.isatty():
        from modelforge_lsp.config.checks.findings import PROJECT_URL  # noqa: PLC0415

        sys.stderr.write(terminal_banner(f"{PROJECT_URL}/blob/main/docs/editors.md"))
        sys.stderr.flush()
    if args.tcp:
        server.start_tcp(*args.tcp)
    else:
        from modelforge_lsp.server.stdio import serve_stdio  # noqa: PLC0415

        serve_stdio(server)


if __name__ == "__main__":
    main()
