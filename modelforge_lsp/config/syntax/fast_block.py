"""The tree of plain block YAML read line by line, without a YAML parser: the keystroke path.

Why: a config is re-parsed on every change, and on a 5,000-model config libyaml's events and the
tree built from them cost about 90 ms -- most of a change's diagnostics latency. Real configs
are nearly always a small subset of YAML: block mappings and sequences, plain scalars, quoted
strings without escapes, ``{}``/``[]``, comments. For that subset one regex per line gives each
line's indentation, ``-``, key and value, and an indentation stack gives the nesting; the
``BuiltTree`` is the one ``build_tree`` makes, field for field (spans, resolved scalars, styles,
duplicate keys), because each rule below is the parser's rule narrowed to where it is simple.
The commonest line of all, a model's ``name: {}``, is read with string methods alone where they
can tell it is what the regex would read (a sixth of the parse is the regex), and each
``key: value`` line's eight objects are made in one call (``construct.new_line_entry``).

The subset, and ``block_tree`` answers ``None`` (the caller parses the whole text the full way)
the moment a text leaves it: only ``\\n`` line breaks and characters YAML reads without comment
(no tab, ``\\r``, BOM, U+0085/U+2028/U+2029, control characters); an optional lone ``---``
first and no other document marker or ``%`` directive; every content line one of ``key:
value``, ``key:``, ``- value``, ``-``, ``- key: value`` or ``- key:``, with a key that is a
one-line plain or quoted scalar right before its ``:``, and a value that is a plain one-line
flow collection (``{}``, ``{provider: a, model: b}``: ``fast_flow``), a quoted scalar without
escapes (``\\``, ``''``) or a plain scalar that starts with no indicator, holds no ``: `` and
ends at the line's end or `` #``; and indentation a collection can have: a line deeper than the
one before only below an open ``key:`` or ``-``, a sequence at a key's own column only as its
value, every other line at the column of an open collection. So anchors, aliases, tags, other
flow collections, block and multi-line scalars, explicit keys, JSON text and every syntax error
fall back, as do a key near the parsers' 1,024-character limit for a simple key, and a tree
near ``MAX_NODES`` or ``MAX_DEPTH`` (where the full path's own errors decide).

Span rules are ``config.syntax.parse``'s: a block collection ends where its last kept entry or
item ends (comments and blank lines after it are outside), an empty value is an empty span just
after its ``:`` or ``-``; and as in ``build``, a duplicate key's value is read but keeps nothing,
not even the duplicates inside it. ``tests/config/syntax/test_fast_block.py`` holds the two
paths equal.
"""

from __future__ import annotations

import re

from modelforge_lsp.config.syntax.construct import (
    new_entry,
    new_line_entry,
    new_position,
    new_span,
    new_value,
)
from modelforge_lsp.config.syntax.fast_flow import FLOW, MAX_FLOW_LINES, flow_value, surely_outside
from modelforge_lsp.config.syntax.reading import MAX_DEPTH, MAX_NODES, BuiltTree
from modelforge_lsp.config.syntax.scalars import ImplicitTags, scalar_value
from modelforge_lsp.config.syntax.tree import (
    DuplicateKey,
    Entry,
    Position,
    ScalarStyle,
    Span,
    Value,
    ValueKind,
)

__all__ = ["block_tree"]

