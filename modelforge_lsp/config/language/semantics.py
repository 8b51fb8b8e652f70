"""What a config file means to the ModelForge runtime (DESIGN §2): every such rule, once.

The checks, completion, hover, navigation, the writers and ``config show`` all ask the same
questions of a file -- which catalog provider does this key stand for, which catalog model does
this alias, does the runtime run it locally, where does its key come from. Each answer lives here
as a pure function over plain strings, so a rule the runtime changes is changed in one place and
every feature follows. The tree-walking helpers in ``config.syntax.entries`` apply these rules to
a parsed document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from modelforge_lsp.catalog import Catalog, normalize_provider_id

__all__ = [
    "LOCAL_LLM_TYPES",
    "catalog_checked",
    "credential_variable",
    "find_provider_key",
    "guess_llm_type",
    "model_identity",
    "provider_identity",
    "same_provider",
    "uses_device_flow",
]

LOCAL_LLM_TYPES = frozenset({"ollama"})
"""Providers of these types run on the user's machine: their models are not catalog-checked."""

_LLM_TYPE_BY_PROVIDER = {
    "ollama": "ollama",
    "github-copilot": "github_copilot",
    "google": "google_genai",
    "google-vertex": "google_genai",
}
_DEVICE_FLOW_PROVIDERS = frozenset({"github-copilot"})


def provider_identity(key: str) -> str:
    """The spelling-independent identity of a provider key: ``GitHub_Copilot`` is
    ``github-copilot``. Two keys with one identity name the same provider."""
    return normalize_provider_id(key)


def same_provider(a: str, b: str) -> bool:
    """``a`` and ``b`` spell one provider (``_`` and ``-`` alike, case ignored)."""
    return provider_identity(a) == provider_identity(b)


def find_provider_key(keys: Iterable[str], name: str) -> str | None:
    """The key among ``keys`` that ``name`` refers to: the exact spelling first, else the first
    key that spells the same provider; ``None`` when the file has no such provider."""
    candidates = list(keys)
    if name in candidates:
        return name
    return next((key for key in candidates if same_provider(key, name)), None)


def model_identity(alias: str, api_model_name: object = None) -> str:
    """The catalog id a model alias stands for: its ``api_model_name`` when that is a non-empty
    string, else the alias itself."""
    if isinstance(api_model_name, str) and api_model_name:
        return api_model_name
    return alias


def catalog_checked(llm_type: object) -> bool:
    """Whether the models of a provider of this ``llm_type`` are checked against the catalog
    (not for local runtimes such as ollama, whose models are whatever the user pulled)."""
    return llm_type not in LOCAL_LLM_TYPES


def guess_llm_type(provider_key: str) -> str:
    """The ``llm_type`` a provider most likely needs (new blocks, the "add llm_type" fix)."""
    return _LLM_TYPE_BY_PROVIDER.get(provider_identity(provider_key), "openai_compatible")


def uses_device_flow(provider_key: str) -> bool:
    """Whether the provider signs in with an OAuth device login rather than an API key."""
    return provider_identity(provider_key) in _DEVICE_FLOW_PROVIDERS


def credential_variable(provider_key: str | None, catalog: Catalog | None) -> str:
    """Where a provider's key belongs: the catalog's env name, else ``MODELFORGE_<P>_API_KEY``."""
    if provider_key is None:
        return "MODELFORGE_API_KEY"
    info = catalog.provider(provider_key) if catalog is not None else None
    if info is not None and info.env:
        return info.env[0]
    return f"MODELFORGE_{re.sub(r'[^A-Za-z0-9]+', '_', provider_key).upper()}_API_KEY"
