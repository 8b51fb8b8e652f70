"""Atomic file replacement: the one way this package writes a file a reader may be looking at.

The disk cache (read by every editor and CLI of the user at once) and the user's own config
file (which must never be half-written, whatever kills the process) are both written the same
way: to a temporary file in the same directory, flushed to disk, then renamed over the target,
and the directory synced so the rename itself survives a power cut. A reader sees the old file
or the new one, never a mix.

The temporary file has its final mode from the moment it exists, before a byte is written: a
config holding an API key is never readable by others, not even for the instant between a
write and a ``chmod`` (a kill there used to leave it so). A failed write removes its temporary
file; one a killed process left behind is recognisable by its name --
``.<target>.mf-write-<pid>-<random>.tmp`` -- and the next write to the same target removes it
once that process is gone (or the file is a day old), so leftovers never pile up. Only regular
files of ours with that name are removed; a symlink planted under such a name is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from pathlib import Path

__all__ = [
    "TEMP_MARKER",
    "is_stale_temporary",
    "remove_stale_temporaries",
    "temporary_path",
    "write_atomically",
]

_CHUNK = 1 << 16
TEMP_MARKER = "mf-write"
"""In every temporary file's name: ``.<target>.mf-write-<pid>-<random>.tmp``."""
_TEMP_NAME = re.compile(rf"^\.(?P<target>.+)\.{TEMP_MARKER}-(?P<pid>\d+)-[0-9a-f]+\.tmp$")
_LEGACY_NAME = re.compile(r"^\.(?P<target>.+)\.[A-Za-z0-9_]{8}\.tmp$")
"""``tempfile.mkstemp``'s names, used before the marker: no pid, so judged by age alone."""
_STALE_SECONDS = 24 * 3600
_LEGACY_STALE_SECONDS = 3600
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` (file mode ``mode``) in one rename; raises ``OSError``."""
    remove_stale_temporaries(path)
    temporary = temporary_path(path)
    fd = os.open(temporary, _FLAGS, 0o600)
    try:
        try:
            if sys.platform != "win32":
                os.fchmod(fd, mode)  # the final mode before any data: no umask, no later chmod
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view[:_CHUNK]) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def temporary_path(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that ``remove_stale_temporaries(path)`` knows."""
    return path.with_name(f".{path.name}.{TEMP_MARKER}-{os.getpid()}-{os.urandom(4).hex()}.tmp")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files a killed write to ``path`` left behind; returns them.

    A file is stale when the process named in it is gone, or it is older than a day (a pid
    can be reused); an unmarked one from an older version when it is an hour old. Never
    raises: cleaning up must not stop the write it precedes.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        match = _TEMP_NAME.match(name) or _LEGACY_NAME.match(name)
        if match is None or match["target"] != path.name:
            continue
        candidate = path.parent / name
        try:
            info = os.lstat(candidate)
        except OSError:
            continue
        if is_stale_temporary(candidate, info, now):
            with contextlib.suppress(OSError):
                os.unlink(candidate)
                removed.append(candidate)
    return removed


def is_stale_temporary(candidate: Path, info: os.stat_result, now: float) -> bool:
    """Whether ``candidate`` (``info`` its ``lstat``) is a temporary file a killed write left
    behind: a regular file of ours, named by ``temporary_path``, whose process is gone (or that
    is a day old), or an unmarked one from an older version an hour old. Another process's
    write in progress is never stale: removing its file would fail its rename."""
    match = _TEMP_NAME.match(candidate.name) or _LEGACY_NAME.match(candidate.name)
    if match is None or not stat.S_ISREG(info.st_mode) or not _ours(info):
        return False
    pid = match.groupdict().get("pid")
    age = now - info.st_mtime
    if pid is None:
        return age > _LEGACY_STALE_SECONDS
    return age > _STALE_SECONDS or (int(pid) != os.getpid() and not _alive(int(pid)))


def _ours(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine)."""
    if sys.platform == "win32":
        return True  # no cheap check: such files go by age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, someone else's
        return True
    return True


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
