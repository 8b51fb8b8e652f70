"""Logging for both fronts: every line redacted, a log file readable by its owner only.

A log is where secrets leak quietly: a catalog URL with ``user:pass@`` or ``?access_token=`` is
quoted by our messages, by httpx's request lines and by pygls's dumps of ``initialize``, and a
debug log is exactly what users paste into bug reports. So redaction does not depend on every
message being careful: ``RedactingFormatter`` runs ``urls.redact_text`` over each finished line,
traceback included, whoever logged it. ``open_log_file`` creates the file ``0600`` from the
first byte (never a window at the umask's mode) and will not write through a symlink someone
planted at that path.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import TextIO

from modelforge_lsp.urls import redact_text

__all__ = ["RedactingFormatter", "configure_logging", "open_log_file"]

LOG_FILE_MODE = 0o600


class RedactingFormatter(logging.Formatter):
    """A ``Formatter`` whose output has every URL redacted and no bearer credential."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_text(super().format(record))


def open_log_file(path: str | os.PathLike[str]) -> TextIO:
    """Open ``path`` for appending, created ``0600``; an existing file is narrowed to ``0600``.

    Raises ``OSError`` when the file cannot be opened, or when ``path`` is a symlink (on
    platforms that can tell): a link planted there could send the log somewhere readable.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, LOG_FILE_MODE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} is not a regular file")
        if stat.S_IMODE(info.st_mode) & ~LOG_FILE_MODE and hasattr(os, "fchmod"):
            os.fchmod(fd, LOG_FILE_MODE)  # a log left by an older version, or made by hand
        return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise


def configure_logging(level: int, fmt: str, *, log_file: str | Path | None = None) -> None:
    """Send the root logger's records, redacted, to ``log_file`` (else stderr).

    Raises ``OSError`` from ``open_log_file``.
    """
    stream = open_log_file(log_file) if log_file is not None else None
    handler = logging.StreamHandler(stream)  # None: stderr
    handler.setFormatter(RedactingFormatter(fmt))
    logging.basicConfig(handlers=[handler], level=level)
