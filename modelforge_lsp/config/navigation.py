"""Moving around a config and renaming in it: outline, definitions, links, price hints, rename.

Pure functions over a parsed ``ConfigDocument`` (and the ``Catalog`` where prices are shown);
the server's ``features/symbols.py``, ``inlay_hints.py`` and ``navigation.py`` only translate
their answers to LSP types. Positions are code points, as everywhere in ``config/``.

The file's one kind of cross-reference is ``current_model``: its ``provider`` names a key under
``providers`` (``_`` and ``-`` alike, as ``find_provider`` reads it) and its ``model`` an alias
under that provider's ``models`` (exactly). Go-to-definition follows those two references and
rename keeps them in step with the keys they name.

Anchors and aliases (``other: *openai``) make one piece of text appear twice in the tree. Only
the entries written inside their parent are used here (``_inside``): the copies an alias expands
to point at the anchored text, and an outline, hint or rename of them would land in the wrong
place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo, normalize_provider_id
from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.config.document import ConfigDocument, Entry, Position, Span, parse_document
from modelforge_lsp.config.findings import TextEdit
from modelforge_lsp.config.rules.catalog import model_identity
from modelforge_lsp.config.rules.common import split_url, string_of
from modelforge_lsp.config.rules.references import find_provider
from modelforge_lsp.config.schema import LOCAL_LLM_TYPES

__all__ = [
    "Link",
    "ModelHint",
    "RenameRejected",
    "Symbol",
    "SymbolKind",
    "definition_at",
    "document_symbols",
    "links",
    "model_hints",
    "prepare_rename",
    "rename_at",
]

SymbolKind = Literal["section", "provider", "model", "field"]
"""``section``: a top-level key holding a mapping; ``field``: any other key with a value."""

_PREFIX = re.compile(r"(?:[&!]\S*[ \t]+)*")
"""A node's leading ``&anchor``/``!tag`` properties, which its span includes."""
_COMMENT = re.compile(r"(?:^|[ \t])#")
_QUOTES = "\"'"


@dataclass(frozen=True, slots=True)
class Symbol:
    """One outline entry: ``span`` covers key and value, ``selection`` the key alone."""

    name: str
    kind: SymbolKind
    span: Span
    selection: Span
    detail: str = ""
    children: tuple[Symbol, ...] = ()


class Link(NamedTuple):
    """An http(s) URL written in the file, and where its text is (inside any quotes)."""

    span: Span
    url: str


class ModelHint(NamedTuple):
    """``label`` (price and context of a model) to show at ``position``."""

    position: Position
    label: str


@dataclass(frozen=True, slots=True)
class RenameRejected:
    """A rename that would break the file; ``message`` is for the user."""

    message: str


# -- the tree, as the features below read it -------------------------------------------------


def _entry_span(entry: Entry) -> Span:
    return Span(entry.key_span.start, max(entry.key_span.end, entry.value.span.end))


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _children(entry: Entry) -> Iterator[Entry]:
    """The entries of ``entry``'s mapping written inside it (not expanded from an alias)."""
    if entry.value.kind != "map":
        return
    outer = _entry_span(entry)
    for child in entry.value.entries:
        if _inside(_entry_span(child), outer):
            yield child


def _providers(document: ConfigDocument) -> Iterator[Entry]:
    section = document.entry_at(("providers",))
    if section is not None:
        yield from _children(section)


def _models(provider: Entry) -> Iterator[Entry]:
    models = provider.value.get("models") if provider.value.kind == "map" else None
    if models is not None and _inside(_entry_span(models), _entry_span(provider)):
        yield from _children(models)


@dataclass(frozen=True, slots=True)
class _Current:
    """``current_model``: its two reference entries and what they resolve to."""

    provider_ref: Entry | None = None
    model_ref: Entry | None = None
    provider: Entry | None = None
    model: Entry | None = None


def _current(document: ConfigDocument) -> _Current:
    section = document.entry_at(("current_model",))
    if section is None or section.value.kind != "map":
        return _Current()
    provider_ref = section.value.get("provider")
    model_ref = section.value.get("model")
    provider_name = string_of(provider_ref.value) if provider_ref else None
    provider = find_provider(document, provider_name) if provider_name is not None else None
    model_name = string_of(model_ref.value) if model_ref else None
    model = None
    if provider is not None and model_name is not None:
        model = next((m for m in _models(provider) if m.key == model_name), None)
    return _Current(provider_ref, model_ref, provider, model)


