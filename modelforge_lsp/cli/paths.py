"""How the config commands show a file's path: short where it can be, exact where it cannot."""

from __future__ import annotations

from pathlib import Path

__all__ = ["shown_path"]


def shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else as it is.

    ``config validate`` prints findings as ``path:line:col``, which editors and CI annotate only
    when the path is the one the user would type; ``config migrate`` names files the same way.
    """
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
