"""A card: a title line, then sections of label/value rows whose labels line up (``info``).

On a terminal Rich renders it (bold title and headings, dim labels); into a pipe, where Rich
writes no styles, ``Card.plain`` gives the same text without importing Rich (``cli.plain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelforge_lsp.cli.plain import plain_cells

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

__all__ = ["Card", "Row", "Section", "Value"]

Value = str | tuple[str, str]
"""A value: text, or ``(text, style)`` for text shown in one Rich style on a terminal."""
Row = tuple[str, Value]
_GAP = 2
"""Spaces between a label and its value."""


@dataclass(frozen=True, slots=True)
class Section:
    """Rows under a bold heading; the first section of a card may have none (``""``)."""

    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """A title line, then ``sections``, labels padded to one width across all of them."""

    title: tuple[Value, ...]
    """The title line, in pieces."""
    sections: tuple[Section, ...]
    label_width: int
    """The labels' column is at least this wide, so that sections line up."""

    def __rich__(self) -> Group:
        from rich.console import Group, RenderableType  # noqa: PLC0415 -- a pipe needs no Rich
        from rich.text import Text  # noqa: PLC0415

        parts: list[RenderableType] = [Text.assemble(*self.title)]
        for section in self.sections:
            if section.heading:
                parts += [Text(""), Text(section.heading, style="bold")]
            parts.append(self._grid(section.rows))
        return Group(*parts)

    def plain(self, width: int) -> str | None:
        """What Rich prints for this card without styles, ``width`` columns wide, when every
        line fits as it is; else ``None``."""
        title = "".join(map(_text, self.title))
        lines = [title]
        for section in self.sections:
            if section.heading:
                lines += ["", section.heading]
            labels = [label for label, _ in section.rows]
            values = [_text(value) for _, value in section.rows]
            label_width = max([self.label_width, *map(len, labels)])
            value_width = max(map(len, values), default=0)
            if value_width == 0 or label_width + _GAP + value_width > width:
                return None
            lines += [
                f"{label.ljust(label_width)}{' ' * _GAP}{value.ljust(value_width)}"
                for label, value in zip(labels, values, strict=True)
            ]
        if len(title) > width or not plain_cells(lines):
            return None
        return "".join(f"{line}\n" for line in lines)

    def _grid(self, rows: tuple[Row, ...]) -> Table:
        from rich.table import Table  # noqa: PLC0415
        from rich.text import Text  # noqa: PLC0415

        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(style="dim", no_wrap=True, min_width=self.label_width)
        grid.add_column(overflow="fold")
        for label, value in rows:
            grid.add_row(label, value if isinstance(value, str) else Text(*value))
        return grid


def _text(value: Value) -> str:
    return value if isinstance(value, str) else value[0]
