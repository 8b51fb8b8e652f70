"""The pre-2.x ``~/.config/model-forge/models.json``, moved to the ``config.json`` 2.x reads.

ModelForge 2.x's own ``config migrate`` copies ``models.json`` to ``config.json`` beside it when
there is no ``config.json`` yet, and otherwise leaves both alone for the user to merge. We do the
same with three guarantees more: the file is checked to be a JSON object first (2.x would crash
on anything else), the copy is byte for byte (nothing re-encoded) and appears in one step with
the old file's mode, and an existing ``config.json`` is never overwritten -- not even by one that
appears meanwhile (the new file is linked into place, which fails if the name is taken). The old
file is then kept as ``models.json.bak`` (``.bak.1``, ... when that is taken).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from modelforge_lsp.atomic import remove_stale_temporaries, temporary_path, write_atomically
from modelforge_lsp.config.files.locate import RUNTIME_NAME, runtime_user_dir
from modelforge_lsp.config.files.read import read_config_text
from modelforge_lsp.config.files.runtime_view import LEGACY_NAME
from modelforge_lsp.errors import MigrationError

__all__ = ["LegacyMove", "free_backup_path", "legacy_config_file", "move_legacy_config"]

LegacyState = Literal["moved", "would_move", "target_exists"]


@dataclass(frozen=True, slots=True)
class LegacyMove:
    """What ``move_legacy_config`` did with a ``models.json``."""

    source: Path
    target: Path
    """The ``config.json`` beside it."""
    state: LegacyState
    """``moved``; ``would_move`` (a dry run); ``target_exists`` (both left as they were)."""
    text: str
    """The legacy file's text (what ``target`` holds after a move)."""
    backup: Path | None = None
    """Where ``source`` went (``models.json.bak``) after a move."""


def legacy_config_file(home: Path) -> Path:
    """``~/.config/model-forge/models.json``: where ModelForge kept the user config before 2.x."""
    return runtime_user_dir(home) / LEGACY_NAME


def free_backup_path(path: Path) -> Path:
    """``<name>.bak``, else ``.bak.1``, ``.bak.2``...: a backup never overwrites another."""
    candidate = path.with_name(path.name + ".bak")
    number = 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak.{number}")
    return candidate


def move_legacy_config(source: Path, *, dry_run: bool = False) -> LegacyMove:
    """Move ``source`` (a ``models.json``) to ``config.json`` beside it, keeping a backup.

    Raises ``ConfigReadError`` when it cannot be read, ``MigrationError`` when it is not a JSON
    object (nothing is written), and ``OSError`` when the disk refuses (``source`` is then where
    it was, and ``config.json`` either absent or complete).
    """
    target = source.with_name(RUNTIME_NAME)
    text = read_config_text(source)
    _check_json_object(text, source)
    if target.exists() or target.is_symlink():
        return LegacyMove(source, target, "target_exists", text)
    if dry_run:
        return LegacyMove(source, target, "would_move", text)
    _create_exclusively(target, text.encode("utf-8"), mode=stat.S_IMODE(source.stat().st_mode))
    backup = free_backup_path(source)
    os.replace(source, backup)
    return LegacyMove(source, target, "moved", text, backup)


def _check_json_object(text: str, source: Path) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MigrationError(
            f"{source} is not valid JSON: {error.msg} (line {error.lineno}, column "
            f"{error.colno}); ModelForge 2.x could not read it either"
        ) from None
    except RecursionError:
        raise MigrationError(f"{source} is nested too deeply to be a config") from None
    if not isinstance(data, dict):
        raise MigrationError(f"{source} is not a config: its top level is not a JSON object")


def _create_exclusively(target: Path, data: bytes, *, mode: int) -> None:
    """``target`` with ``data``, complete or not at all, and only if the name is free.

    The staging file has the atomic writer's temporary name for ``target``, so one a kill left
    behind is removed by the next move (or any write to ``target``)."""
    remove_stale_temporaries(target)
    staging = temporary_path(target)
    write_atomically(staging, data, mode=mode)
    try:
        os.link(staging, target)  # FileExistsError when another writer got there first
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staging)