_OUTSIDE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""A character the subset leaves to the parsers: breaks other than ``\\n``, tabs, a BOM, and
what YAML does not allow at all. Spelled as the few ranges outside, not as a negated class of
the ranges inside: compiling that one built a table of all of Unicode, 6 ms of every start."""
_WORD = r"(?:[^ :]++|:(?=[^ ]))"
_PLAIN = (
    r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[0-9A-Za-z.]))"  # no indicator first
    rf"{_WORD}*+(?: +(?!#){_WORD}++)*+"  # words, never ': ' nor ' #'; possessive: 4x faster
)
_QUOTED = r"\"[^\"\\]*\"|'[^']*'"
_LINE = re.compile(
    r"( *)(?:(-)(?: +|$))?"  # indentation, a sequence's dash
    rf"(?:({_PLAIN}|{_QUOTED}):(?: +|$))?"  # a key
    rf"({FLOW}|{_QUOTED}|{_PLAIN})?"  # a value
    r" *(?:(?<![^ ])#.*)?"  # a comment
)
"""One content, comment or blank line; groups: indentation, dash, key, value."""
_HEADER = re.compile(r"---(?: +(?:#.*)?)?")
_MARKER = ("---", "...")
_MAX_KEY_END = 1000
"""Past this column a key line falls back: the parsers give up on a key over 1,024 characters."""
_MAX_FRAMES = MAX_DEPTH // 2
_MAX_READ = MAX_NODES - 1000
"""Fall back this close to ``MAX_NODES``: the full path decides where the limit is hit."""
_STYLE: dict[str, ScalarStyle] = {'"': "double", "'": "single"}
_Group = tuple[int, int]
"""A regex group's start and end (-1 when it did not match)."""
_Fields = tuple[ValueKind, str | int | float | bool | None, str, ScalarStyle]
_EMPTY_MAP: _Fields = ("map", None, "", "plain")
_EMPTY_SEQ: _Fields = ("seq", None, "", "plain")


class _Fallback(Exception):
    """The text leaves the subset."""


class _Frame:
    """An open block collection: its column, where it starts, what it holds so far, and for a
    mapping the key whose value is being read (``quiet``: inside a duplicate's value)."""

    __slots__ = (
        "children",
        "column",
        "first",
        "is_map",
        "key",
        "key_span",
        "path",
        "quiet",
        "seen",
    )

    def __init__(
        self, is_map: bool, column: int, first: Position, path: tuple[str, ...], quiet: bool
    ) -> None:
        self.is_map = is_map
        self.column = column
        self.first = first
        self.path = path
        self.quiet = quiet
        self.children: list[Entry] | list[Value] = []
        self.key = ""
        self.key_span: Span | None = None
        """``None`` while no key is pending, or when the pending key is a duplicate."""
        self.seen: dict[str, Span] = {}
        """A mapping's keys so far, each with its first span."""


def block_tree(text: str) -> BuiltTree | None:
    """``build_tree``'s result for ``text``, or ``None`` where the text leaves the subset."""
    if not text.replace("\n", "").isprintable() if text.isascii() else _OUTSIDE.search(text):
        return None  # in ASCII the printable characters are YAML's: no regex, a fifth less
    if surely_outside(text):
        return None
    try:
        return _Reader().read(text)
    except _Fallback:
        return None


