"""The effective config: the project's file over the user's, annotated from the catalog.

This is the view of the editor, ``config validate`` and ``config show --resolved``: every config
our tools find, merged, highest precedence first. ModelForge 2.x itself merges nothing -- it
reads one ``config.json`` (``runtime_view`` says which, and what it ignores). The merge:

* ``providers`` are merged by provider (``_`` and ``-`` alike across files). A provider defined in
  several files is taken whole from the highest-precedence one -- its fields and models are *not*
  mixed with a lower file's, so a project can narrow a provider to the models it allows;
* ``current_model`` comes from the highest-precedence file that sets it, and names a provider key
  exactly as ``find_provider_key`` reads it (the runtime matches keys exactly), like the checks;
* ``settings`` are merged key by key, the higher file winning.

Each model is annotated with the catalog entry its identity names (``api_model_name``, else the
alias) so ``modelforge config show`` can print its price and context. ``resolve`` is pure; only
``read_sources`` touches the disk (through ``read.read_config_text``, the one reader).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog import Catalog, ModelInfo
from modelforge_lsp.config.files.locate import ConfigLocation
from modelforge_lsp.config.files.read import read_config_text
from modelforge_lsp.config.language import (
    catalog_checked,
    find_provider_key,
    model_identity,
    provider_identity,
)
from modelforge_lsp.config.syntax import parse_document, to_python

__all__ = [
    "ConfigSource",
    "CurrentModel",
    "ResolvedConfig",
    "ResolvedModel",
    "ResolvedProvider",
    "read_sources",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class ConfigSource:
    """One config file's text and where it came from (``scope``: local, global or file)."""

    scope: str
    path: Path
    text: str


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    alias: str
    model_id: str
    """The catalog id the alias stands for: ``api_model_name``, else the alias."""
    catalog: ModelInfo | None
    """``None``: the catalog does not know it (or the provider is local, like ollama)."""


@dataclass(frozen=True, slots=True)
class ResolvedProvider:
    key: str
    source: ConfigSource
    llm_type: str | None
    base_url: str | None
    auth_strategy: str | None
    known: bool
    """The catalog knows this provider."""
    models: tuple[ResolvedModel, ...]


@dataclass(frozen=True, slots=True)
class CurrentModel:
    provider: str
    model: str
    source: ConfigSource
    configured: bool
    """The provider and alias it names exist in the resolved providers."""


@dataclass(frozen=True, slots=True)
class ResolvedConfig:
    sources: tuple[ConfigSource, ...]
    providers: tuple[ResolvedProvider, ...]
    current_model: CurrentModel | None
    settings: dict[str, Any]
    problems: tuple[str, ...]
    """Files that do not parse or are not a mapping, one line each (left out of the merge)."""


def read_sources(locations: Sequence[ConfigLocation]) -> list[ConfigSource]:
    """The text of each located config, in the order given (highest precedence first).

    Raises ``ConfigReadError`` for a file that cannot be read (its message says why).
    """
    return [
        ConfigSource(location.scope, location.path, read_config_text(location.path))
        for location in locations
    ]


def resolve(sources: Sequence[ConfigSource], catalog: Catalog | None) -> ResolvedConfig:
    """Merge ``sources`` (highest precedence first) into the effective config."""
    providers: dict[str, ResolvedProvider] = {}
    current: tuple[dict[str, Any], ConfigSource] | None = None
    settings: dict[str, Any] = {}
    problems: list[str] = []
    for source in sources:
        document = parse_document(source.text)
        if document.syntax_errors and document.root is None:
            issue = document.syntax_errors[0]
            problems.append(
                f"{source.path}:{issue.span.start.line + 1}: does not parse ({issue.message})"
            )
            continue
        data = to_python(document.root)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(f"{source.path}: the top level is not a mapping")
            continue
        higher = {provider_identity(key) for key in providers}
        for key, raw in _mapping(data.get("providers")).items():
            if provider_identity(key) not in higher:  # a higher file's provider is taken whole
                providers.setdefault(key, _provider(key, _mapping(raw), source, catalog))
        if current is None and isinstance(data.get("current_model"), dict):
            current = (data["current_model"], source)
        for key, value in _mapping(data.get("settings")).items():
            settings.setdefault(key, value)
    return ResolvedConfig(
        sources=tuple(sources),
        providers=tuple(providers.values()),
        current_model=_current(current, providers),
        settings=settings,
        problems=tuple(problems),
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict | list) else str(value)


def _provider(
    key: str, raw: dict[str, Any], source: ConfigSource, catalog: Catalog | None
) -> ResolvedProvider:
    llm_type = _text(raw.get("llm_type"))
    info = catalog.provider(key) if catalog is not None else None
    checked = info is not None and catalog_checked(llm_type)
    models = []
    for alias, model_raw in _mapping(raw.get("models")).items():
        model_id = model_identity(alias, _text(_mapping(model_raw).get("api_model_name")))
        found = catalog.model(key, model_id) if checked and catalog is not None else None
        models.append(ResolvedModel(alias, model_id, found))
    return ResolvedProvider(
        key=key,
        source=source,
        llm_type=llm_type,
        base_url=_text(raw.get("base_url")),
        auth_strategy=_text(raw.get("auth_strategy")),
        known=info is not None,
        models=tuple(models),
    )


def _current(
    found: tuple[dict[str, Any], ConfigSource] | None, providers: dict[str, ResolvedProvider]
) -> CurrentModel | None:
    if found is None:
        return None
    raw, source = found
    provider, model = _text(raw.get("provider")), _text(raw.get("model"))
    if provider is None or model is None:
        return None
    key = find_provider_key(providers, provider)
    entry = providers.get(key) if key is not None else None
    configured = entry is not None and any(m.alias == model for m in entry.models)
    return CurrentModel(provider, model, source, configured)
