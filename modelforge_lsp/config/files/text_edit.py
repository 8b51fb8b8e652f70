"""Changing a config's text the way ``config.files.edit`` promises: insertions, verified.

``EditableText`` holds a config's text and data and applies one change at a time: in YAML as an
insertion of new lines after the last entry of the mapping it extends (indented like the file),
as the replacement of one scalar, or as the removal of one entry (``text_remove``); in JSON as a
re-dump that keeps key order and indentation. The result is parsed again and must equal the old
data plus exactly that change, or ``ConfigEditError`` says what to do by hand.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from modelforge_lsp.config.files.text_layout import (
    KeyPath,
    inside_flow,
    is_flow_map,
    newline_of,
    split_lines,
)
from modelforge_lsp.config.files.text_remove import remove_entry
from modelforge_lsp.config.syntax import (
    LINE_BREAK,
    ConfigDocument,
    Value,
    parse_document,
    to_python,
)
from modelforge_lsp.errors import ConfigEditError

__all__ = ["EditableText", "KeyPath", "with_final_break"]

_PLAIN_BLOCK = re.compile(r"[A-Za-z0-9_][\w.\-/+@~]*(?::[\w.\-/+@~]+)*")
_PLAIN_FLOW = re.compile(r"[A-Za-z0-9_][\w.\-/+@~]*")
_YAML11_SPECIAL = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
)


@dataclass(frozen=True, slots=True)
class EditableText:
    """A parsed config and how to change it (JSON or YAML text)."""

    text: str
    data: Any
    is_json: bool
    document: ConfigDocument | None = None

    @classmethod
    def of(cls, text: str, as_json: bool | None) -> EditableText:
        if as_json is None:
            as_json = text.lstrip().startswith("{") and _loads_json(text) is not None
        if as_json:
            data = _loads_json(text) if text.strip() else {}
            if data is None:
                raise ConfigEditError(
                    "the file is not strict JSON (or repeats a key); fix it, or convert it to "
                    "YAML with `modelforge config migrate`"
                )
            if not isinstance(data, dict):
                raise ConfigEditError("the top level of the file is not a mapping")
            return cls(text, data, True)
        document = parse_document(text)
        if document.root is None and document.syntax_errors:
            issue = document.syntax_errors[0]
            raise ConfigEditError(
                f"the file does not parse (line {issue.span.start.line + 1}: {issue.message}); "
                "fix it first, e.g. with `modelforge config validate`"
            )
        data = to_python(document.root)
        if data is not None and not isinstance(data, dict):
            raise ConfigEditError("the top level of the file is not a mapping")
        return cls(text, data, False, document)

    def insert(self, owner: KeyPath, entries: dict[str, Any]) -> str:
        """The text with ``entries`` added to the mapping at ``owner`` (verified)."""
        expected = copy.deepcopy(self.data) or {}
        target = expected
        for key in owner:
            if target.get(key) is None:
                target[key] = {}
            target = target[key]
        target.update(copy.deepcopy(entries))
        if self.is_json:
            return _dump_json(self.text, expected)
        assert self.document is not None
        new_text = _insert_yaml(self.text, self.document, owner, entries)
        return _verified(new_text, expected, self.document, _by_hand(entries))

    def set_scalar(self, path: KeyPath, value: str) -> str:
        """The text with the scalar at ``path`` set to ``value`` (verified)."""
        expected = copy.deepcopy(self.data)
        target = expected
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        if self.is_json:
            return _dump_json(self.text, expected)
        assert self.document is not None
        new_text = _replace_yaml(self.text, self.document, path, value)
        return _verified(new_text, expected, self.document, _by_hand({path[-1]: value}))

    def remove(self, path: KeyPath) -> str:
        """The text without the entry at ``path`` (verified); see ``text_remove`` for which
        lines go with it. A mapping it leaves empty is written ``{}``."""
        expected = copy.deepcopy(self.data)
        target = expected
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        if self.is_json:
            return _dump_json(self.text, expected)
        assert self.document is not None
        new_text = remove_entry(self.text, self.document, path)
        return _verified(new_text, expected, self.document, f"remove '{'.'.join(path)}' by hand")


def _verified(new_text: str, expected: Any, before: ConfigDocument, by_hand: str) -> str:
    after = parse_document(new_text)
    found = to_python(after.root)
    if found is None and expected == {}:  # nothing but comments left
        found = {}
    if len(after.syntax_errors) <= len(before.syntax_errors) and found == expected:
        return new_text
    raise ConfigEditError(
        "cannot change this file without rewriting other parts of it (anchors, aliases or "
        f"document markers?); {by_hand}"
    )


def _by_hand(entries: dict[str, Any]) -> str:
    snippet = "\n".join(_block_lines(entries, 0, 2))
    return f"add these lines by hand:\n{snippet}"


def _loads_json(text: str) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate key")
        return dict(pairs)

    try:
        return json.loads(text, object_pairs_hook=unique)
    except ValueError:
        return None


def _dump_json(original: str, data: Any) -> str:
    found = re.search(r"\{[ \t]*\r?\n([ \t]+)\S", original)
    indent: str | int = 2
    if found is not None:
        indent = len(found[1]) if set(found[1]) == {" "} else found[1]
    ascii_only = original.isascii() and "\\u" in original
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only) + "\n"
    return text.replace("\n", newline_of(original))


def _insert_yaml(
    text: str, document: ConfigDocument, owner: KeyPath, entries: dict[str, Any]
) -> str:
    lines = split_lines(text)
    step = _indent_step(document)
    newline = newline_of(text)
    if not owner:
        value = document.root
        key_column = -step
    else:
        entry = document.entry_at(owner)
        assert entry is not None
        value = entry.value
        key_column = entry.key_span.start.character
    if inside_flow(document, owner):
        assert value is not None
        return _replace_span(lines, value, _flow(entries) if _is_empty(value) else None, entries)
    if value is not None and value.kind == "map" and value.entries:
        if is_flow_map(document, value):
            return _replace_span(lines, value, None, entries)
        column = value.entries[0].key_span.start.character
        after = max(max(e.key_span.end.line, e.value.span.end.line) for e in value.entries)
        return _insert_lines(lines, after, _block_lines(entries, column, step), newline)
    if value is None:  # an empty document (or comments only): append
        return _insert_lines(lines, len(lines) - 1, _block_lines(entries, 0, step), newline)
    if value.span.start != value.span.end:  # an explicit `{}` / `null` / `~`: drop the token
        line = value.span.start.line
        before = lines[line][: value.span.start.character].rstrip(" \t")
        lines[line] = before + lines[line][value.span.end.character :]
    after = value.span.end.line
    return _insert_lines(lines, after, _block_lines(entries, key_column + step, step), newline)


def _replace_yaml(text: str, document: ConfigDocument, path: KeyPath, value: str) -> str:
    entry = document.entry_at(path)
    assert entry is not None
    span = entry.value.span
    if span.start.line != span.end.line:
        raise ConfigEditError(f"'{'.'.join(path)}' spans several lines; change it by hand")
    flow = inside_flow(document, path[:-1])
    match entry.value.style:
        case "single":
            rendered = "'" + value.replace("'", "''") + "'"
        case "double":
            rendered = json.dumps(value, ensure_ascii=False)
        case _:
            rendered = _scalar(value, flow=flow)
    lines = split_lines(text)
    row = lines[span.start.line]
    prefix = row[: span.start.character]
    if span.start == span.end:
        prefix += " "
    lines[span.start.line] = prefix + rendered + row[span.end.character :]
    return "".join(lines)


def _replace_span(
    lines: list[str], value: Value, replacement: str | None, entries: dict[str, Any]
) -> str:
    """In flow context: fill an empty value with ``replacement``, or add ``entries`` before a
    flow mapping's closing brace."""
    line, end = value.span.end.line, value.span.end.character
    row = lines[line]
    if replacement is not None:
        start = value.span.start.character
        lines[line] = row[:start] + (" " if start == end else "") + replacement + row[end:]
        return "".join(lines)
    close = end - 1
    head = row[:close].rstrip()
    pairs = ", ".join(f"{_scalar(k, flow=True)}: {_flow(v)}" for k, v in entries.items())
    lines[line] = head + (" " if head.endswith(("{", ",")) else ", ") + pairs + row[close:]
    return "".join(lines)


