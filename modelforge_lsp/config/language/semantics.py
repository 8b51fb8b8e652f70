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

from modelforge_lsp.catalog import normalize_provider_id

__all__ = [
    "CREDENTIAL_LLM_TYPES",
    "LOCAL_LLM_TYPES",
    "catalog_checked",
    "credential_variable",
    "find_provider_key",
    "find_same_provider",
    "model_identity",
    "needs_credentials",
    "provider_identity",
    "runtime_key",
    "same_provider",
    "sends_alias",
]

LOCAL_LLM_TYPES = frozenset({"ollama"})
"""Providers of these types run on the user's machine: their models are not catalog-checked."""

CREDENTIAL_LLM_TYPES = frozenset({"openai_compatible", "google_genai", "github_copilot"})
"""The runtime asks the provider's ``auth_strategy`` for a key before building these; without
one (no ``auth_strategy``: no credentials at all) it fails with "Authentication failed"."""


def provider_identity(key: str) -> str:
    """The spelling-independent identity of a provider key: ``GitHub_Copilot`` is
    ``github-copilot``. Used for catalog lookup only: the runtime matches keys exactly."""
    return normalize_provider_id(key)


def same_provider(a: str, b: str) -> bool:
    """``a`` and ``b`` spell one catalog provider (``_`` and ``-`` alike, case ignored)."""
    return provider_identity(a) == provider_identity(b)


def runtime_key(name: str) -> str:
    """The key the runtime looks up for ``name``: its ``get_llm``, ``config add`` and ``config
    use`` lower-case a provider name and write ``-`` as ``_`` (``github-copilot`` ->
    ``github_copilot``), and refuse anything but letters, digits, ``_`` and ``-``; a key spelled
    otherwise is reachable only through ``current_model``. Writers use this spelling."""
    return re.sub(r"[^a-z0-9_]", "_", name.strip().lower())


def find_provider_key(keys: Iterable[str], name: str) -> str | None:
    """The key among ``keys`` that the reference ``name`` reaches: exactly that spelling, as the
    runtime matches ``current_model.provider``; ``None`` when the file has no such key."""
    return name if name in set(keys) else None


def find_same_provider(keys: Iterable[str], name: str) -> str | None:
    """The key among ``keys`` spelling the same catalog provider as ``name`` (the exact spelling
    first): where a writer adds a model of ``name`` rather than a second block."""
    candidates = list(keys)
    if name in candidates:
        return name
    return next((key for key in candidates if same_provider(key, name)), None)


def model_identity(alias: str, api_model_name: object = None) -> str:
    """The catalog id a model alias stands for: its ``api_model_name`` when that is a non-empty
    string, else the alias itself (what the runtime sends, except under ollama)."""
    if isinstance(api_model_name, str) and api_model_name:
        return api_model_name
    return alias


def sends_alias(llm_type: object) -> bool:
    """Whether the runtime sends the alias itself and ignores ``api_model_name`` (ollama)."""
    return llm_type == "ollama"


def catalog_checked(llm_type: object) -> bool:
    """Whether the models of a provider of this ``llm_type`` are checked against the catalog
    (not for local runtimes such as ollama, whose models are whatever the user pulled)."""
    return llm_type not in LOCAL_LLM_TYPES


def needs_credentials(llm_type: object) -> bool:
    """Whether the runtime needs a key or token to build a model of this ``llm_type``."""
    return llm_type in CREDENTIAL_LLM_TYPES


def credential_variable(provider_key: str, auth_strategy: object = None) -> str:
    """The environment variable the runtime reads for this key, before ``auth_data``:
    ``MODELFORGE_<KEY>_API_KEY``, or ``_ACCESS_TOKEN`` under ``device_flow`` -- the key
    upper-cased with ``-`` as ``_``, exactly as written otherwise. Provider SDK variables
    (``OPENAI_API_KEY``) are never read."""
    suffix = "ACCESS_TOKEN" if auth_strategy == "device_flow" else "API_KEY"
    return f"MODELFORGE_{provider_key.upper().replace('-', '_')}_{suffix}"
