"""The tree's frozen types, built without their ``__init__``: for the parser's inner loop.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made
constructing positions, spans, values and entries a third of a big config's parse (7 us per
model entry). These set the same slots through their descriptors directly, about twice as fast,
and give objects equal in every way to the ones ``__init__`` makes (the types, the frozenness
and ``__eq__`` are the dataclasses' own; ``tests/config/syntax/test_construct.py`` holds every
field to it, so a field added to a type cannot be left unset here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modelforge_lsp.config.syntax.tree import Entry, Position, ScalarStyle, Span, Value, ValueKind

__all__ = ["new_entry", "new_position", "new_span", "new_value"]

_new = object.__new__


def _setter(cls: type, name: str) -> Callable[[object, Any], None]:
    """The slot descriptor's ``__set__``: what ``object.__setattr__`` ends in, called directly."""
    setter: Callable[[object, Any], None] = vars(cls)[name].__set__
    return setter


_position_line = _setter(Position, "line")
_position_character = _setter(Position, "character")
_span_start = _setter(Span, "start")
_span_end = _setter(Span, "end")
_value_kind = _setter(Value, "kind")
_value_span = _setter(Value, "span")
_value_scalar = _setter(Value, "scalar")
_value_text = _setter(Value, "text")
_value_style = _setter(Value, "style")
_value_entries = _setter(Value, "entries")
_value_items = _setter(Value, "items")
_entry_key = _setter(Entry, "key")
_entry_key_span = _setter(Entry, "key_span")
_entry_value = _setter(Entry, "value")


def new_position(line: int, character: int) -> Position:
    position = _new(Position)
    _position_line(position, line)
    _position_character(position, character)
    return position


def new_span(start: Position, end: Position) -> Span:
    span = _new(Span)
    _span_start(span, start)
    _span_end(span, end)
    return span


def new_value(
    kind: ValueKind,
    span: Span,
    scalar: str | int | float | bool | None = None,
    text: str = "",
    style: ScalarStyle = "plain",
    entries: tuple[Entry, ...] = (),
    items: tuple[Value, ...] = (),
) -> Value:
    value = _new(Value)
    _value_kind(value, kind)
    _value_span(value, span)
    _value_scalar(value, scalar)
    _value_text(value, text)
    _value_style(value, style)
    _value_entries(value, entries)
    _value_items(value, items)
    return value


def new_entry(key: str, key_span: Span, value: Value) -> Entry:
    entry = _new(Entry)
    _entry_key(entry, key)
    _entry_key_span(entry, key_span)
    _entry_value(entry, value)
    return entry
