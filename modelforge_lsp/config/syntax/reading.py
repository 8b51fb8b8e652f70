"""What a read of the text yields, and the bounds every read keeps, with no parser behind them.

Both reads share these: the fast one (``fast_block``, plain block YAML line by line) and the full
one (``build``, over ruamel's parser events). Keeping them apart from the full read means the
fast read imports no ruamel.yaml: a server session whose configs all fit the fast read's subset
(what ``config add`` writes) never loads it (10 ms and 1.6 MB of every start before).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from modelforge_lsp.config.syntax.construct import new_position, new_span
from modelforge_lsp.config.syntax.tree import (
    LINE_BREAK,
    DuplicateKey,
    Position,
    Span,
    SyntaxIssue,
    Value,
)

__all__ = ["MAX_DEPTH", "MAX_NODES", "BuiltTree", "LineIndex"]

MAX_DEPTH = 200
"""Deepest nesting composed; deeper text is a syntax issue, not a ``RecursionError``."""
MAX_NODES = 150_000
"""Most keys, values and items read: a config naming all 4,803 catalog models has 10,401, one
naming 50,000 models at the 2 MiB size limit about 102,000 (read and checked in 1.5 s)."""


@dataclass(frozen=True, slots=True)
class BuiltTree:
    """The first document's root (``None`` for an empty one) and what was found on the way."""

    root: Value | None
    issues: tuple[SyntaxIssue, ...] = ()
    duplicates: tuple[DuplicateKey, ...] = ()
    alias_limited: bool = False


class LineIndex:
    """Character index -> ``Position``, with the LSP's line breaks."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        line = bisect_right(self.starts, index) - 1
        return new_position(line, index - self.starts[line])

    def span(self, start: int, end: int) -> Span:
        starts = self.starts
        line = bisect_right(starts, start) - 1
        first = new_position(line, start - starts[line])
        if line + 1 == len(starts) or end < starts[line + 1]:  # on the same line: most spans
            return new_span(first, new_position(line, end - starts[line]))
        return new_span(first, self.position(end))