def _insert_lines(lines: list[str], after: int, new: list[str], newline: str) -> str:
    """Insert ``new`` after line ``after`` (before the empty tail after a final line break)."""
    row = lines[after]
    if row and not row.endswith(("\n", "\r")):
        lines[after] = row + newline
    at = after + 1 if row else after
    lines[at:at] = [line + newline for line in new]
    return "".join(lines)


def with_final_break(text: str) -> str:
    return text if not text or LINE_BREAK.match(text[-1]) else text + "\n"


def _indent_step(document: ConfigDocument) -> int:
    """The file's mapping indentation: the most common child-minus-parent column."""
    steps: Counter[int] = Counter()
    for _, entry in document.walk():
        value = entry.value
        if value.kind == "map" and value.entries and not is_flow_map(document, value):
            step = value.entries[0].key_span.start.character - entry.key_span.start.character
            if step > 0:
                steps[step] += 1
    return steps.most_common(1)[0][0] if steps else 2


def _is_empty(value: Value) -> bool:
    return value.is_null or (value.kind == "map" and not value.entries)


def _block_lines(entries: dict[str, Any], indent: int, step: int) -> list[str]:
    lines = []
    for key, value in entries.items():
        head = f"{' ' * indent}{_scalar(key)}:"
        if isinstance(value, dict) and value:
            lines.append(head)
            lines.extend(_block_lines(value, indent + step, step))
        elif isinstance(value, str):
            lines.append(f"{head} {_scalar(value)}")
        else:
            lines.append(f"{head} {_flow(value)}")
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{_scalar(k, flow=True)}: {_flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if value is None:
        return "null"
    return _scalar(str(value), flow=True)


@lru_cache(maxsize=1024)
def _scalar(text: str, *, flow: bool = False) -> str:
    """``text`` plain where YAML reads it back as the same string, else double-quoted.

    "YAML" means both versions: ``yes`` and ``1:30`` are strings to YAML 1.2 (and to
    ``config.syntax.parse``) but a boolean and a number to YAML 1.1 readers such as PyYAML, so
    they are quoted too -- as keys and as values.
    """
    pattern = _PLAIN_FLOW if flow else _PLAIN_BLOCK
    if pattern.fullmatch(text) and not _YAML11_SPECIAL.fullmatch(text):
        probe = parse_document(f"x: {text}")
        value = probe.root.entries[0].value if probe.root and probe.root.entries else None
        if value is not None and value.scalar == text and value.style == "plain":
            return text
    return json.dumps(text, ensure_ascii=False)
