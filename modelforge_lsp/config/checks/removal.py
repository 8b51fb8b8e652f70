"""A fix that deletes one mapping entry -- in block YAML, flow YAML and JSON alike -- or none.

Several fixes take something out of a file (a stored token, a key the runtime ignores). The edit
is computed from spans (whole lines in block style; the entry and one comma in flow style and
JSON), applied to the text and parsed again: the fix is offered only when the result parses and
holds exactly the old data without that entry (``local_edit``: on the text of the entry that
holds it, where that reads the same on its own). A fix that could break the file is never
offered; the finding then stands without it.
"""

from __future__ import annotations

from modelforge_lsp.config.checks.findings import TextEdit
from modelforge_lsp.config.checks.local_edit import edit_verified
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    Position,
    Span,
    Value,
)

__all__ = ["opens_flow", "remove_entry"]


def remove_entry(document: ConfigDocument, path: tuple[str, ...]) -> TextEdit | None:
    """The edit that deletes the entry at ``path``, or ``None`` when it cannot be done safely
    (the entry is its mapping's only one, shares a line with another, or the result would not
    read back as the same data without it)."""
    owner = _owner(document, path[:-1])
    if owner is None or owner.kind != "map" or len(owner.entries) < 2:
        return None
    index = next((i for i, e in enumerate(owner.entries) if e.key == path[-1]), None)
    if index is None:
        return None
    entry = owner.entries[index]
    flow = opens_flow(document, owner)
    edit = _flow_removal(owner, index) if flow else _block_removal(document, entry)
    if edit is None or not edit_verified(document, edit, path[:-1], lambda d: d.pop(path[-1])):
        return None
    return edit


def _owner(document: ConfigDocument, path: tuple[str, ...]) -> Value | None:
    if not path:
        return document.root
    entry = document.entry_at(path)
    return entry.value if entry is not None else None


def opens_flow(document: ConfigDocument, value: Value) -> bool:
    """The mapping is written in braces (flow style or JSON), not as indented lines."""
    start = value.span.start
    lines = document.lines
    return (
        start.line < len(lines) and lines[start.line][start.character : start.character + 1] == "{"
    )


def _flow_removal(owner: Value, index: int) -> TextEdit:
    """``a: 1, b: 2`` -> drop the entry and the comma after it (before it, for the last one)."""
    entries = owner.entries
    entry = entries[index]
    if index + 1 < len(entries):
        return TextEdit(Span(entry.key_span.start, entries[index + 1].key_span.start), "")
    previous = entries[index - 1]
    return TextEdit(Span(_end_of(previous), _end_of(entry)), "")


def _end_of(entry: Entry) -> Position:
    return entry.value.span.end if not entry.value.is_null else entry.key_span.end


def _block_removal(document: ConfigDocument, entry: Entry) -> TextEdit | None:
    """The entry's whole lines, from its key's line to its value's last line."""
    lines = document.lines
    first = entry.key_span.start.line
    if lines[first][: entry.key_span.start.character].strip():
        return None  # something else before the key on its line (a list item, another key)
    end = _end_of(entry)
    last = end.line - 1 if end.character == 0 and end.line > first else end.line
    if last >= len(lines):
        last = len(lines) - 1
    rest = lines[last][end.character :] if last == end.line else ""
    if rest.strip() and not rest.lstrip().startswith("#"):
        return None  # another node continues on the value's last line
    if last + 1 < len(lines):
        return TextEdit(Span(Position(first, 0), Position(last + 1, 0)), "")
    if first == 0:
        return TextEdit(Span(Position(0, 0), Position(last, len(lines[last]))), "")
    above = first - 1
    return TextEdit(Span(Position(above, len(lines[above])), Position(last, len(lines[last]))), "")
