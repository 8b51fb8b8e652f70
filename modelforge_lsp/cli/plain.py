"""Output into a pipe without Rich: the same characters, without Rich's import time.

Rich costs a command about 50 ms to import, a seventh of a short one such as
``modelforge search gpt | head``. Into a pipe Rich writes no styles and, at the width the CLI
gives it there, folds nothing that fits, so for plain cells its output is text padded to column
widths: the search table and the ``info`` card write that text themselves (``plain`` methods)
and Rich is imported only where it would print something else. Anything these rules do not
cover -- a terminal, ``FORCE_COLOR``, a cell that is not plain ASCII (Rich measures wide and
combining characters in terminal cells), a row too wide to fit -- is printed by Rich as before.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable, RichCast

__all__ = ["Plain", "is_pipe", "plain_cells"]


class Plain(Protocol):
    """Something Rich prints (``__rich__``) that can say what Rich would write into a pipe."""

    def __rich__(self) -> ConsoleRenderable | RichCast | str: ...

    def plain(self, width: int) -> str | None:
        """The text Rich would write, ``width`` columns wide, with no styles; ``None`` when
        only Rich can say."""


def is_pipe(stream: TextIO) -> bool:
    """Whether Rich would treat ``stream`` as no terminal (``Console.is_terminal`` false): no
    styles, no cursor moves. Rich's tests, in its order: ``TTY_COMPATIBLE`` (``0``/``1``), then
    ``FORCE_COLOR`` (set and not empty: a terminal), then ``isatty``. Under IPython (the CLI
    called from a notebook) Rich may display rather than write, so it is left to Rich."""
    if hasattr(builtins, "get_ipython"):
        return False
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color == ""
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed: Rich says no terminal too
        return True


def plain_cells(cells: Iterable[str]) -> bool:
    """Whether every cell is printable ASCII: one terminal cell per character, nothing that
    Rich would strip, expand or measure otherwise."""
    return all(cell.isascii() and cell.isprintable() for cell in cells)
