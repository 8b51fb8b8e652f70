"""Which project settings apply to an open document, read from disk off the event loop.

``config.files.project`` defines the project settings file (``.model-forge/modelforge-lsp.yaml``:
severity overrides and custom providers) that ``modelforge config validate`` reads too; this
module finds it for a document URI and remembers what it found. ``lookup`` does the file system
work (a few ``stat`` calls, a read when the file changed) and runs in a worker thread when a
document is checked; ``cached`` answers on the event loop without any I/O, from the last lookup
for that document's directory. A settings file that appears, changes or goes away is noticed at
the next check of a document it applies to, and the caller re-checks everything.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from pygls.uris import to_fs_path

from modelforge_lsp.config.files.project import (
    ProjectSettings,
    find_project_settings,
    read_project_settings,
)

__all__ = ["ProjectLookup", "ProjectSettingsStore"]

_FILES_KEPT = 64

_Stamp = tuple[str, int, int] | None
"""``(path, mtime_ns, size)`` of a settings file, ``None`` when there is none."""


@dataclass(frozen=True, slots=True)
class ProjectLookup:
    settings: ProjectSettings
    changed: bool
    """The settings differ from what an earlier lookup for this directory found (the first
    lookup is not a change: nothing was checked with other settings before it)."""
    problems: tuple[str, ...] = ()
    """What was wrong in the file, when it was (re)read; empty when nothing was read."""


class ProjectSettingsStore:
    """Project settings per document directory, re-read when the settings file changes."""

    def __init__(self) -> None:
        self._found: dict[Path, tuple[_Stamp, ProjectSettings]] = {}
        self._read: dict[_Stamp, tuple[ProjectSettings, tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def lookup(self, uri: str) -> ProjectLookup:
        """The settings for ``uri`` as the disk has them now (blocking: call off the loop)."""
        directory = _directory_of(uri)
        if directory is None:
            return ProjectLookup(ProjectSettings(), changed=False)
        path = find_project_settings(directory / "config.yaml")
        stamp = _stamp(path)
        with self._lock:
            known = self._found.get(directory)
        if known is not None and known[0] == stamp:
            return ProjectLookup(known[1], changed=False)
        settings, problems = ProjectSettings(), tuple[str, ...]()
        if path is not None:
            settings, problems = self._read_once(path, stamp)
        with self._lock:
            self._found[directory] = (stamp, settings)
        changed = known is not None and known[1] != settings
        return ProjectLookup(settings, changed, problems)

    def _read_once(self, path: Path, stamp: _Stamp) -> tuple[ProjectSettings, tuple[str, ...]]:
        """One parse per settings file and stamp, shared by every directory it serves (so the
        catalog extended with its providers is built once, not once per directory); its
        problems are reported with the first read only."""
        with self._lock:
            if (known := self._read.get(stamp)) is not None:
                return known[0], ()
        settings, problems = read_project_settings(path)
        with self._lock:
            if len(self._read) > _FILES_KEPT:
                self._read.clear()
            self._read[stamp] = (settings, tuple(problems))
        return settings, tuple(problems)

    def cached(self, uri: str) -> ProjectSettings:
        """The settings the last ``lookup`` found for ``uri``'s directory (no I/O)."""
        directory = _directory_of(uri)
        with self._lock:
            known = self._found.get(directory) if directory is not None else None
        return known[1] if known is not None else ProjectSettings()


def _directory_of(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path).parent if path else None


def _stamp(path: Path | None) -> _Stamp:
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return str(path), status.st_mtime_ns, status.st_size
