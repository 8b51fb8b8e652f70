"""One writer for every change to a user's config: comment-preserving edits, atomic saves.

``add_model`` and ``set_current_model`` are pure (text in, ``ConfigEdit`` out); nothing here
touches the disk (``config.files.write`` does).

**Why edits are insertions, not a re-dump.** A ruamel.yaml round-trip re-emits the whole file and
still changes lines it was never asked to touch: ``key: null`` and ``key: ~`` come back as
``key:``, and a comment above the next top-level key migrates into the block that precedes it.
So an edit here is computed on the parsed tree (``config.syntax.parse``, the same spans the language
server's quick fixes use) and applied to the text as an insertion of new lines after the last
entry of the mapping it extends, indented like the file (the indentation step is read from the
file's own nested mappings). Every pre-existing line survives byte for byte, with three
exceptions that cannot be avoided: an empty value (``models:``, ``models: {}``, ``models: null``)
loses its ``{}``/``null`` token when entries go under it; a non-empty flow mapping
(``{a: 1}``) gains ``, key: value`` before its closing brace; ``set_current_model`` rewrites the
scalar it changes. New keys and values are quoted only where YAML needs it.

**Every edit is verified.** The result is parsed again and must equal the old data plus exactly
the change asked for; anything else (an anchor shared with another key, an odd document marker)
raises ``ConfigEditError`` with the lines to add by hand instead of writing a surprise.

**JSON configs** (``config.json``, ModelForge 2.x) are edited as JSON: key order kept, the file's
indentation detected; there are no comments to keep.

**Saving** is ``config.files.write``'s job (atomic, ``.bak``, refuses new errors).
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from modelforge_lsp.config.language import ProviderTemplate, find_provider_key, guess_llm_type
from modelforge_lsp.config.syntax import (
    LINE_BREAK,
    NODE_PROPERTIES,
    ConfigDocument,
    Value,
    parse_document,
    to_python,
)
from modelforge_lsp.errors import ConfigEditError

__all__ = [
    "ConfigEdit",
    "ConfigEditError",
    "add_model",
    "set_current_model",
]

_FLOW_START = re.compile(NODE_PROPERTIES + r"\{")
_PLAIN_BLOCK = re.compile(r"[A-Za-z0-9_][\w.\-/+@~]*(?::[\w.\-/+@~]+)*")
_PLAIN_FLOW = re.compile(r"[A-Za-z0-9_][\w.\-/+@~]*")
_YAML11_SPECIAL = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
)

Path_ = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConfigEdit:
    """The text before and after a change, and what the change did (one line per step)."""

    original: str
    text: str
    summary: tuple[str, ...] = ()
    provider_key: str = ""
    """The provider's key as the file spells it (``github_copilot`` stays ``github_copilot``)."""
    added_provider: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def followed_by(self, later: ConfigEdit) -> ConfigEdit:
        """This edit, then ``later`` (which was computed on this edit's ``text``)."""
        return ConfigEdit(
            self.original,
            later.text,
            self.summary + later.summary,
            self.provider_key or later.provider_key,
            self.added_provider or later.added_provider,
        )

    def diff(self, name: str = "config") -> str:
        """A unified diff of the change, for ``--dry-run``."""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                _with_final_break(self.text).splitlines(keepends=True),
                f"{name} (before)",
                f"{name} (after)",
            )
        )


# -- the edits -------------------------------------------------------------------------------


