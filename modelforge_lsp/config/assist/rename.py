"""Renaming a provider key or a model alias, and the ``current_model`` reference to it.

Each occurrence keeps its quoting; a plain one whose new text would not read back as the same
string is double-quoted. Renaming an alias that has no ``api_model_name`` changes which catalog
model it stands for (its identity is the alias), which docs/editing.md tells the user."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from modelforge_lsp.config.assist.written import (
    current_model_refs,
    name_span,
    written_models,
    written_providers,
)
from modelforge_lsp.config.checks import TextEdit
from modelforge_lsp.config.language import same_provider
from modelforge_lsp.config.syntax import ConfigDocument, Entry, Position, Span, parse_document

__all__ = ["RenameRejected", "prepare_rename", "rename_at"]


@dataclass(frozen=True, slots=True)
class RenameRejected:
    """A rename that would break the file; ``message`` is for the user."""

    message: str


@dataclass(frozen=True, slots=True)
class _Target:
    """What a rename at the cursor renames: a provider key, or a model alias of ``provider``."""

    provider: Entry
    model: Entry | None
    span: Span
    """The name under the cursor (inside quotes)."""


def _rename_target(document: ConfigDocument, position: Position) -> _Target | None:
    lines = document.lines
    for provider in written_providers(document):
        if provider.key_span.contains(position):
            return _target(lines, provider, None, provider.key_span, provider.key)
        for alias in written_models(provider):
            if alias.key_span.contains(position):
                return _target(lines, provider, alias, alias.key_span, alias.key)
    current = current_model_refs(document)
    if current.provider is not None and current.provider_ref is not None:
        value = current.provider_ref.value
        if value.span.contains(position):
            return _target(lines, current.provider, None, value.span, value.text)
    if current.provider is not None and current.model is not None and current.model_ref:
        value = current.model_ref.value
        if value.span.contains(position):
            return _target(lines, current.provider, current.model, value.span, value.text)
    return None


def _target(
    lines: Sequence[str], provider: Entry, model: Entry | None, span: Span, name: str
) -> _Target | None:
    written = name_span(lines, span, name)
    return None if written is None else _Target(provider, model, written[0])


def prepare_rename(document: ConfigDocument, position: Position) -> Span | None:
    """The name a rename at ``position`` would change, or ``None`` if nothing renames there.

    Renameable: a provider key, a model alias key, and ``current_model.provider``/``.model``
    where they name a configured provider/alias.
    """
    target = _rename_target(document, position)
    return None if target is None else target.span


def rename_at(
    document: ConfigDocument, position: Position, new_name: str
) -> list[TextEdit] | RenameRejected | None:
    """The edits that rename what is at ``position`` to ``new_name``.

    Renames the key and the ``current_model`` reference to it (the model reference only when
    ``current_model.provider`` is that provider). Each occurrence keeps its quoting; a plain one
    whose new text would not read back as the same string is double-quoted. ``None``: nothing to
    rename here; ``RenameRejected``: an invalid name, or one a sibling key already has.
    """
    target = _rename_target(document, position)
    if target is None:
        return None
    kind = "model alias" if target.model is not None else "provider name"
    if (problem := _invalid_name(new_name, kind)) is not None:
        return RenameRejected(problem)
    if (clash := _clash(document, target, new_name)) is not None:
        return RenameRejected(clash)
    lines = document.lines
    key = target.model if target.model is not None else target.provider
    key_written = name_span(lines, key.key_span, key.key)
    if key_written is None:
        return RenameRejected(f"'{key.key}' is written in a form that cannot be renamed safely")
    if new_name == key.key:
        return []
    edits = [_rename_edit(key_written, new_name)]
    current = current_model_refs(document)
    if current.provider is not None and current.provider.key_span == target.provider.key_span:
        ref = current.model_ref if target.model is not None else current.provider_ref
        named = current.model if target.model is not None else current.provider
        if ref is not None and named is not None and named.key_span == key.key_span:
            written = name_span(lines, ref.value.span, ref.value.text)
            edits.append(
                _rename_edit(written, new_name)
                if written is not None
                else TextEdit(ref.value.span, _render(new_name, ""))
            )
    return sorted(edits, key=lambda edit: edit.span.start)


def _invalid_name(name: str, kind: str) -> str | None:
    if not name.strip():
        return f"a {kind} cannot be empty"
    if name != name.strip():
        return f"a {kind} cannot start or end with spaces"
    if any(not char.isprintable() for char in name):
        return f"a {kind} cannot contain line breaks or control characters"
    if kind == "provider name" and ":" in name:
        return "a provider name cannot contain ':' (it is a models.dev provider id)"
    return None


def _clash(document: ConfigDocument, target: _Target, new_name: str) -> str | None:
    if target.model is not None:
        models = target.provider.value.get("models")
        siblings = models.value.entries if models is not None else ()
        if any(s.key == new_name and s.key_span != target.model.key_span for s in siblings):
            return f"provider '{target.provider.key}' already has a model alias '{new_name}'"
        return None
    section = document.entry_at(("providers",))
    for sibling in section.value.entries if section is not None else ():
        if sibling.key_span != target.provider.key_span and (same_provider(sibling.key, new_name)):
            same = "" if sibling.key == new_name else " ('_' and '-' name the same provider)"
            return f"a provider '{sibling.key}' is already configured{same}"
    return None


def _rename_edit(written: tuple[Span, str], new_name: str) -> TextEdit:
    span, quote = written
    return TextEdit(span, _render(new_name, quote))


def _render(name: str, quote: str) -> str:
    """``name`` as the text between ``quote``s (``""``: as a plain scalar, quoted if it must)."""
    if quote == "'":
        return name.replace("'", "''")
    escaped = json.dumps(name, ensure_ascii=False)  # also valid YAML double-quoted text
    if quote == '"':
        return escaped[1:-1]
    return name if _reads_back_plain(name) else escaped


def _reads_back_plain(name: str) -> bool:
    """Whether ``name`` unquoted is that string, as a key and as a value, in block and flow
    context (each forbids things the other allows: ``a:`` in block, ``a,`` in flow)."""
    return all(
        _reads_back(parse_document(probe), name)
        for probe in (f"{name}: {name}\n", f"{{{name}: {name}}}")
    )


def _reads_back(probe: ConfigDocument, name: str) -> bool:
    if probe.root is None or probe.syntax_errors or probe.root.kind != "map":
        return False
    entries = probe.root.entries
    return (
        len(entries) == 1
        and entries[0].key == name
        and entries[0].value.style == "plain"
        and entries[0].value.scalar == name
    )
