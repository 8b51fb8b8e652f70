"""The tree's frozen types, built without their ``__init__``: for the parser's inner loop.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made
constructing positions, spans, values and entries a third of a big config's parse (7 us per
model entry). Here each is made as a draft and given its frozen type (``modelforge_lsp.drafts``:
why that is safe); ``tests/config/syntax/test_construct.py`` holds every field to ``__init__``'s
result, so a field added to a type cannot be left unset here.
"""

from __future__ import annotations

from typing import cast

from modelforge_lsp.config.syntax.tree import Entry, Position, ScalarStyle, Span, Value, ValueKind
from modelforge_lsp.drafts import draft_type

__all__ = ["new_entry", "new_line_entry", "new_position", "new_span", "new_value"]


_PositionDraft = draft_type(Position)
_SpanDraft = draft_type(Span)
_ValueDraft = draft_type(Value)
_EntryDraft = draft_type(Entry)


def new_position(line: int, character: int) -> Position:
    draft = _PositionDraft()
    draft.line = line
    draft.character = character
    draft.__class__ = Position
    return cast(Position, draft)


def new_span(start: Position, end: Position) -> Span:
    draft = _SpanDraft()
    draft.start = start
    draft.end = end
    draft.__class__ = Span
    return cast(Span, draft)


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
    draft.__class__ = Value
    return cast(Value, draft)


def new_entry(key: str, key_span: Span, value: Value) -> Entry:
    draft = _EntryDraft()
    draft.key = key
    draft.key_span = key_span
    draft.value = value
    draft.__class__ = Entry
    return cast(Entry, draft)


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
    start.__class__ = Position
    end = _PositionDraft()
    end.line = line
    end.character = key_end
    end.__class__ = Position
    key_span = _SpanDraft()
    key_span.start = start
    key_span.end = end
    key_span.__class__ = Span
    start = _PositionDraft()
    start.line = line
    start.character = value_start
    start.__class__ = Position
    end = _PositionDraft()
    end.line = line
    end.character = value_end
    end.__class__ = Position
    span = _SpanDraft()
    span.start = start
    span.end = end
    span.__class__ = Span
    value = _ValueDraft()
    value.kind = kind
    value.span = span
    value.scalar = scalar
    value.text = text
    value.style = style
    value.entries = ()
    value.items = ()
    value.__class__ = Value
    entry = _EntryDraft()
    entry.key = key
    entry.key_span = key_span
    entry.value = value
    entry.__class__ = Entry
    return cast(Entry, entry)
