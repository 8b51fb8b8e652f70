"""Fixes that rewrite one key or one value in place, keeping how it is written.

A key renamed keeps its quotes (JSON keys are quoted, YAML keys usually not). Only the key's
token changes, so the edit is checked on the token: the old one must read back as the old key
and the new one as the new key, in block and in flow style alike; otherwise the whole result is
parsed again (a provider key's rename once took a re-parse of the whole file per provider).
An empty model (``gpt-4o:`` or ``"gpt-4o": null``) becomes ``{}``: that edit is checked on its
own line only, since MF608 can flag every model of a file and a full re-parse per model would
cost the diagnostics of every keystroke.
"""

from __future__ import annotations

from modelforge_lsp.config.checks.findings import TextEdit
from modelforge_lsp.config.checks.local_edit import apply_edits
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    Position,
    Span,
    parse_document,
    to_python,
)

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
    if _reads_as_key(written, entry.key) and _reads_as_key(new_text, new_key):
        return edit
    after = parse_document(apply_edits(document.text, (edit,)))
    return edit if after.root is not None and not after.syntax_errors else None


def _reads_as_key(written: str, key: str) -> bool:
    """``written``, as a key, reads as ``key`` in block and in flow style."""
    for text in (f"{written}: x\n", f"{{{written}: x}}\n"):
        parsed = parse_document(text)
        if parsed.root is None or parsed.syntax_errors or to_python(parsed.root) != {key: "x"}:
            return False
    return True


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
