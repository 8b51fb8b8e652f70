"""Fitting a table to the terminal: the columns people choose by never give way.

Left to itself, Rich shrinks every column of a table that is too wide, and at 80 columns
``search`` lost its prices and context (the columns a user picks a model by) while a display
name kept its room. Here each column says how it gives way -- ``keep`` (never: prices,
context), or down to a ``minimum`` (truncated or folded onto more lines), or ``hide`` (left out
once at its minimum) -- and ``fit`` settles the widths in the order ``give_way`` lists, before
Rich sees the table.

``fitted_table`` gives the settled table as data, Rich's table made from it only when Rich
prints it: into a pipe, a table whose cells all fit is printed as plain text instead, the same
characters Rich would write (``FittedTable.plain``), and ``search | grep`` never imports Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from modelforge_lsp.cli.plain import plain_cells

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["Column", "FittedTable", "Step", "fit", "fitted_table"]

Overflow = Literal["fold", "ellipsis"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, how its cells overflow, and how far it may give way."""

    header: str
    justify: Literal["left", "right"] = "left"
    overflow: Overflow = "fold"
    keep: bool = False
    minimum: int = 0
    hide: bool = False
    """Left out of the table once at ``minimum`` and still too wide."""


Step = tuple[int, Literal["shrink", "hide"]]


def fit(
    columns: Sequence[Column],
    natural: Sequence[int],
    width: int,
    give_way: Sequence[Step],
    *,
    gap: int = 2,
) -> list[int]:
    """The width of each column (0: left out) so that the table fits ``width`` if it can.

    ``natural`` is each column's widest cell (header included); ``give_way`` is the order of
    concessions while the table is too wide: ``(i, "shrink")`` narrows column ``i`` to its
    ``minimum``, ``(i, "hide")`` leaves it out (only a column with ``hide``). ``keep`` columns
    never give way, whatever ``give_way`` says.
    """
    widths = list(natural)

    def excess() -> int:
        shown = [w for w in widths if w > 0]
        return sum(shown) + gap * max(len(shown) - 1, 0) - width

    for index, action in give_way:
        if index >= len(columns):  # a column the caller left out
            continue
        column = columns[index]
        if column.keep or excess() <= 0:
            continue
        if action == "hide":
            if column.hide:
                widths[index] = 0
            continue
        floor = min(max(column.minimum, 1), widths[index])
        widths[index] = max(floor, widths[index] - excess())
    return widths


@dataclass(frozen=True, slots=True)
class FittedTable:
    """A borderless table whose column widths ``fit`` decided (0: the column is left out)."""

    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    natural: tuple[int, ...]

    def __rich__(self) -> Table:
        from rich.table import Table  # noqa: PLC0415 -- a pipe's output never needs Rich

        table = Table(box=None, pad_edge=False, collapse_padding=False)
        shown = self._shown()
        for i in shown:
            column = self.columns[i]
            table.add_column(
                column.header,
                justify=column.justify,
                overflow=column.overflow,
                no_wrap=column.overflow == "ellipsis",
                width=self.widths[i],
            )
        for row in self.rows:
            table.add_row(*(row[i] for i in shown))
        return table

    def plain(self, width: int) -> str | None:
        """What Rich prints for this table without styles, ``width`` columns wide, when every
        cell fits its column on one line; else ``None`` (only Rich folds and cuts exactly)."""
        shown = self._shown()
        if any(self.widths[i] != self.natural[i] for i in shown):
            return None
        if sum(self.widths[i] for i in shown) + 2 * (len(shown) - 1) > width:
            return None
        header = tuple(column.header for column in self.columns)
        lines = []
        for row in (header, *self.rows):
            cells = [row[i] for i in shown]
            if not plain_cells(cells):
                return None
            lines.append(
                "  ".join(
                    cell.rstrip().rjust(self.widths[i])
                    if self.columns[i].justify == "right"
                    else cell.ljust(self.widths[i])
                    for i, cell in zip(shown, cells, strict=True)
                )
            )
        return "".join(f"{line}\n" for line in lines)

    def _shown(self) -> list[int]:
        return [i for i, w in enumerate(self.widths) if w > 0]


def fitted_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    give_way: Sequence[Step],
) -> FittedTable:
    """``rows`` under ``columns``, the widths fitted to ``width`` (``fit``)."""
    natural = [
        max([len(column.header), *(len(row[i]) for row in rows)])
        for i, column in enumerate(columns)
    ]
    return FittedTable(
        columns=tuple(columns),
        widths=tuple(fit(columns, natural, width, give_way)),
        rows=tuple(tuple(row) for row in rows),
        natural=tuple(natural),
    )
