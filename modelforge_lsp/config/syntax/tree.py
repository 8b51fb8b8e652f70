"""The parsed config as data: positions, spans, values and entries (no parsing here).

These types are the contract between the parser (``config.syntax.parse``) and everything that reads
a config -- checks, cursor queries, completion, navigation, the server and the CLI -- so they
stay small, frozen and stable. Positions are 0-based lines and code-point columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "LINE_BREAK",
    "NODE_PROPERTIES",
    "ConfigDocument",
    "DuplicateKey",
    "Entry",
    "Position",
    "ScalarStyle",
    "Span",
    "SyntaxIssue",
    "Value",
    "ValueKind",
    "to_python",
]

LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Where LSP and every span here break lines (\\n, \\r\\n, \\r): not YAML's wider set."""
NODE_PROPERTIES = r"(?:[&!]\S*[ \t]+)*"
"""A node's leading ``&anchor``/``!tag`` properties, each followed by blanks, as a regex fragment:
node spans include them, so readers of the raw line skip them with this."""


ScalarStyle = Literal["plain", "single", "double", "literal", "folded"]
ValueKind = Literal["map", "seq", "scalar"]


@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int
    character: int


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position

    def contains(self, position: Position) -> bool:
        """True when ``position`` is inside or at either end (a cursor right after a word)."""
        return self.start <= position <= self.end

    @classmethod
    def at(cls, line: int, start: int, end: int) -> Span:
        """A span within one line."""
        return cls(Position(line, start), Position(line, end))


@dataclass(frozen=True, slots=True)
class Value:
    """A YAML node: a mapping (``entries``), a sequence (``items``) or a scalar."""

    kind: ValueKind
    span: Span
    scalar: str | int | float | bool | None = None
    """The resolved scalar (YAML 1.2 core types); ``None`` for null/empty or non-scalars."""
    text: str = ""
    """A scalar's source text without quotes (``""`` for non-scalars)."""
    style: ScalarStyle = "plain"
    entries: tuple[Entry, ...] = ()
    items: tuple[Value, ...] = ()

    def get(self, key: str) -> Entry | None:
        """The first entry with this key, if this is a mapping."""
        for entry in self.entries:
            if entry.key == key:
                return entry
        return None

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.scalar is None


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``key: value`` pair of a mapping."""

    key: str
    key_span: Span
    value: Value


@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    path: tuple[str, ...]
    """Path of the mapping holding the duplicate, plus the key itself."""
    first: Span
    duplicate: Span


@dataclass(frozen=True, slots=True)
class ConfigDocument:
    text: str
    root: Value | None
    syntax_errors: tuple[SyntaxIssue, ...] = ()
    duplicate_keys: tuple[DuplicateKey, ...] = ()
    too_large: bool = False
    alias_limited: bool = False
    """Alias expansion hit its cap: the tree is incomplete where aliases pointed."""
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The text's lines, split once, exactly where spans count lines (\\n, \\r\\n, \\r only)."""

    def __post_init__(self) -> None:
        text = self.text  # without a \r, str.split: the regex was a tenth of a fast parse
        lines = text.split("\n") if "\r" not in text else LINE_BREAK.split(text)
        object.__setattr__(self, "lines", tuple(lines))

    def entry_at(self, path: Sequence[str]) -> Entry | None:
        """The entry at a key path, e.g. ``("providers", "openai", "models")``."""
        node = self.root
        entry: Entry | None = None
        for key in path:
            if node is None or node.kind != "map":
                return None
            entry = node.get(key)
            if entry is None:
                return None
            node = entry.value
        return entry

    def walk(self) -> Iterator[tuple[tuple[str, ...], Entry]]:
        """Every entry with its key path, depth first in document order."""
        if self.root is not None:
            yield from _walk_value(self.root, ())


def _walk_value(value: Value, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Entry]]:
    """``walk`` below ``value``: a module function, not a closure over itself (a closure that
    calls itself is a reference cycle, left for the collector at every check)."""
    for entry in value.entries:
        here = (*path, entry.key)
        yield here, entry
        yield from _walk_value(entry.value, here)
    for item in value.items:
        yield from _walk_value(item, path)


def to_python(value: Value | None) -> Any:
    """A parsed ``Value`` as plain data: dicts (document order, first key wins), lists, scalars."""
    if value is None:
        return None
    if value.kind == "map":
        return {entry.key: to_python(entry.value) for entry in value.entries}
    if value.kind == "seq":
        return [to_python(item) for item in value.items]
    return value.scalar