def _source(lines: Sequence[str], span: Span) -> str | None:
    """The text of a one-line span (``lines``: the document's), ``None`` over several lines."""
    if span.start.line != span.end.line:
        return None
    line = lines[span.start.line] if span.start.line < len(lines) else ""
    return line[span.start.character : span.end.character]


def _properties_length(source: str) -> int:
    """Length of the ``&anchor``/``!tag`` properties a node's source starts with."""
    match = _PREFIX.match(source)
    return match.end() if match else 0


def _name_span(lines: Sequence[str], span: Span, name: str) -> tuple[Span, str] | None:
    """Where ``name`` is written within a node's ``span``, and its quote (``""``: plain).

    ``None`` when it is written in a way an edit could not keep (escapes, several lines).
    """
    source = _source(lines, span)
    if source is None:
        return None
    start = span.start.character + _properties_length(source)
    written = source[start - span.start.character :]
    line = span.start.line
    if written == name:
        return Span.at(line, start, start + len(written)), ""
    quote = written[:1]
    if quote in _QUOTES and len(written) >= 2 and written[-1] == quote:
        inner = written[1:-1]
        if (inner.replace("''", "'") if quote == "'" else inner) == name:
            return Span.at(line, start + 1, start + 1 + len(inner)), quote
    return None


# -- outline -----------------------------------------------------------------------------------


def document_symbols(document: ConfigDocument, catalog: Catalog | None = None) -> list[Symbol]:
    """The outline: ``providers`` with each provider and its models, then the other sections.

    A provider's detail is its catalog name and ``llm_type``; a model's is its price summary
    when the catalog knows it. Every child's span lies inside its parent's.
    """
    root = document.root
    if root is None or root.kind != "map":
        return []
    symbols = []
    for entry in root.entries:
        if entry.key == "providers" and entry.value.kind == "map":
            children = tuple(_provider_symbol(p, catalog) for p in _children(entry))
            symbols.append(_symbol(entry, "section", children=children))
        elif entry.value.kind == "map":
            fields = tuple(_symbol(child, "field", _scalar(child)) for child in _children(entry))
            symbols.append(_symbol(entry, "section", _section_detail(entry), fields))
        else:
            symbols.append(_symbol(entry, "field", _scalar(entry)))
    return symbols


def _symbol(
    entry: Entry, kind: SymbolKind, detail: str = "", children: tuple[Symbol, ...] = ()
) -> Symbol:
    name = entry.key if entry.key.strip() else json.dumps(entry.key)  # LSP: never blank
    return Symbol(name, kind, _entry_span(entry), entry.key_span, detail, children)


def _scalar(entry: Entry | None) -> str:
    """A scalar value's first line, for a detail; ``""`` for anything else."""
    text = string_of(entry.value) if entry is not None else None
    return text.splitlines()[0] if text and text.strip() else ""


def _section_detail(entry: Entry) -> str:
    """``current_model``'s detail: ``provider / model``."""
    if entry.key != "current_model":
        return ""
    parts = (_scalar(entry.value.get("provider")), _scalar(entry.value.get("model")))
    return " / ".join(part for part in parts if part)


def _provider_symbol(provider: Entry, catalog: Catalog | None) -> Symbol:
    info = _catalog_provider(provider, catalog)
    llm_type = provider.value.get("llm_type") if provider.value.kind == "map" else None
    detail = " · ".join(part for part in (info.name if info else "", _scalar(llm_type)) if part)
    models = []
    for alias in _models(provider):
        model = _catalog_model(info, alias, catalog)
        models.append(_symbol(alias, "model", price_summary(model) if model else ""))
    return _symbol(provider, "provider", detail, tuple(models))


def _catalog_provider(provider: Entry, catalog: Catalog | None) -> ProviderInfo | None:
    """The catalog's provider for a ``providers`` entry; ``None`` for local ones (ollama)."""
    if catalog is None:
        return None
    llm_type = provider.value.get("llm_type") if provider.value.kind == "map" else None
    if llm_type is not None and string_of(llm_type.value) in LOCAL_LLM_TYPES:
        return None
    return catalog.provider(provider.key)


def _catalog_model(
    provider: ProviderInfo | None, alias: Entry, catalog: Catalog | None
) -> ModelInfo | None:
    if provider is None or catalog is None:
        return None
    return catalog.model(provider.id, model_identity(alias)[0])


