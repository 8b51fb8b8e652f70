"""What a hover shows: ``describe_at(document, text, position, catalog) -> Target | None``.

Hover answers "what is this?" for the word under the pointer, in the config's own terms:

* a model alias key, an ``api_model_name`` value or a ``current_model.model`` value is a
  **model** -- the catalog's ``ModelInfo``, found through the provider it sits under (or that
  ``current_model.provider`` names) and the alias's ``api_model_name`` when it has one;
* a provider key or a ``current_model.provider`` value is a **provider** (``ProviderInfo``);
* any other key the schema knows is a **key** (its ``KeySpec``: doc, type, enum choices);
* a value of an enum key (``llm_type: ollama``) is an **enum value**, explained by its key.

Like completion it starts from ``cursor_context``, so it works while the text does not parse;
the tree (when there is one) is only consulted for what lies elsewhere in the file
(``current_model`` names a provider and an alias defined further up).
"""

from __future__ import annotations

from dataclasses import dataclass

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.config.language import KeySpec, model_identity, spec_at
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    ConfiguredNames,
    CursorContext,
    Position,
    Span,
    configured_names,
    cursor_context,
)

__all__ = [
    "EnumValueTarget",
    "KeyTarget",
    "ModelTarget",
    "ProviderTarget",
    "Target",
    "describe_at",
]


@dataclass(frozen=True, slots=True)
class ModelTarget:
    span: Span
    model: ModelInfo
    provider: ProviderInfo | None
    successor: ModelInfo | None
    """For a deprecated model: what the catalog suggests instead."""


@dataclass(frozen=True, slots=True)
class ProviderTarget:
    span: Span
    provider: ProviderInfo


@dataclass(frozen=True, slots=True)
class KeyTarget:
    span: Span
    spec: KeySpec
    name: str
    """The key as written (``spec.name`` is ``<provider>`` for a key the user chose)."""


@dataclass(frozen=True, slots=True)
class EnumValueTarget:
    span: Span
    spec: KeySpec
    """The key whose value this is (its doc and ``enum`` explain the value)."""
    value: str


Target = ModelTarget | ProviderTarget | KeyTarget | EnumValueTarget


def describe_at(
    document: ConfigDocument | None,
    text: str,
    position: Position,
    catalog: Catalog | None,
) -> Target | None:
    """What is under ``position`` (0-based line, code-point column), or ``None``; never raises.

    ``document`` is the parse of ``text`` if the caller has one (``None`` works too).
    """
    context = cursor_context(text, position, siblings=False)  # hover never needs them
    if not context.word or context.role == "none":
        return None
    if context.role == "key":
        return _describe_key(context, document, text, catalog)
    return _describe_value(context, document, text, catalog)


def _describe_key(
    context: CursorContext, document: ConfigDocument | None, text: str, catalog: Catalog | None
) -> Target | None:
    path, key, span = context.path, context.word, context.word_span
    if path == ("providers",) and catalog is not None:
        provider = catalog.provider(key)
        if provider is not None:
            return ProviderTarget(span, provider)
    if len(path) == 3 and path[0] == "providers" and path[2] == "models" and catalog is not None:
        names = configured_names(text, document)
        api_name = names.providers.get(path[1], {}).get(key)
        target = _model(catalog, path[1], model_identity(key, api_name), span)
        if target is not None:
            return target
    spec = spec_at((*path, key))
    return None if spec is None else KeyTarget(span, spec, key)


def _describe_value(
    context: CursorContext, document: ConfigDocument | None, text: str, catalog: Catalog | None
) -> Target | None:
    path, key, word, span = context.path, context.key or "", context.word, context.word_span
    if catalog is not None:
        if len(path) == 4 and path[0] == "providers" and path[2] == "models":
            if key == "api_model_name":
                return _model(catalog, path[1], word, span)
        elif path == ("current_model",) and key == "provider":
            provider = catalog.provider(word)
            return None if provider is None else ProviderTarget(span, provider)
        elif path == ("current_model",) and key == "model":
            return _current_model(configured_names(text, document), catalog, word, span)
    spec = spec_at(context.full_path)
    if spec is not None and spec.enum:
        return EnumValueTarget(span, spec, word)
    return None


def _current_model(
    names: ConfiguredNames, catalog: Catalog, alias: str, span: Span
) -> ModelTarget | None:
    """``current_model.model`` is an alias of the provider ``current_model.provider`` names."""
    provider_key = names.provider_key(names.current_provider) or names.current_provider
    if provider_key is None:
        return None
    api_name = names.providers.get(provider_key, {}).get(alias)
    return _model(catalog, provider_key, model_identity(alias, api_name), span)


def _model(catalog: Catalog, provider_key: str, model_id: str, span: Span) -> ModelTarget | None:
    model = catalog.model(provider_key, model_id)
    if model is None:
        return None
    provider = catalog.provider(provider_key)
    return ModelTarget(span, model, provider, catalog.successor(model))
