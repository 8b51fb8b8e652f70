"""The tree's frozen types, built without their ``__init__``: for the parser's inner loop.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made
constructing positions, spans, values and entries a third of a big config's parse (7 us per
model entry). Here each object is made as a *draft* -- an instance of a plain class with the
same ``__slots__``, whose fields are set by ordinary attribute stores -- and then becomes the
frozen type by ``__class__`` assignment, which Python allows between classes of one layout
(and refuses, at once, if a field were added to one and not the other). A ``Value`` so made
costs a third of one set slot by slot through the descriptors, and the objects are equal in
every way to the ones ``__init__`` makes (the types, the frozenness and ``__eq__`` are the
dataclasses' own; ``tests/config/syntax/test_construct.py`` holds every field to it, so a field
added to a type cannot be left unset here).
"""

from __future__ import annotations

from modelforge_lsp.config.syntax.tree import Entry, Position, ScalarStyle, Span, Value, ValueKind

__all__ = ["new_entry", "new_line_entry", "new_position", "new_span", "new_value"]


class _PositionDraft:
    __slots__ = Position.__slots__
    line: int
    character: int


class _SpanDraft:
    __slots__ = Span.__slots__
    start: object
    end: object


class _ValueDraft:
    __slots__ = Value.__slots__
    kind: ValueKind
    span: object
    scalar: str | int | float | bool | None
    text: str
    style: ScalarStyle
    entries: tuple[Entry, ...]
    items: tuple[Value, ...]


class _EntryDraft:
    __slots__ = Entry.__slots__
    key: str
    key_span: object
    value: object


def new_position(line: int, character: int) -> Position:
    draft = _PositionDraft()
    draft.line = line
    draft.character = character
    draft.__class__ = Position  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


def new_span(start: Position, end: Position) -> Span:
    draft = _SpanDraft()
    draft.start = start
    draft.end = end
    draft.__class__ = Span  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


def new_value(
    kind: ValueKind,
    span: Span,
    scalar: str | int | float | bool | None = None,
    text: str = "",
    style: ScalarStyle = "plain",
    entries: tuple[Entry, ...] = (),
    items: tuple[Value, ...] = (),
) -> Value:
    draft = _ValueDraft()
    draft.kind = kind
    draft.span = span
    draft.scalar = scalar
    draft.text = text
    draft.style = style
    draft.entries = entries
    draft.items = items
    draft.__class__ = Value  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


def new_entry(key: str, key_span: Span, value: Value) -> Entry:
    draft = _EntryDraft()
    draft.key = key
    draft.key_span = key_span
    draft.value = value
    draft.__class__ = Entry  # type: ignore[assignment]
    return draft  # type: ignore[return-value]


def new_line_entry(
    key: str,
    line: int,
    key_start: int,
    key_end: int,
    value_start: int,
    value_end: int,
    kind: ValueKind,
    scalar: str | int | float | bool | None,
    text: str,
    style: ScalarStyle,
) -> Entry:
    """The entry of a key and a childless value on one line, its eight objects in one call:
    the inner loop of ``fast_block``, where the seven other calls cost a sixth of the parse."""
    start = _PositionDraft()
    start.line = line
    start.character = key_start
    start.__class__ = Position  # type: ignore[assignment]
    end = _PositionDraft()
    end.line = line
    end.character = key_end
    end.__class__ = Position  # type: ignore[assignment]
    key_span = _SpanDraft()
    key_span.start = start
    key_span.end = end
    key_span.__class__ = Span  # type: ignore[assignment]
    start = _PositionDraft()
    start.line = line
    start.character = value_start
    start.__class__ = Position  # type: ignore[assignment]
    end = _PositionDraft()
    end.line = line
    end.character = value_end
    end.__class__ = Position  # type: ignore[assignment]
    span = _SpanDraft()
    span.start = start
    span.end = end
    span.__class__ = Span  # type: ignore[assignment]
    value = _ValueDraft()
    value.kind = kind
    value.span = span
    value.scalar = scalar
    value.text = text
    value.style = style
    value.entries = ()
    value.items = ()
    value.__class__ = Value  # type: ignore[assignment]
    entry = _EntryDraft()
    entry.key = key
    entry.key_span = key_span
    entry.value = value
    entry.__class__ = Entry  # type: ignore[assignment]
    return entry  # type: ignore[return-value]