# -- inlay hints -------------------------------------------------------------------------------


def model_hints(document: ConfigDocument, catalog: Catalog | None) -> list[ModelHint]:
    """A price/context hint after each model alias the catalog knows, in document order.

    Nothing for providers the catalog does not know, local ones (``llm_type: ollama``) or models
    it does not list. The hint goes right after the entry when it fits on the alias's line
    (``gpt-4o-mini:``, ``"gpt-4o": {}``), else at the end of that line, before any comment.
    """
    hints: dict[Position, ModelHint] = {}
    lines = document.lines
    for provider in _providers(document):
        info = _catalog_provider(provider, catalog)
        if info is None:
            continue
        for alias in _models(provider):
            model = _catalog_model(info, alias, catalog)
            label = price_summary(model) if model is not None else ""
            if label:
                position = _hint_position(lines, alias)
                hints.setdefault(position, ModelHint(position, label))
    return list(hints.values())


def _hint_position(lines: Sequence[str], alias: Entry) -> Position:
    end = _entry_span(alias).end
    line_no = alias.key_span.end.line
    if end.line == line_no:
        return end
    line = lines[line_no]
    after_key = alias.key_span.end.character
    comment = _COMMENT.search(line, after_key)
    code = line[: comment.start()] if comment else line
    return Position(line_no, max(after_key, len(code.rstrip(" \t"))))


# -- links and definitions ---------------------------------------------------------------------


def links(document: ConfigDocument) -> list[Link]:
    """Every http(s) URL under a ``base_url`` or ``*_url`` key, spanning the URL's text."""
    found: dict[Span, Link] = {}
    lines = document.lines
    for path, entry in document.walk():
        if not path[-1].endswith("_url"):
            continue
        url = (string_of(entry.value) or "").strip()
        parts = split_url(url)
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            continue
        if "$" in parts.netloc or "{" in parts.netloc:  # a ${VARIABLE} placeholder, not a host
            continue
        source = _source(lines, entry.value.span)
        if source is None:
            continue
        span = entry.value.span
        written = _name_span(lines, span, entry.value.text)
        if written is not None:
            span = written[0]
        elif source[-1:] in _QUOTES and len(source) >= 2:  # quoted with escapes: inside quotes
            start = span.start.character + _properties_length(source) + 1
            span = Span.at(span.start.line, start, span.end.character - 1)
        found.setdefault(span, Link(span, url))
    return list(found.values())


def definition_at(document: ConfigDocument, position: Position) -> Span | None:
    """From ``current_model.provider``/``.model`` to the key it names (``None`` elsewhere)."""
    current = _current(document)
    if (
        current.provider_ref is not None
        and current.provider is not None
        and current.provider_ref.value.span.contains(position)
    ):
        return current.provider.key_span
    if (
        current.model_ref is not None
        and current.model is not None
        and current.model_ref.value.span.contains(position)
    ):
        return current.model.key_span
    return None


# -- rename ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    """What a rename at the cursor renames: a provider key, or a model alias of ``provider``."""

    provider: Entry
    model: Entry | None
    span: Span
    """The name under the cursor (inside quotes)."""


def _rename_target(document: ConfigDocument, position: Position) -> _Target | None:
    lines = document.lines
    for provider in _providers(document):
        if provider.key_span.contains(position):
            return _target(lines, provider, None, provider.key_span, provider.key)
        for alias in _models(provider):
            if alias.key_span.contains(position):
                return _target(lines, provider, alias, alias.key_span, alias.key)
    current = _current(document)
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
    written = _name_span(lines, span, name)
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
    key_written = _name_span(lines, key.key_span, key.key)
    if key_written is None:
        return RenameRejected(f"'{key.key}' is written in a form that cannot be renamed safely")
    if new_name == key.key:
        return []
    edits = [_rename_edit(key_written, new_name)]
    current = _current(document)
    if current.provider is not None and current.provider.key_span == target.provider.key_span:
        ref = current.model_ref if target.model is not None else current.provider_ref
        named = current.model if target.model is not None else current.provider
        if ref is not None and named is not None and named.key_span == key.key_span:
            written = _name_span(lines, ref.value.span, ref.value.text)
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
    wanted = normalize_provider_id(new_name)
    section = document.entry_at(("providers",))
    for sibling in section.value.entries if section is not None else ():
        if sibling.key_span != target.provider.key_span and (
            normalize_provider_id(sibling.key) == wanted
        ):
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