def add_model(
    text: str,
    provider_key: str,
    alias: str,
    *,
    template: ProviderTemplate | None = None,
    api_model_name: str | None = None,
    as_json: bool | None = None,
) -> ConfigEdit:
    """Add model ``alias`` under ``providers.<provider_key>.models``.

    A provider already in the file is found with ``_``/``-`` alike and keeps its key; a new one
    gets the template's block (``llm_type``, ``base_url``, ``auth_strategy``, ``models``), or just
    a guessed ``llm_type`` without a template. ``api_model_name`` is written when given. An alias
    already present is a no-op (``changed`` is false and the summary says so). ``as_json``:
    ``None`` detects JSON from the text.
    """
    syntax = _Syntax.of(text, as_json)
    model: dict[str, Any] = {} if api_model_name is None else {"api_model_name": api_model_name}
    providers = _child_map(syntax.data, ("providers",))
    key = find_provider_key(providers or {}, provider_key)
    if key is None:
        block = {provider_key: _provider_block(provider_key, template, alias, model)}
        edit = (
            syntax.insert(("providers",), block)
            if _has(syntax.data, ("providers",))
            else syntax.insert((), {"providers": block})
        )
        summary = f"added provider '{provider_key}' with model '{alias}'"
        return replace(edit, summary=(summary,), provider_key=provider_key, added_provider=True)
    if syntax.data["providers"][key] is None:  # `openai:` with nothing under it yet
        block = _provider_block(key, template, alias, model)
        edit = syntax.insert(("providers", key), block)
        return replace(
            edit, summary=(f"added model '{alias}' to provider '{key}'",), provider_key=key
        )
    models = _child_map(syntax.data, ("providers", key, "models"))
    if models is not None and alias in models:
        return ConfigEdit(text, text, (f"'{alias}' is already under providers.{key}.models",), key)
    edit = (
        syntax.insert(("providers", key, "models"), {alias: model})
        if _has(syntax.data, ("providers", key, "models"))
        else syntax.insert(("providers", key), {"models": {alias: model}})
    )
    return replace(edit, summary=(f"added model '{alias}' to provider '{key}'",), provider_key=key)


def set_current_model(
    text: str, provider: str, alias: str, *, as_json: bool | None = None
) -> ConfigEdit:
    """Point ``current_model`` at ``provider``/``alias``; only the values that differ change."""
    edit = ConfigEdit(text, text)
    for name, value in (("provider", provider), ("model", alias)):
        syntax = _Syntax.of(edit.text, as_json)
        current = _child_map(syntax.data, ("current_model",))
        if current is None:
            both = {"provider": provider, "model": alias}
            edit = edit.followed_by(
                syntax.insert(("current_model",), both)
                if _has(syntax.data, ("current_model",))
                else syntax.insert((), {"current_model": both})
            )
            break
        if current.get(name) == value:
            continue
        if name in current:
            edit = edit.followed_by(syntax.set_scalar(("current_model", name), value))
        else:
            edit = edit.followed_by(syntax.insert(("current_model",), {name: value}))
    summary = (f"set current_model to {provider}/{alias}",) if edit.changed else ()
    return ConfigEdit(text, edit.text, summary, provider)


def _provider_block(
    key: str, template: ProviderTemplate | None, alias: str, model: dict[str, Any]
) -> dict[str, Any]:
    fields = template.fields() if template is not None else [("llm_type", guess_llm_type(key))]
    return {**dict(fields), "models": {alias: model}}


def _has(data: Any, path: Path_) -> bool:
    """``path`` is written in the file, even with an empty value."""
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _child_map(data: Any, path: Path_) -> dict[str, Any] | None:
    """The mapping at ``path``; ``None`` when a key is missing or its value is empty; an error
    when something on the way is not a mapping."""
    node = data
    for depth, key in enumerate(path):
        if node is None or key not in node:
            return None
        node = node[key]
        if node is not None and not isinstance(node, dict):
            where = ".".join(path[: depth + 1])
            kind = "a list" if isinstance(node, list) else "a single value"
            raise ConfigEditError(f"'{where}' is {kind}, not a mapping; fix it by hand first")
    return node if isinstance(node, dict) else None


# -- applying an edit: YAML text insertions or a JSON re-dump ----------------------------------


