"""Does a fix's edit do exactly what it says? Judged on the text of the one entry it changes.

Every fix that rewrites text (take an entry out, add fields, rename a key) is offered only when
the edited text parses and reads back as the old data with just that change. Parsing the whole
document again for each fix made the checks quadratic: a 1.8 MB config with 21 provider fixes
took 39 s. So the edit is first tried on the entry it lies in -- the provider block, say -- cut
out with its columns kept and parsed on its own, as an indented block (``key: value``) or, where
it sits in braces, wrapped in braces of its own. That text must first read back as exactly the
entry's data, which proves the cut faithful; when it does not (an alias to an anchor elsewhere,
an entry sharing its line), or when it holds an ``&`` (an anchor in it may be expanded elsewhere,
so a change inside could change the file beyond the entry), the answer is ``None`` and the
caller parses the whole document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modelforge_lsp.config.checks.findings import TextEdit
from modelforge_lsp.config.syntax import (
    LINE_BREAK,
    ConfigDocument,
    Entry,
    Position,
    Span,
    parse_document,
    to_python,
)

__all__ = ["apply_edits", "edit_gives", "edit_verified"]


def edit_verified(
    document: ConfigDocument,
    edit: TextEdit,
    path: tuple[str, ...],
    change: Callable[[dict[str, Any]], object],
) -> bool:
    """Whether ``edit`` does to the mapping at ``path`` exactly what ``change`` does to its data
    (and nothing else to the file): on the entry's own text where it tells (``edit_gives``),
    else by parsing the whole edited document."""
    entry = document.entry_at(path) if path else None
    if entry is not None:
        data = to_python(entry.value)
        change(data)
        local = edit_gives(document, edit, entry, {entry.key: data})
        if local is not None:
            return local
    after = parse_document(apply_edits(document.text, (edit,)))
    if after.root is None or after.syntax_errors:
        return False
    expected = to_python(document.root)
    node = expected
    for key in path:
        node = node[key]
    change(node)
    return bool(to_python(after.root) == expected)


def edit_gives(
    document: ConfigDocument, edit: TextEdit, entry: Entry, expected: Any
) -> bool | None:
    """Whether ``edit`` turns ``entry`` into ``{key: value}`` data equal to ``expected``, read
    on the entry's own text; ``None`` when the entry cannot be read on its own or the edit
    reaches outside it (then only the whole document can tell)."""
    before = {entry.key: to_python(entry.value)}
    for cut in (_block_cut, _flow_cut):
        piece = cut(document, entry)
        if piece is None:
            continue
        text, first_line, end = piece
        if "&" in text:
            return None  # an anchor here may be expanded elsewhere: only the whole file can tell
        if not _inside(edit.span, first_line, end):
            continue
        if not _reads_as(text, before):
            continue
        moved = TextEdit(_moved(edit.span, first_line), edit.new_text)
        return _reads_as(apply_edits(text, (moved,)), expected)
    return None


def apply_edits(text: str, edits: tuple[TextEdit, ...] | list[TextEdit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (positions are code points)."""
    starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]

    def offset(position: Position) -> int:
        line = min(position.line, len(starts) - 1)
        return min(starts[line] + position.character, len(text))

    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        start, end = offset(edit.span.start), offset(edit.span.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def _reads_as(text: str, data: Any) -> bool:
    parsed = parse_document(text)
    return parsed.root is not None and not parsed.syntax_errors and to_python(parsed.root) == data


def _entry_end(entry: Entry) -> Position:
    value = entry.value
    return value.span.end if not value.is_null else max(entry.key_span.end, value.span.end)


def _block_cut(document: ConfigDocument, entry: Entry) -> tuple[str, int, Position] | None:
    """The entry's whole lines, what stands before its key blanked: an indented block mapping
    (a ``- `` item's mapping too). Ends where the next line starts."""
    lines = document.lines
    first, column = entry.key_span.start.line, entry.key_span.start.character
    last = _entry_end(entry).line
    if last >= len(lines):
        return None
    piece = list(lines[first : last + 1])
    piece[0] = " " * column + piece[0][column:]
    return "\n".join(piece) + "\n", first, Position(last + 1, 0)


def _flow_cut(document: ConfigDocument, entry: Entry) -> tuple[str, int, Position] | None:
    """From the key to the end of the value, in braces of its own (the opening one where the
    character before the key was): a one-entry flow mapping, columns kept."""
    lines = document.lines
    start, end = entry.key_span.start, _entry_end(entry)
    if start.character < 1 or end.line >= len(lines):
        return None
    if start.line == end.line:
        body = lines[start.line][start.character : end.character]
    else:
        middle = lines[start.line + 1 : end.line]
        body = "\n".join(
            [lines[start.line][start.character :], *middle, lines[end.line][: end.character]]
        )
    return " " * (start.character - 1) + "{" + body + "}\n", start.line, end


def _inside(span: Span, first_line: int, end: Position) -> bool:
    return span.start.line >= first_line and span.end <= end


def _moved(span: Span, first_line: int) -> Span:
    return Span(
        Position(span.start.line - first_line, span.start.character),
        Position(span.end.line - first_line, span.end.character),
    )
