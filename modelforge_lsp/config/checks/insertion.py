"""A fix that adds fields to a provider block, written the way the block is written.

The runtime fixes (``auth_strategy: api_key``, a ``base_url``, ``auth_details``) and the missing
``llm_type`` all add fields to one provider. In block style the new lines go after ``llm_type``
(or first), indented like their siblings; in flow style and JSON they go first inside the braces,
JSON-quoted (valid YAML too); in JSON laid out one key per line, as new lines indented like
the first key. Like ``removal``, the edit is parsed again and offered only when
the result holds exactly the old data plus the new fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from modelforge_lsp.config.checks.findings import TextEdit
from modelforge_lsp.config.checks.local_edit import edit_verified
from modelforge_lsp.config.checks.removal import opens_flow
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    Position,
    Span,
    parse_document,
    to_python,
)

__all__ = ["FieldValue", "add_fields"]

FieldValue = str | Mapping[str, str]
"""A scalar, or a one-level map such as ``auth_details``."""


def add_fields(
    document: ConfigDocument,
    path: tuple[str, ...],
    fields: Sequence[tuple[str, FieldValue]],
) -> TextEdit | None:
    """The edit adding ``fields`` to the mapping entry at ``path`` (none of them present yet),
    or ``None`` when it cannot be made safely."""
    entry = document.entry_at(path)
    if entry is None or entry.value.kind != "map" or not entry.value.entries:
        return None
    first = entry.value.entries[0].key_span.start
    line = document.lines[first.line] if first.line < len(document.lines) else ""
    pairs = [f"{json.dumps(name)}: {_flow(value)}," for name, value in fields]
    if line[: first.character].strip():  # flow style or JSON on one line: `{ ...` before the key
        edit = TextEdit(Span(first, first), "".join(f"{pair} " for pair in pairs))
    elif opens_flow(document, entry.value):  # JSON one key per line: new lines, indented alike
        at = Position(first.line, 0)
        indent = line[: first.character]
        edit = TextEdit(Span(at, at), "".join(f"{indent}{pair}\n" for pair in pairs))
    else:
        edit = _block_insertion(document, entry, fields)
    added = {name: value if isinstance(value, str) else dict(value) for name, value in fields}
    return edit if edit_verified(document, edit, path, lambda d: d.update(added)) else None


def _block_insertion(
    document: ConfigDocument, entry: Entry, fields: Sequence[tuple[str, FieldValue]]
) -> TextEdit:
    entries = entry.value.entries
    indent = " " * entries[0].key_span.start.character
    step = " " * max(2, entries[0].key_span.start.character - entry.key_span.start.character)
    lines: list[str] = []
    for name, value in fields:
        if isinstance(value, str):
            lines.append(f"{indent}{name}: {_block_scalar(value)}")
        else:
            lines.append(f"{indent}{name}:")
            lines += [f"{indent}{step}{k}: {_block_scalar(v)}" for k, v in value.items()]
    llm_type = entry.value.get("llm_type")
    after = llm_type if llm_type is not None and _single_line(llm_type) else None
    if after is None:
        at = Position(entries[0].key_span.start.line, 0)
        return TextEdit(Span(at, at), "".join(f"{line}\n" for line in lines))
    end_line = after.key_span.start.line
    end = Position(end_line, len(document.lines[end_line]))
    return TextEdit(Span(end, end), "".join(f"\n{line}" for line in lines))


def _single_line(entry: Entry) -> bool:
    return entry.key_span.start.line == entry.value.span.end.line


def _block_scalar(value: str) -> str:
    """Plain when it reads back as the same string, else double-quoted."""
    plain = parse_document(f"k: {value}\n")
    data = to_python(plain.root) if plain.root is not None and not plain.syntax_errors else None
    return value if data == {"k": value} else json.dumps(value)


def _flow(value: FieldValue) -> str:
    return json.dumps(value if isinstance(value, str) else dict(value))