@dataclass(frozen=True, slots=True)
class _Syntax:
    """A parsed config and how to change it (JSON or YAML text)."""

    text: str
    data: Any
    is_json: bool
    document: ConfigDocument | None = None

    @classmethod
    def of(cls, text: str, as_json: bool | None) -> _Syntax:
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

    def insert(self, owner: Path_, entries: dict[str, Any]) -> ConfigEdit:
        expected = copy.deepcopy(self.data) or {}
        target = expected
        for key in owner:
            if target.get(key) is None:
                target[key] = {}
            target = target[key]
        target.update(copy.deepcopy(entries))
        if self.is_json:
            return ConfigEdit(self.text, _dump_json(self.text, expected))
        assert self.document is not None
        new_text = _insert_yaml(self.text, self.document, owner, entries)
        return ConfigEdit(self.text, _verified(new_text, expected, self.document, entries))

    def set_scalar(self, path: Path_, value: str) -> ConfigEdit:
        expected = copy.deepcopy(self.data)
        target = expected
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        if self.is_json:
            return ConfigEdit(self.text, _dump_json(self.text, expected))
        assert self.document is not None
        new_text = _replace_yaml(self.text, self.document, path, value)
        return ConfigEdit(
            self.text, _verified(new_text, expected, self.document, {path[-1]: value})
        )


def _verified(new_text: str, expected: Any, before: ConfigDocument, entries: dict[str, Any]) -> str:
    after = parse_document(new_text)
    if len(after.syntax_errors) <= len(before.syntax_errors) and to_python(after.root) == expected:
        return new_text
    snippet = "\n".join(_block_lines(entries, 0, 2))
    raise ConfigEditError(
        "cannot change this file without rewriting other parts of it (anchors, aliases or "
        f"document markers?); add these lines by hand:\n{snippet}"
    )


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
    return text.replace("\n", _newline(original))


def _insert_yaml(text: str, document: ConfigDocument, owner: Path_, entries: dict[str, Any]) -> str:
    lines = _split_lines(text)
    step = _indent_step(document)
    newline = _newline(text)
    if not owner:
        value = document.root
        key_column = -step
    else:
        entry = document.entry_at(owner)
        assert entry is not None
        value = entry.value
        key_column = entry.key_span.start.character
    if _inside_flow(document, owner):
        assert value is not None
        return _replace_span(lines, value, _flow(entries) if _is_empty(value) else None, entries)
    if value is not None and value.kind == "map" and value.entries:
        if _is_flow(document, value):
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


def _replace_yaml(text: str, document: ConfigDocument, path: Path_, value: str) -> str:
    entry = document.entry_at(path)
    assert entry is not None
    span = entry.value.span
    if span.start.line != span.end.line:
        raise ConfigEditError(f"'{'.'.join(path)}' spans several lines; change it by hand")
    flow = _inside_flow(document, path[:-1])
    match entry.value.style:
        case "single":
            rendered = "'" + value.replace("'", "''") + "'"
        case "double":
            rendered = json.dumps(value, ensure_ascii=False)
        case _:
            rendered = _scalar(value, flow=flow)
    lines = _split_lines(text)
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


def _split_lines(text: str) -> list[str]:
    """Lines with their breaks, numbered as ``config.syntax.parse`` numbers them."""
    pieces, start = [], 0
    for match in LINE_BREAK.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def _newline(text: str) -> str:
    found = LINE_BREAK.search(text)
    return found.group() if found else "\n"


def _with_final_break(text: str) -> str:
    return text if not text or LINE_BREAK.match(text[-1]) else text + "\n"


def _indent_step(document: ConfigDocument) -> int:
    """The file's mapping indentation: the most common child-minus-parent column."""
    steps: Counter[int] = Counter()
    for _, entry in document.walk():
        value = entry.value
        if value.kind == "map" and value.entries and not _is_flow(document, value):
            step = value.entries[0].key_span.start.character - entry.key_span.start.character
            if step > 0:
                steps[step] += 1
    return steps.most_common(1)[0][0] if steps else 2


def _is_flow(document: ConfigDocument, value: Value) -> bool:
    row = document.lines[value.span.start.line]
    return value.kind == "map" and _FLOW_START.match(row, value.span.start.character) is not None


def _is_empty(value: Value) -> bool:
    return value.is_null or (value.kind == "map" and not value.entries)


def _inside_flow(document: ConfigDocument, path: Path_) -> bool:
    """True when the value at ``path`` sits inside a flow mapping (so must be written flow)."""
    node = document.root
    for key in path:
        if node is None or _is_flow(document, node):
            return node is not None
        entry = node.get(key)
        node = entry.value if entry is not None else None
    return False


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
