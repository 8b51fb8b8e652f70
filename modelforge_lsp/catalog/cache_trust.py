"""Whether the cache directory and its files may be believed, and touching them without links.

Everything in the cache is believed: prices, the fetch time that makes a copy "fresh", the ETag
sent back to the server. So a directory another user can write to (a 0777 one, one they own, one
below a directory they can rename things in) is a way to serve forged prices, and a link planted
in it a way to make a read hang on a FIFO or ``cache clear`` delete files elsewhere. The checks
that prevent this live here, once, and ``ModelsDevCache`` runs them before every operation:

* ``check_directory``: the cache directory is the user's (``os.geteuid()``) and writable by no
  one else, and every directory above it (both as spelled and as resolved) is the user's or
  root's and writable by no one else unless sticky (``/tmp``). A failure is ``Untrusted``, whose
  message says what is wrong and what to do; nothing in such a directory is read, written or
  deleted.
* ``read_file``: ``O_NOFOLLOW | O_NONBLOCK``, then judged by ``fstat`` of what was opened (so a
  swap between a check and the open cannot fool it): a regular file, the user's, writable by no
  one else, under a size cap. Anything else is ``BadFile`` (set aside by the cache, never
  followed).
* ``entries``: ``lstat`` only. Links are never followed; removing one removes the link.
* ``ours`` / ``quarantined_name``: the cache deletes only files with the names it gives them.

Windows has neither uids nor ``O_NOFOLLOW``: there the ownership checks are skipped and the
user's profile directory's ACLs are what protect the cache.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zlib
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

__all__ = [
    "BadFile",
    "Untrusted",
    "check_directory",
    "entries",
    "file_problem",
    "inflate",
    "is_private_directory",
    "lstat_or_none",
    "make_private_directory",
    "quarantine_pattern",
    "read_file",
    "removable",
    "unlink_if_link",
]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = (
    os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
) | getattr(os, "O_BINARY", 0)
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
_CHUNK = 1 << 20
_SETTINGS_HINT = "or choose another one with --cache-dir or MODELFORGE_CACHE_DIR"


class Untrusted(Exception):
    """The cache directory may not be used; ``str()`` says why and what to do about it."""


class BadFile(Exception):
    """A file in the cache is not one the cache could have written; ``str()`` says why."""


def _euid() -> int | None:
    geteuid = getattr(os, "geteuid", None)
    return None if geteuid is None else int(geteuid())


def _who(uid: int) -> str:
    try:
        import pwd  # noqa: PLC0415 -- POSIX only

        return f"user {pwd.getpwuid(uid).pw_name!r} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def file_problem(st: os.stat_result) -> str | None:
    """Why a file with this ``lstat``/``fstat`` is not one of ours, or ``None`` if it may be."""
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link (never followed)"
    if not stat.S_ISREG(st.st_mode):
        return "is not a regular file"
    euid = _euid()
    if euid is not None and st.st_uid != euid:
        return f"is owned by another user ({_who(st.st_uid)})"
    if euid is not None and st.st_mode & _OTHERS_WRITE:
        return f"is writable by other users (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def check_directory(directory: Path) -> bool:
    """``True`` if ``directory`` exists and is the user's alone, ``False`` if it does not exist
    (nothing to trust yet); raises ``Untrusted`` otherwise. Not a directory: ``True`` (the
    operation that follows fails with the system's own words)."""
    euid = _euid()
    if euid is None:
        return directory.is_dir()
    try:
        st = os.stat(directory)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        return True
    if st is not None and stat.S_ISDIR(st.st_mode):
        if st.st_uid != euid:
            raise Untrusted(
                f"the catalog cache directory {directory} is owned by another user "
                f"({_who(st.st_uid)}), who could plant a catalog there, so it is not used (the "
                f"bundled snapshot serves); remove it as its owner, {_SETTINGS_HINT}"
            )
        if st.st_mode & _OTHERS_WRITE:
            raise Untrusted(
                f"the catalog cache directory {directory} is writable by other users (mode "
                f"{stat.S_IMODE(st.st_mode):04o}), who could plant a catalog there, so it is not "
                f"used (the bundled snapshot serves); run `chmod 700 {directory}` and "
                f"`modelforge cache clear`, {_SETTINGS_HINT}"
            )
    for above in _ancestors(directory):
        _check_ancestor(above, directory, euid)
    return st is not None


def make_private_directory(directory: Path) -> None:
    """Create ``directory`` 0700 (and its parents), or check the existing one is the user's
    alone and drop others' read bits; ``Untrusted`` otherwise. Checked before ``mkdir`` (never
    create inside a swappable parent) and after (what it found is what is used)."""
    check_directory(directory)
    missing = [directory, *(p for p in directory.parents if not p.exists())]
    for path in reversed(missing):  # parents too: mkdir(parents=True) would make them 0777-umask
        with suppress(FileExistsError):
            path.mkdir(mode=0o700)
    check_directory(directory)
    if os.stat(directory).st_mode & 0o077:
        os.chmod(directory, 0o700)


def unlink_if_link(path: Path) -> bool:
    """Remove ``path`` if it is a symbolic link (the link; what it points to is never touched)."""
    st = lstat_or_none(path)
    if st is None or not stat.S_ISLNK(st.st_mode):
        return False
    os.unlink(path)
    return True


def _ancestors(directory: Path) -> list[Path]:
    """Every directory above ``directory``, as spelled and as resolved (a link's target's
    parents are what a rename could swap), nearest first, without repeats."""
    spelled = Path(os.path.abspath(directory))
    resolved = Path(os.path.realpath(directory))
    seen: dict[Path, None] = {}
    for path in (*spelled.parents, resolved, *resolved.parents):
        if path != spelled:
            seen.setdefault(path, None)
    return list(seen)


def _check_ancestor(above: Path, directory: Path, euid: int) -> None:
    try:
        st = os.stat(above)
    except OSError:  # missing (mkdir creates it) or unreadable (the operation will say so)
        return
    if not stat.S_ISDIR(st.st_mode):
        return
    if st.st_uid not in (euid, 0):
        problem = f"is owned by another user ({_who(st.st_uid)})"
    elif st.st_mode & _OTHERS_WRITE and not st.st_mode & stat.S_ISVTX:
        problem = f"is writable by other users (mode {stat.S_IMODE(st.st_mode):04o})"
    else:
        return
    raise Untrusted(
        f"{above}, above the catalog cache directory {directory}, {problem}, who could swap "
        "the cache for their own, so it is not used (the bundled snapshot serves); choose "
        "another cache directory with --cache-dir or MODELFORGE_CACHE_DIR"
    )


def read_file(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is one of ours and at most ``limit`` bytes; ``None`` if it
    does not exist. Raises ``BadFile`` for a link, a FIFO, another user's file, a file others
    may write or one over the cap; ``OSError`` for the system's own failures."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and _NOFOLLOW):
            raise BadFile("is a symbolic link (never followed)") from None
        raise
    try:
        st = os.fstat(fd)
        problem = file_problem(st)
        if problem is not None:
            raise BadFile(problem)
        if st.st_size > limit:
            raise BadFile(f"is {st.st_size:,} bytes, over the cache's {limit:,}-byte cap")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise BadFile(f"grew past the cache's {limit:,}-byte cap while being read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def inflate(blob: bytes, size: int) -> bytes:
    """Gunzip ``blob`` into at most ``size`` + 1 bytes: a bomb stops at the size its record
    declares (that record is capped at ``MAX_RAW_BYTES``), never at the memory's end.
    ``BadFile`` if it inflates further; ``zlib.error`` if it is not one whole gzip stream."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    raw = inflater.decompress(blob, size + 1)
    if len(raw) > size:
        raise BadFile(
            f"inflates past the {size:,} bytes its metadata record declares (decompression "
            "stopped there)"
        )
    if not inflater.eof or inflater.unused_data:
        raise zlib.error("truncated, or data after its gzip stream")
    return raw


def entries(directory: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Each entry of ``directory`` with its ``lstat``: links are reported, never followed."""
    with suppress(FileNotFoundError, NotADirectoryError), os.scandir(directory) as listing:
        for entry in listing:
            with suppress(FileNotFoundError):
                yield Path(entry.path), entry.stat(follow_symlinks=False)


def lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def is_private_directory(st: os.stat_result) -> bool:
    """A real directory (not a link to one), the user's, writable by no one else."""
    euid = _euid()
    return stat.S_ISDIR(st.st_mode) and (
        euid is None or (st.st_uid == euid and not st.st_mode & _OTHERS_WRITE)
    )


def removable(st: os.stat_result) -> bool:
    """A file or a link (unlinking a link removes the link, never what it points to)."""
    return stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)


def quarantine_pattern(dataset: str) -> re.Pattern[str]:
    """The names ``_set_aside`` gives: ``<data or metadata name>.<UTC stamp>[-n]``."""
    name = rf"{re.escape(dataset)}\.v\d+\.(?:json\.gz|meta\.json)"
    return re.compile(rf"^{name}\.\d{{8}}T\d{{6}}(?:\d{{6}})?Z(?:-\d+)?$")
