"""The config language itself: its schema, its semantics, provider templates.

Everything here is a fact about ModelForge config files that holds whatever the file's text
looks like: which keys exist and what they accept (``schema``), what the runtime does with them
(``semantics``: provider and model identity, local runtimes, credential variables), the block a
new provider gets (``templates``). Pure and dependency-free within ``config``: every other
sub-package builds on this one.
"""

from modelforge_lsp.config.language.schema import (
    AUTH_STRATEGIES,
    LLM_TYPES,
    ROOT,
    KeySpec,
    ValueType,
    spec_at,
)
from modelforge_lsp.config.language.semantics import (
    LOCAL_LLM_TYPES,
    catalog_checked,
    credential_variable,
    find_provider_key,
    guess_llm_type,
    model_identity,
    provider_identity,
    same_provider,
    uses_device_flow,
)
from modelforge_lsp.config.language.templates import (
    ProviderTemplate,
    provider_template,
)

__all__ = [
    "AUTH_STRATEGIES",
    "LLM_TYPES",
    "LOCAL_LLM_TYPES",
    "ROOT",
    "KeySpec",
    "ProviderTemplate",
    "ValueType",
    "catalog_checked",
    "credential_variable",
    "find_provider_key",
    "guess_llm_type",
    "model_identity",
    "provider_identity",
    "provider_template",
    "same_provider",
    "spec_at",
    "uses_device_flow",
]
