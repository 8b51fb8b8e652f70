"""The cache's ``quarantine/`` folder: where a bad pair is set aside, once, and looked at later.

A pair that fails a check is moved here rather than deleted (``cache status`` lists it, a bug
report can include it) and the bundled snapshot serves meanwhile. The folder is also the one
place besides the pair itself that ``cache clear`` and the size limit delete from, so it is
handled as ``cache_trust`` prescribes: it must be a real folder of the user's, a link planted
in its place is removed as a link (never followed, never looked into), and only files with the
names ``set_aside`` gives are ever deleted from it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from modelforge_lsp.catalog.cache_trust import (
    entries,
    is_private_directory,
    lstat_or_none,
    quarantine_pattern,
    removable,
)

__all__ = ["Quarantine"]

Record = Callable[[Path, str], None]


class Quarantine:
    """``folder`` (``<cache>/quarantine``) for ``dataset``'s files; ``record(path, reason)``
    reports what was set aside, removed or left alone."""

    def __init__(self, folder: Path, dataset: str, record: Record) -> None:
        self.folder = folder
        self._names = quarantine_pattern(dataset)
        self._record = record

    def files(self) -> list[tuple[Path, os.stat_result]]:
        """Set-aside files (name and ``lstat``); none if the folder is not the cache's own."""
        st = lstat_or_none(self.folder)
        if st is None or not is_private_directory(st):
            return []
        return [
            (path, entry)
            for path, entry in entries(self.folder)
            if stat.S_ISREG(entry.st_mode) and self._names.match(path.name)
        ]

    def size(self) -> int:
        return sum(entry.st_size for _, entry in self.files())

    def set_aside(self, paths: Iterable[Path], stamp: str, reason: str) -> None:
        """Move each existing path here as ``<name>.<stamp>[-n]`` (a link moves as a link);
        delete it instead if the folder cannot be used, so a bad pair never stays in place."""
        usable = self._usable_folder()
        for path in paths:
            if lstat_or_none(path) is None:
                continue
            target, n = self.folder / f"{path.name}.{stamp}", 0
            while os.path.lexists(target):
                n += 1
                target = self.folder / f"{path.name}.{stamp}-{n}"
            try:
                if not usable:
                    raise OSError("the quarantine folder is not the cache's own")
                os.replace(path, target)
            except OSError as exc:
                path.unlink(missing_ok=True)
                self._record(path, f"{reason}; could not move it aside ({exc}), so it was deleted")
            else:
                self._record(target, reason)

    def trim(self, total: int, max_bytes: int) -> None:
        """Delete set-aside files, oldest first, while ``total`` is over ``max_bytes``."""
        for path, entry in sorted(self.files(), key=lambda item: item[1].st_mtime):
            if total <= max_bytes:
                break
            total -= entry.st_size
            os.unlink(path)

    def clear(self) -> int:
        """Delete the set-aside files and the folder if that empties it; returns the count. A
        link in the folder's place is removed (the link); anything not ours stays."""
        st = lstat_or_none(self.folder)
        if st is None:
            return 0
        if not is_private_directory(st):
            if stat.S_ISLNK(st.st_mode):
                os.unlink(self.folder)  # the link, never what it points to
                self._record(self.folder, "was a symbolic link; removed the link")
                return 1
            self._record(self.folder, "is not the cache's own quarantine folder; left alone")
            return 0
        removed = 0
        for path, entry in entries(self.folder):
            if removable(entry) and self._names.match(path.name):
                os.unlink(path)
                removed += 1
        with suppress(OSError):  # not empty: what is left there is not ours
            self.folder.rmdir()
        return removed

    def _usable_folder(self) -> bool:
        """Whether the folder is the cache's own (made now if missing; a link planted in its
        place is removed first, as a link)."""
        st = lstat_or_none(self.folder)
        if st is not None and stat.S_ISLNK(st.st_mode):
            os.unlink(self.folder)
            self._record(self.folder, "was a symbolic link; removed the link")
            st = None
        if st is None:
            self.folder.mkdir(mode=0o700)
            return True
        return is_private_directory(st)
