"""Saving a config: the only code that writes a user's config file to disk.

``write_config``: a temporary file in the same directory, written in full and fsynced, then
``os.replace``'d over the target, so a crash at any instant leaves either the old or the new
file, never half of one. The previous version is kept as ``<file>.bak``, the file's mode is
preserved (a new file gets 0644: a config holds no secrets), a symlinked config is written
through to its target, and the parent directory (``.model-forge/``) is created for a new file.
``save_edit`` first refuses a change that would add an error ``check()`` reports, or that races
another writer; ``preview_edit`` (a dry run's diff) refuses the same changes.
"""

from __future__ import annotations

import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from modelforge_lsp.atomic import write_atomically
from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks import Finding, Severity, check
from modelforge_lsp.config.files.edit import ConfigEdit
from modelforge_lsp.config.syntax import parse_document
from modelforge_lsp.errors import ConfigEditError

__all__ = ["WrittenConfig", "new_errors", "preview_edit", "save_edit", "write_config"]

_NEW_FILE_MODE = 0o644


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


def write_config(path: Path, new_text: str, *, expected: str | None = None) -> WrittenConfig:
    """Replace ``path``'s content with ``new_text`` atomically, keeping ``<file>.bak``.

    ``expected``: the text the change was computed from; if the file now holds something else
    (another writer got there first) nothing is written.
    """
    target = path.resolve() if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.read_bytes() if target.exists() else None
    if expected is not None and (old or b"") != expected.encode("utf-8"):
        raise ConfigEditError(f"{path} changed on disk while it was being edited; run again")
    mode = stat.S_IMODE(target.stat().st_mode) if old is not None else _NEW_FILE_MODE
    backup = None
    if old is not None:
        backup = target.with_name(target.name + ".bak")
        write_atomically(backup, old, mode=mode)
    write_atomically(target, new_text.encode("utf-8"), mode=mode)
    return WrittenConfig(target, backup, created=old is None)