class _Reader:
    """One text's read: the open collections (innermost last) and what is found on the way."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.root: Value | None = None
        self.duplicates: list[DuplicateKey] = []
        self.tags = ImplicitTags((1, 2))
        self.plain: dict[str, str | int | float | bool | None] = {}
        self.nodes = 0
        self.flows = 0

    def read(self, text: str) -> BuiltTree:
        stack = self.stack
        match = _LINE.fullmatch
        content = False
        slot: tuple[int, Position] | None = (-1, new_position(0, 0))
        """An open ``key:`` or ``-`` (its column, where its empty value would be); the column
        -1 stands for the document, before its root."""
        for number, line in enumerate(text.split("\n")):
            if self.nodes > _MAX_READ:  # stop early: the full path stops at its limit
                raise _Fallback
            if slot is None and line.endswith(": {}") and self._model(line, number):
                continue
            found = match(line)
            if found is None:
                if content or not _HEADER.fullmatch(line):
                    raise _Fallback
                content = True  # the ``---`` line: no content, no second one
                continue
            _, (_, column), dash, key, value = found.regs
            if dash[0] < 0 and key[0] < 0:
                if value[0] >= 0:
                    raise _Fallback  # a scalar alone on its line: maybe a multi-line one
                continue  # blank or comment
            if column == 0 and line.startswith(_MARKER):
                raise _Fallback
            content = True
            if slot is None and dash[0] < 0 and value[0] >= 0:
                top = stack[-1]  # (no slot: a collection is open)
                if top.column == column and top.is_map:  # ``key: value`` among keys: most lines
                    self._entry(top, line, number, key, value)
                    continue
            if slot is not None:
                slot_column, empty = slot
                slot = None
                owner_is_map = bool(stack) and stack[-1].is_map
                if column > slot_column or (
                    column == slot_column and dash[0] >= 0 and owner_is_map
                ):
                    slot = self._open(line, number, column, dash, key, value)
                    continue
                self._give(self._empty(empty))
            slot = self._line(line, number, column, dash, key, value)
        if slot is not None:
            if slot[0] < 0:  # nothing but comments and blank lines
                return BuiltTree(None)
            self._give(self._empty(slot[1]))
        while stack:
            self._close()
        if self.nodes > _MAX_READ:
            raise _Fallback
        return BuiltTree(self.root, duplicates=tuple(self.duplicates))

    def _model(self, line: str, number: int) -> bool:
        """Whether ``line`` was a ``model: {}`` line, read without the regex (a fifth of the
        parse less): a new plain key among the keys on top of the stack, and ``{}``. Else the
        regex reads it."""
        body = line.lstrip(" ")
        name = body[:-4]
        top = self.stack[-1]  # (no slot: a collection is open)
        if (
            top.column != len(line) - len(body)
            or not top.is_map
            or not name[:1].isalnum()  # no indicator first
            or ": " in name  # what ``_PLAIN`` takes: no ': ', ' #', blank at the end
            or " #" in name
            or name[-1] == " "
            or len(line) > _MAX_KEY_END
            or name in top.seen
        ):
            return False
        self.nodes += 2
        end = len(line)
        entry = new_line_entry(name, number, end - len(body), end - 4, end - 2, end, *_EMPTY_MAP)
        top.seen[name] = entry.key_span
        top.children.append(entry)  # type: ignore[arg-type]
        return True

    def _open(
        self, line: str, number: int, column: int, dash: _Group, key: _Group, value: _Group
    ) -> tuple[int, Position] | None:
        """A line deeper than the open slot above it: the first of a collection, its value."""
        self._push(dash[0] < 0, column, new_position(number, column))
        if dash[0] >= 0:
            return self._item(line, number, dash, key, value)
        return self._entry(self.stack[-1], line, number, key, value)

    def _line(
        self, line: str, number: int, column: int, dash: _Group, key: _Group, value: _Group
    ) -> tuple[int, Position] | None:
        """A line at the column of an open collection (collections deeper than it end)."""
        stack = self.stack
        while stack and stack[-1].column > column:
            self._close()
        if not stack or stack[-1].column != column:
            raise _Fallback
        if dash[0] < 0 and not stack[-1].is_map:
            self._close()  # a key after a sequence at its key's own column
            if not stack or stack[-1].column != column or not stack[-1].is_map:
                raise _Fallback
        if dash[0] >= 0:
            if stack[-1].is_map:
                raise _Fallback  # ``-`` among keys: an error
            return self._item(line, number, dash, key, value)
        return self._entry(self.stack[-1], line, number, key, value)

    def _item(
        self, line: str, number: int, dash: _Group, key: _Group, value: _Group
    ) -> tuple[int, Position] | None:
        """``- ...`` in the sequence on top of the stack."""
        if key[0] >= 0:  # ``- key: ...``: a mapping starts in the item
            self._push(True, key[0], new_position(number, key[0]))
            return self._entry(self.stack[-1], line, number, key, value)
        if value[0] >= 0:
            self._give(self._value(line, number, value))
            return None
        return dash[0], new_position(number, dash[1])

    def _entry(
        self, frame: _Frame, line: str, number: int, key: _Group, value: _Group
    ) -> tuple[int, Position] | None:
        """``key: ...`` in the mapping ``frame`` (on top of the stack)."""
        start, end = key
        if end > _MAX_KEY_END:
            raise _Fallback
        name = line[start:end]
        if name[0] in "\"'":
            name = name[1:-1]
        self.nodes += 1
        seen = frame.seen
        first = seen.get(name)
        if first is None and value[0] >= 0:  # a new key and its value: most lines
            self.nodes += 1
            begin, finish = value
            source = line[begin:finish]
            if source[0] in "{[" and len(source) > 2:
                key_span = new_span(new_position(number, start), new_position(number, end))
                entry = new_entry(name, key_span, self._flow(line, number, value))
            else:
                fields = _EMPTY_MAP if source == "{}" else self._fields(source)  # (models: {})
                entry = new_line_entry(name, number, start, end, begin, finish, *fields)
            seen[name] = entry.key_span
            frame.children.append(entry)  # type: ignore[arg-type]
            return None
        span = new_span(new_position(number, start), new_position(number, end))
        if first is None:
            seen[name] = span
        elif not frame.quiet:  # a duplicate: read, kept nowhere, recorded if not inside one
            self.duplicates.append(DuplicateKey((*frame.path, name), first, span))
        if value[0] >= 0:
            self.nodes += 1  # a duplicate's value, read for its errors only
            if line[value[0]] in "{[" and value[1] - value[0] > 2:
                self._flow(line, number, value)
            return None
        frame.key = name
        frame.key_span = span if first is None else None
        return start, new_position(number, end + 1)

    def _value(self, line: str, number: int, value: _Group) -> Value:
        self.nodes += 1
        start, end = value
        if line[start] in "{[" and end - start > 2:
            return self._flow(line, number, value)
        kind, scalar, text, style = self._fields(line[start:end])
        span = new_span(new_position(number, start), new_position(number, end))
        return new_value(kind, span, scalar, text, style)

    def _flow(self, line: str, number: int, value: _Group) -> Value:
        self.flows += 1
        read = flow_value(line, number, *value) if self.flows <= MAX_FLOW_LINES else None
        if read is None:
            raise _Fallback
        self.nodes += read[1]
        return read[0]

    def _fields(self, source: str) -> _Fields:
        """A one-line value's kind, scalar, text and style, from its source."""
        head = source[0]
        if head == "{":
            return _EMPTY_MAP
        if head == "[":
            return _EMPTY_SEQ
        if head in "\"'":
            text = source[1:-1]
            return "scalar", text, text, _STYLE[head]
        return "scalar", self._resolved(source), source, "plain"

    def _resolved(self, text: str) -> str | int | float | bool | None:
        """A plain scalar's value, as the parsers' events resolve it (YAML 1.2 core)."""
        plain = self.plain
        if text in plain:
            return plain[text]
        scalar = plain[text] = scalar_value(self.tags.of(text), text)
        return scalar

    def _empty(self, at: Position) -> Value:
        """The empty value of a ``key:`` or ``-`` with nothing under it."""
        self.nodes += 1
        return new_value("scalar", new_span(at, at), self._resolved(""))

    def _push(self, is_map: bool, column: int, first: Position) -> None:
        stack = self.stack
        if len(stack) >= _MAX_FRAMES:
            raise _Fallback
        self.nodes += 1
        if stack and stack[-1].is_map:
            parent = stack[-1]
            path = (*parent.path, parent.key)
            quiet = parent.quiet or parent.key_span is None
        elif stack:
            path, quiet = stack[-1].path, stack[-1].quiet
        else:
            path, quiet = (), False
        stack.append(_Frame(is_map, column, first, path, quiet))

    def _close(self) -> None:
        """The collection on top ends: its value goes to the collection below, or is the root."""
        frame = self.stack.pop()
        children = frame.children
        if frame.is_map:
            last: Entry = children[-1]  # type: ignore[assignment]
            span = new_span(frame.first, last.value.span.end)
            value = new_value("map", span, entries=tuple(children))  # type: ignore[arg-type]
        else:
            span = new_span(frame.first, children[-1].span.end)  # type: ignore[union-attr]
            value = new_value("seq", span, items=tuple(children))  # type: ignore[arg-type]
        self._give(value)

    def _give(self, value: Value) -> None:
        """``value`` to the collection on top: its pending key's value, or its next item."""
        stack = self.stack
        if not stack:
            self.root = value
            return
        frame = stack[-1]
        if not frame.is_map:
            frame.children.append(value)  # type: ignore[arg-type]
        elif frame.key_span is not None:
            frame.children.append(new_entry(frame.key, frame.key_span, value))  # type: ignore[arg-type]
            frame.key_span = None
