"""The entries of a config as they are written in the file, for features that point into it.

Outline, inlay hints, links, definition and rename all answer with places in the text. Anchors
and aliases (``other: *openai``) make one piece of text appear twice in the tree; only the
entries written inside their parent are used here (``written_children``): the copies an alias
expands to point at the anchored text, and an outline, hint or rename of them would land in the
wrong place. ``current_model`` is the file's one cross-reference: its ``provider`` names a key
under ``providers`` (``provider_entry``'s rule) and its ``model`` an alias under that provider's
``models`` (exactly).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.config.syntax import (
    NODE_PROPERTIES,
    ConfigDocument,
    Entry,
    Span,
    alias_identity,
    catalog_checked_provider,
    provider_entry,
    string_of,
)

__all__ = [
    "QUOTES",
    "CurrentModelRefs",
    "catalog_model_of",
    "catalog_provider_of",
    "current_model_refs",
    "entry_span",
    "name_span",
    "properties_length",
    "source_text",
    "written_children",
    "written_models",
    "written_providers",
]

QUOTES = "\"'"
_PROPERTIES = re.compile(NODE_PROPERTIES)


def entry_span(entry: Entry) -> Span:
    return Span(entry.key_span.start, max(entry.key_span.end, entry.value.span.end))


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def written_children(entry: Entry) -> Iterator[Entry]:
    """The entries of ``entry``'s mapping written inside it (not expanded from an alias)."""
    if entry.value.kind != "map":
        return
    outer = entry_span(entry)
    for child in entry.value.entries:
        if _inside(entry_span(child), outer):
            yield child


def written_providers(document: ConfigDocument) -> Iterator[Entry]:
    section = document.entry_at(("providers",))
    if section is not None:
        yield from written_children(section)


def written_models(provider: Entry) -> Iterator[Entry]:
    models = provider.value.get("models") if provider.value.kind == "map" else None
    if models is not None and _inside(entry_span(models), entry_span(provider)):
        yield from written_children(models)


@dataclass(frozen=True, slots=True)
class CurrentModelRefs:
    """``current_model``: its two reference entries and what they resolve to."""

    provider_ref: Entry | None = None
    model_ref: Entry | None = None
    provider: Entry | None = None
    model: Entry | None = None


def current_model_refs(document: ConfigDocument) -> CurrentModelRefs:
    section = document.entry_at(("current_model",))
    if section is None or section.value.kind != "map":
        return CurrentModelRefs()
    provider_ref = section.value.get("provider")
    model_ref = section.value.get("model")
    provider_name = string_of(provider_ref.value) if provider_ref else None
    provider = provider_entry(document, provider_name) if provider_name is not None else None
    model_name = string_of(model_ref.value) if model_ref else None
    model = None
    if provider is not None and model_name is not None:
        model = next((m for m in written_models(provider) if m.key == model_name), None)
    return CurrentModelRefs(provider_ref, model_ref, provider, model)


def source_text(lines: Sequence[str], span: Span) -> str | None:
    """The text of a one-line span (``lines``: the document's), ``None`` over several lines."""
    if span.start.line != span.end.line:
        return None
    line = lines[span.start.line] if span.start.line < len(lines) else ""
    return line[span.start.character : span.end.character]


def properties_length(source: str) -> int:
    """Length of the ``&anchor``/``!tag`` properties a node's source starts with."""
    match = _PROPERTIES.match(source)
    return match.end() if match else 0


def name_span(lines: Sequence[str], span: Span, name: str) -> tuple[Span, str] | None:
    """Where ``name`` is written within a node's ``span``, and its quote (``""``: plain).

    ``None`` when it is written in a way an edit could not keep (escapes, several lines).
    """
    source = source_text(lines, span)
    if source is None:
        return None
    start = span.start.character + properties_length(source)
    written = source[start - span.start.character :]
    line = span.start.line
    if written == name:
        return Span.at(line, start, start + len(written)), ""
    quote = written[:1]
    if quote in QUOTES and len(written) >= 2 and written[-1] == quote:
        inner = written[1:-1]
        if (inner.replace("''", "'") if quote == "'" else inner) == name:
            return Span.at(line, start + 1, start + 1 + len(inner)), quote
    return None


def catalog_provider_of(provider: Entry, catalog: Catalog | None) -> ProviderInfo | None:
    """The catalog's provider for a ``providers`` entry; ``None`` for local ones (ollama)."""
    if catalog is None or not catalog_checked_provider(provider):
        return None
    return catalog.provider(provider.key)


def catalog_model_of(
    provider: ProviderInfo | None, alias: Entry, catalog: Catalog | None
) -> ModelInfo | None:
    if provider is None or catalog is None:
        return None
    return catalog.model(provider.id, alias_identity(alias)[0])
