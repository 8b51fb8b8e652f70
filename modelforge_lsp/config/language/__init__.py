"""The config language itself: its schema, its semantics, how the runtime reaches providers.

Everything here is a fact about ModelForge config files that holds whatever the file's text
looks like: which keys exist and what they accept (``schema``), what the runtime does with them
(``semantics``: provider and model identity, exact references, credential variables, local
runtimes), and the block each provider needs to run (``providers``: key spelling, ``llm_type``,
endpoint, auth, from a curated table and the catalog). Pure within ``config``: every other
sub-package builds on this one.
"""

from modelforge_lsp.config.language.providers import (
    OPENAI_ENDPOINT,
    EndpointSource,
    RuntimeProvider,
    curated_providers,
    guess_llm_type,
    provider_template,
    runtime_provider,
    runtime_provider_of,
)
from modelforge_lsp.config.language.schema import (
    AUTH_DATA_FIELDS,
    AUTH_DETAILS_FIELDS,
    AUTH_STRATEGIES,
    LLM_TYPES,
    ROOT,
    KeySpec,
    ValueType,
    spec_at,
)
from modelforge_lsp.config.language.semantics import (
    CREDENTIAL_LLM_TYPES,
    LOCAL_LLM_TYPES,
    catalog_checked,
    credential_variable,
    find_provider_key,
    find_same_provider,
    model_identity,
    needs_credentials,
    provider_identity,
    runtime_key,
    same_provider,
    sends_alias,
)

__all__ = [
    "AUTH_DATA_FIELDS",
    "AUTH_DETAILS_FIELDS",
    "AUTH_STRATEGIES",
    "CREDENTIAL_LLM_TYPES",
    "LLM_TYPES",
    "LOCAL_LLM_TYPES",
    "OPENAI_ENDPOINT",
    "ROOT",
    "EndpointSource",
    "KeySpec",
    "RuntimeProvider",
    "ValueType",
    "catalog_checked",
    "credential_variable",
    "curated_providers",
    "find_provider_key",
    "find_same_provider",
    "guess_llm_type",
    "model_identity",
    "needs_credentials",
    "provider_identity",
    "provider_template",
    "runtime_key",
    "runtime_provider",
    "runtime_provider_of",
    "same_provider",
    "sends_alias",
    "spec_at",
]
