"""Fixes that rewrite one key or one value in place, keeping how it is written.

A key renamed keeps its quotes (JSON keys are quoted, YAML keys usually not) and is checked by
parsing the result. An empty model (``gpt-4o:`` or ``"gpt-4o": null``) becomes ``{}``: that edit
is checked on its own line only, since MF608 can flag every model of a file and a full re-parse
per model would cost the diagnostics of every keystroke.
"""

from __future__ import annotations

from modelforge_lsp.config.checks.findings import TextEdit
from modelforge_lsp.config.checks.removal import apply_edits
from modelforge_lsp.config.syntax import ConfigDocument, Entry, Position, Span, parse_document

__all__ = ["empty_map_edit", "rename_key_edit"]


def rename_key_edit(document: ConfigDocument, entry: Entry, new_key: str) -> TextEdit | None:
    """Replace ``entry``'s key with ``new_key`` (plain, or in the key's own quotes)."""
    span = entry.key_span
    if span.start.line != span.end.line or span.start.line >= len(document.lines):
        return None
    written = document.lines[span.start.line][span.start.character : span.end.character]
    if written == entry.key:
        new_text = new_key
    elif len(written) >= 2 and written[0] == written[-1] and written[0] in "\"'":
        if written[1:-1] != entry.key:
            return None  # escapes inside the quotes: leave it to the user
        new_text = f"{written[0]}{new_key}{written[0]}"
    else:
        return None
    edit = TextEdit(span, new_text)
    after = parse_document(apply_edits(document.text, (edit,)))
    return edit if after.root is not None and not after.syntax_errors else None


def empty_map_edit(document: ConfigDocument, entry: Entry) -> TextEdit | None:
    """Make ``entry``'s value ``{}``: after the colon of a bare ``key:``, else over the value."""
    value = entry.value
    line_number = entry.key_span.end.line
    line = document.lines[line_number] if line_number < len(document.lines) else ""
    if not (value.is_null and not value.text):
        return TextEdit(value.span, "{}")  # a written null (~, null) or a map: a whole node
    colon = line.find(":", entry.key_span.end.character)
    rest = line[colon + 1 :].strip() if colon >= 0 else "x"
    if rest and not rest.startswith(("#", ",", "}")):
        return None  # something else follows on the line: leave it to the user
    at = Position(line_number, colon + 1)
    return TextEdit(Span(at, at), " {}")
