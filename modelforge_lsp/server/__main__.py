"""``modelforge-lsp``: start the language server over stdio (default) or TCP.

Nothing here may print to stdout: in stdio mode stdout *is* the protocol channel.
"""

from __future__ import annotations

import argparse
import logging
import sys

from modelforge_lsp import __version__

__all__ = ["main"]


def _parse_tcp(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


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

    handler: logging.Handler = (
        logging.FileHandler(args.log_file) if args.log_file else logging.StreamHandler(sys.stderr)
    )
    logging.basicConfig(
        handlers=[handler],
        level=logging.DEBUG if args.log_file else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from modelforge_lsp.server.app import create_server  # noqa: PLC0415 (keeps --version fast)

    server = create_server()
    if args.tcp:
        server.start_tcp(*args.tcp)
    else:
        server.start_io()


if __name__ == "__main__":
    main()
