"""Atomic file replacement: the one way this package writes a file a reader may be looking at.

The disk cache (read by every editor and CLI of the user at once) and the user's own config
file (which must never be half-written, whatever kills the process) are both written the same
way: to a temporary file in the same directory, flushed to disk, given its final mode, then
renamed over the target, and the directory synced so the rename itself survives a power cut. A
reader sees the old file or the new one, never a mix; a crash leaves at most a ``.tmp`` file.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]

_CHUNK = 1 << 16


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` (file mode ``mode``) in one rename; raises ``OSError``."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[:_CHUNK]) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
