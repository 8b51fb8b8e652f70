"""The parser's fast constructors make the same objects as the dataclasses' ``__init__``."""

from __future__ import annotations

import dataclasses

import pytest

from modelforge_lsp.config.syntax import Entry, Position, Span, Value
from modelforge_lsp.config.syntax.construct import (
    new_entry,
    new_line_entry,
    new_position,
    new_span,
    new_value,
)

START, END = Position(1, 2), Position(3, 4)
SPAN = Span(START, END)
SCALAR = Value("scalar", SPAN, scalar=7, text="7", style="double")
MAP = Value("map", SPAN, entries=(Entry("k", SPAN, SCALAR),))
SEQ = Value("seq", SPAN, items=(SCALAR,))


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        pytest.param(new_position(1, 2), START, id="position"),
        pytest.param(new_span(START, END), SPAN, id="span"),
        pytest.param(new_value("scalar", SPAN, 7, "7", "double"), SCALAR, id="scalar"),
        pytest.param(new_value("map", SPAN, entries=MAP.entries), MAP, id="map"),
        pytest.param(new_value("seq", SPAN, items=SEQ.items), SEQ, id="seq"),
        pytest.param(new_entry("k", SPAN, SCALAR), Entry("k", SPAN, SCALAR), id="entry"),
        pytest.param(
            new_line_entry("k", 1, 2, 3, 5, 6, "scalar", 7, "7", "double"),
            Entry("k", Span.at(1, 2, 3), Value("scalar", Span.at(1, 5, 6), 7, "7", "double")),
            id="line-entry",
        ),
        pytest.param(
            new_line_entry("k", 1, 2, 3, 5, 6, "scalar", 7, "7", "double").value,
            Value("scalar", Span.at(1, 5, 6), 7, "7", "double"),
            id="line-entry-value",
        ),
        pytest.param(
            new_line_entry("k", 1, 2, 3, 5, 6, "map", None, "", "plain").key_span.end,
            Position(1, 3),
            id="line-entry-position",
        ),
    ],
)
def test_the_same_object_every_field_set(made: object, expected: object) -> None:
    assert type(made) is type(expected)
    assert made == expected and hash(made) == hash(expected)
    for field in dataclasses.fields(expected):  # type: ignore[arg-type]
        assert getattr(made, field.name) == getattr(expected, field.name), field.name
    first = dataclasses.fields(expected)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, first, None)


def test_the_constructors_cover_every_field() -> None:
    """A field added to a tree type must be set here too (or it would be missing, not default)."""
    assert [f.name for f in dataclasses.fields(Value)] == [
        "kind", "span", "scalar", "text", "style", "entries", "items"
    ]  # fmt: skip
    assert [f.name for f in dataclasses.fields(Position)] == ["line", "character"]
    assert [f.name for f in dataclasses.fields(Span)] == ["start", "end"]
    assert [f.name for f in dataclasses.fields(Entry)] == ["key", "key_span", "value"]
