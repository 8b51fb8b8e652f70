"""The config language's places in a parsed tree: providers, their models, ``current_model``.

Checks, assist features and writers all walk the same few places of a ``ConfigDocument``; these
accessors walk them once, and apply the rules of ``config.language.semantics`` to what they find
(which provider a reference names, which catalog model an alias stands for). They never raise on
a tree of the wrong shape: a missing or non-mapping section simply has no entries.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelforge_lsp.config.language import catalog_checked, find_provider_key, model_identity
from modelforge_lsp.config.syntax.tree import ConfigDocument, Entry, Span, Value

__all__ = [
    "alias_identity",
    "catalog_checked_provider",
    "field",
    "model_entries",
    "provider_entries",
    "provider_entry",
    "string_of",
]


def string_of(value: Value | None) -> str | None:
    """A scalar as the string the user wrote, or ``None`` for maps, lists and nulls."""
    if value is None or value.kind != "scalar" or value.scalar is None:
        return None
    return value.text


def field(entry: Entry | None, name: str) -> Entry | None:
    """The ``name`` entry of ``entry``'s mapping (``None`` when it is not a mapping)."""
    if entry is None or entry.value.kind != "map":
        return None
    return entry.value.get(name)


def provider_entries(document: ConfigDocument) -> Iterator[Entry]:
    """Each ``providers.<key>`` entry (nothing if ``providers`` is missing or not a mapping)."""
    entry = document.entry_at(("providers",))
    if entry is not None and entry.value.kind == "map":
        yield from entry.value.entries


def model_entries(provider: Entry) -> Iterator[Entry]:
    """Each ``models.<alias>`` entry of a provider entry."""
    models = field(provider, "models")
    if models is not None and models.value.kind == "map":
        yield from models.value.entries


def provider_entry(document: ConfigDocument, name: str) -> Entry | None:
    """The ``providers`` entry a reference names (``find_provider_key``'s rule), or ``None``."""
    entries = list(provider_entries(document))
    key = find_provider_key((entry.key for entry in entries), name)
    return next((entry for entry in entries if entry.key == key), None)


def alias_identity(alias: Entry) -> tuple[str, Span]:
    """The catalog id a model alias stands for, and the span to flag when it is wrong."""
    api_name = field(alias, "api_model_name")
    written = string_of(api_name.value) if api_name is not None else None
    identity = model_identity(alias.key, written)
    if api_name is not None and written:
        return identity, api_name.value.span
    return identity, alias.key_span


def catalog_checked_provider(provider: Entry) -> bool:
    """Whether the provider's ``llm_type`` lets its models be checked against the catalog."""
    llm_type = field(provider, "llm_type")
    return catalog_checked(string_of(llm_type.value) if llm_type is not None else None)
