"""How the ModelForge runtime reaches a provider: its key, protocol, endpoint and credentials.

models.dev says where most gateways live (``api``) but not where the first-party APIs do
(openai, anthropic, mistral, groq, ...), and some of its ``api`` URLs speak another protocol
(minimax's is Anthropic's). The runtime needs an OpenAI-compatible ``base_url`` for every
``openai_compatible`` block -- without one it calls OpenAI -- so a curated table ships as package
data (``runtime_providers.json``, with each provider's docs page) and wins over the catalog;
the catalog's ``api`` is used where its SDK package says the endpoint is OpenAI-compatible.
Writers, checks, completion and hover all ask ``runtime_provider`` and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from modelforge_lsp.catalog import Catalog, ProviderInfo, normalize_provider_id
from modelforge_lsp.config.language.semantics import runtime_key
from modelforge_lsp.package_files import read_package_file

__all__ = [
    "OPENAI_ENDPOINT",
    "EndpointSource",
    "RuntimeProvider",
    "curated_providers",
    "guess_llm_type",
    "provider_template",
    "runtime_provider",
    "runtime_provider_of",
]

OPENAI_ENDPOINT = "https://api.openai.com/v1"
"""Where an ``openai_compatible`` block without ``base_url`` sends its requests."""

EndpointSource = Literal["curated", "catalog", "none"]

_OPENAI_COMPATIBLE_PACKAGES = frozenset({"@ai-sdk/openai-compatible", "@ai-sdk/openai"})


@dataclass(frozen=True, slots=True)
class RuntimeProvider:
    """What a provider block must say for the runtime to reach this provider."""

    catalog_id: str
    """The models.dev id (``github-copilot``); for a provider only the table knows, its id there."""
    key: str
    """The runtime's spelling of the key (``github_copilot``): what its ``get_llm`` looks up."""
    name: str
    llm_type: str
    base_url: str | None
    """``None``: no endpoint is known (the user must give one), or the type ignores it."""
    auth_strategy: str | None
    """``api_key``, ``device_flow``, or ``None`` for a local runtime that takes no credentials."""
    auth_details: Mapping[str, str] | None
    docs: str | None
    """The page that documents the endpoint (the curated table), else the catalog's docs."""
    source: EndpointSource
    """Where ``base_url`` came from."""

    def fields(self) -> list[tuple[str, Any]]:
        """The provider block's fields, in the order the runtime's own CLI writes them."""
        items: list[tuple[str, Any]] = [("llm_type", self.llm_type)]
        if self.base_url:
            items.append(("base_url", self.base_url))
        if self.auth_strategy:
            items.append(("auth_strategy", self.auth_strategy))
        if self.auth_details:
            items.append(("auth_details", dict(self.auth_details)))
        return items


@cache
def curated_providers() -> Mapping[str, Mapping[str, Any]]:
    """The shipped table, keyed by normalised provider id (read once)."""
    text = read_package_file(__package__, "runtime_providers.json").decode("utf-8")
    table = json.loads(text)["providers"]
    return MappingProxyType(
        {normalize_provider_id(key): MappingProxyType(entry) for key, entry in table.items()}
    )


def runtime_provider(name: str, catalog: Catalog | None) -> RuntimeProvider | None:
    """How the runtime reaches the provider ``name`` (any ``_``/``-``/case spelling of a models.dev
    id, or ``ollama``); ``None`` for a provider neither the table nor the catalog knows."""
    identity = normalize_provider_id(name)
    info = catalog.provider(identity) if catalog is not None else None
    return _runtime_provider(identity, info)


def runtime_provider_of(info: ProviderInfo) -> RuntimeProvider:
    """``runtime_provider`` for a catalog provider already in hand (hover cards)."""
    found = _runtime_provider(normalize_provider_id(info.id), info)
    assert found is not None
    return found


def _runtime_provider(identity: str, info: ProviderInfo | None) -> RuntimeProvider | None:
    curated = curated_providers().get(identity)
    if curated is None and info is None:
        return None
    catalog_id = info.id if info is not None else identity
    display = info.name if info is not None else str((curated or {}).get("name", identity))
    if curated is not None:
        details = curated.get("auth_details")
        return RuntimeProvider(
            catalog_id=catalog_id,
            key=runtime_key(catalog_id),
            name=display,
            llm_type=curated.get("llm_type", "openai_compatible"),
            base_url=curated.get("base_url"),
            auth_strategy=curated.get("auth_strategy", "api_key"),
            auth_details=MappingProxyType(dict(details)) if details else None,
            docs=curated.get("docs") or (info.doc if info is not None else None),
            source="curated" if curated.get("base_url") else "none",
        )
    assert info is not None
    compatible = info.api is not None and info.npm in _OPENAI_COMPATIBLE_PACKAGES
    return RuntimeProvider(
        catalog_id=catalog_id,
        key=runtime_key(catalog_id),
        name=display,
        llm_type="openai_compatible",
        base_url=info.api if compatible else None,
        auth_strategy="api_key",
        auth_details=None,
        docs=info.doc,
        source="catalog" if compatible else "none",
    )


def provider_template(name: str, catalog: Catalog | None) -> RuntimeProvider:
    """The block a new provider ``name`` gets: ``runtime_provider``'s, else a gateway's
    (``openai_compatible`` with an API key; the user gives the ``base_url``)."""
    known = runtime_provider(name, catalog)
    if known is not None:
        return known
    return RuntimeProvider(
        catalog_id=name,
        key=runtime_key(name),
        name=name,
        llm_type="openai_compatible",
        base_url=None,
        auth_strategy="api_key",
        auth_details=None,
        docs=None,
        source="none",
    )


def guess_llm_type(name: str, catalog: Catalog | None = None) -> str:
    """The ``llm_type`` a provider needs (new blocks, the "add llm_type" fix)."""
    return provider_template(name, catalog).llm_type
