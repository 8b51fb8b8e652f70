"""Saving a config: the only code that writes a user's config file to disk.

``write_config``: a temporary file in the same directory, written in full and fsynced, then
``os.replace``'d over the target, so a crash at any instant leaves either the old or the new
file, never half of one. The previous version is kept as ``<file>.bak``, the file's mode is
preserved (a new file gets 0644: a config holds no secrets; ``max_mode`` narrows either, and the
file is created with that mode, never widened first), a symlinked config is written through to
its target, and the parent directory (``.model-forge/``) is created for a new file.

A file the user has made read-only (no owner write bit), or one owned by someone else, is refused
with a message -- the config itself and the ``.bak`` a write would replace alike: replacing it by
rename would succeed anyway (a rename needs only the directory), so the check is on the file's mode
and owner, not left to ``EACCES`` -- which root never gets. What the system refuses (a full disk, a
read-only file system, no permission on the directory) becomes one ``ConfigWriteError`` saying what
to do, never a traceback.
``save_edit`` first refuses a change that would add an error ``check()`` reports, or that races
another writer; ``preview_edit`` (a dry run's diff) refuses the same changes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from modelforge_lsp.atomic import write_atomically
from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks import Finding, Severity, check
from modelforge_lsp.config.files.edit import ConfigEdit
from modelforge_lsp.config.syntax import parse_document
from modelforge_lsp.errors import ConfigEditError, ConfigWriteError

__all__ = ["WrittenConfig", "new_errors", "preview_edit", "save_edit", "write_config"]

_NEW_FILE_MODE = 0o644
_WHAT_TO_DO = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the file system is read-only; remount it read-write or use a config elsewhere",
    errno.EACCES: "permission denied; check the permissions of the file and its directory",
    errno.EPERM: "the system does not allow it (immutable file or directory?); check with lsattr",
    errno.ENOTDIR: "a part of the path is a file, not a directory; fix the path",
    errno.EISDIR: "the path is a directory; name a file",
    errno.ENAMETOOLONG: "the file name is too long; choose a shorter path",
}


@dataclass(frozen=True, slots=True)
class WrittenConfig:
    path: Path
    backup: Path | None
    """``<file>.bak``: the previous version (``None`` when the file is new)."""
    created: bool


def new_errors(before: str, after: str, catalog: Catalog | None) -> list[Finding]:
    """Errors ``check()`` finds in ``after`` that ``before`` did not have."""
    known = Counter(
        (f.code, f.message)
        for f in check(parse_document(before), catalog)
        if f.severity == Severity.ERROR
    )
    found = []
    for finding in check(parse_document(after), catalog):
        if finding.severity != Severity.ERROR:
            continue
        if known[finding.code, finding.message]:
            known[finding.code, finding.message] -= 1
        else:
            found.append(finding)
    return found


def save_edit(path: Path, edit: ConfigEdit, catalog: Catalog | None) -> WrittenConfig:
    """Write ``edit`` to ``path`` unless it adds an error or the file changed since it was read."""
    _refuse_new_errors(path, edit, catalog)
    return write_config(path, edit.text, expected=edit.original)


def preview_edit(path: Path, edit: ConfigEdit, catalog: Catalog | None) -> str:
    """The diff of ``edit`` for a dry run, refused exactly where ``save_edit`` would refuse it
    (a dry run that succeeds promises a write that succeeds)."""
    _refuse_new_errors(path, edit, catalog)
    return edit.diff(str(path))


def _refuse_new_errors(path: Path, edit: ConfigEdit, catalog: Catalog | None) -> None:
    added = new_errors(edit.original, edit.text, catalog)
    if added:
        first = added[0]
        raise ConfigEditError(
            f"refusing to write {path}: the change would add error {first.code} at line "
            f"{first.span.start.line + 1} ({first.message})"
        )


def write_config(
    path: Path, new_text: str, *, expected: str | None = None, max_mode: int = 0o777
) -> WrittenConfig:
    """Replace ``path``'s content with ``new_text`` atomically, keeping ``<file>.bak``.

    ``expected``: the text the change was computed from; if the file now holds something else
    (another writer got there first) nothing is written. ``max_mode``: the file ends no looser
    than this (a migration keeps a private source private) -- created so, not narrowed after.
    Raises ``ConfigEditError`` for a file that must not be replaced, ``ConfigWriteError`` when
    the system refuses the write.
    """
    target = path.resolve() if path.is_symlink() else path
    try:
        return _write(path, target, new_text, expected, max_mode)
    except OSError as error:
        raise write_error(target, error) from error


def write_error(path: Path, error: OSError) -> ConfigWriteError:
    """``error`` from writing ``path`` as one line: the file, the cause, what to do."""
    code = error.errno
    advice = _WHAT_TO_DO.get(code) if code is not None else None
    cause = error.strerror or str(error)
    name = errno.errorcode.get(code, "") if code is not None else ""
    message = f"cannot write {path}: {cause}{f' [{name}]' if name else ''}"
    return ConfigWriteError(
        f"{message}; {advice or 'nothing was changed'}", path=str(path), errno=code
    )


def _write(
    path: Path, target: Path, new_text: str, expected: str | None, max_mode: int
) -> WrittenConfig:
    target.parent.mkdir(parents=True, exist_ok=True)
    info = target.stat() if target.exists() else None
    if info is not None:
        _refuse_protected(path, info)
    old = target.read_bytes() if info is not None else None
    if expected is not None and (old or b"") != expected.encode("utf-8"):
        raise ConfigEditError(f"{path} changed on disk while it was being edited; run again")
    mode = stat.S_IMODE(info.st_mode) if info is not None else _NEW_FILE_MODE
    backup = None
    if old is not None:
        backup = target.with_name(target.name + ".bak")
        # the backup it replaces is held to the same rule: a 0444 or foreign .bak stays
        if (backup_info := _lstat(backup)) is not None and not stat.S_ISLNK(backup_info.st_mode):
            _refuse_protected(backup, backup_info)
        write_atomically(backup, old, mode=mode)
    write_atomically(target, new_text.encode("utf-8"), mode=mode & max_mode)
    return WrittenConfig(target, backup, created=old is None)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def _refuse_protected(path: Path, info: os.stat_result) -> None:
    """A read-only file, or someone else's, is not ours to replace (see module docstring)."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        raise ConfigEditError(
            f"refusing to write {path}: it belongs to another user (uid {info.st_uid}); "
            "copy it to a file of your own, or ask its owner to make the change"
        )
    if not info.st_mode & stat.S_IWUSR:
        raise ConfigEditError(
            f"refusing to write {path}: it is read-only (mode "
            f"{stat.S_IMODE(info.st_mode):04o}); make it writable (chmod u+w) to change it"
        )
