"""``modelforge-lsp``: start the language server over stdio (default) or TCP.

Nothing here may print to stdout: in stdio mode stdout *is* the protocol channel.
"""

from __future__ import annotations

import argparse
import logging

from modelforge_lsp import __version__
from modelforge_lsp.logs import configure_logging

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

    try:  # redacted lines; a log file is 0600 (see modelforge_lsp.logs)
        configure_logging(
            logging.DEBUG if args.log_file else logging.WARNING,
            "%(asctime)s %(levelname)s %(name)s: %(message)s",
            log_file=args.log_file,
        )
    except OSError as exc:
        parser.error(f"cannot write the log file {args.log_file}: {exc.strerror or exc}")
    from modelforge_lsp.server.app import create_server  # noqa: PLC0415 (keeps --version fast)

    server = create_server()
    if args.tcp:
        server.start_tcp(*args.tcp)
    else:
        server.start_io()


if __name__ == "__main__":
    main()
