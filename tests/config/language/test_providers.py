"""The runtime provider table (``runtime_providers.json``) and how ``runtime_provider`` reads it
together with the catalog: curated entries win, the catalog's ``api`` serves where its SDK
package says the endpoint speaks OpenAI's protocol, and nothing is guessed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.language import (
    AUTH_DETAILS_FIELDS,
    AUTH_STRATEGIES,
    LLM_TYPES,
    credential_variable,
    curated_providers,
    provider_template,
    runtime_key,
    runtime_provider,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def test_every_curated_entry_is_well_formed(catalog: Catalog) -> None:
    for identity, entry in curated_providers().items():
        assert set(entry) <= {
            "name",
            "llm_type",
            "base_url",
            "auth_strategy",
            "auth_details",
            "docs",
        }
        assert entry.get("llm_type", "openai_compatible") in LLM_TYPES, identity
        assert entry.get("auth_strategy", "api_key") in (*AUTH_STRATEGIES, None), identity
        assert urlsplit(entry["docs"]).scheme == "https", identity
        if "base_url" in entry:
            url = urlsplit(entry["base_url"])
            local = entry.get("llm_type") == "ollama"
            assert url.scheme == ("http" if local else "https") and url.hostname, identity
        if entry.get("auth_strategy") == "device_flow":
            assert tuple(entry["auth_details"]) == AUTH_DETAILS_FIELDS, identity
        # a provider the catalog lacks must be a local runtime (or the table names it itself)
        assert catalog.provider(identity) is not None or "name" in entry, identity


@pytest.mark.parametrize(
    ("name", "key", "llm_type", "base_url", "source"),
    [
        pytest.param("openai", "openai", "openai_compatible", "https://api.openai.com/v1",
                     "curated", id="openai"),
        pytest.param("groq", "groq", "openai_compatible", "https://api.groq.com/openai/v1",
                     "curated", id="first-party-without-catalog-api"),
        pytest.param("minimax", "minimax", "openai_compatible", "https://api.minimax.io/v1",
                     "curated", id="catalog-api-speaks-anthropic"),
        pytest.param("fireworks-ai", "fireworks_ai", "openai_compatible",
                     "https://api.fireworks.ai/inference/v1/", "catalog", id="catalog-api"),
        pytest.param("GitHub-Copilot", "github_copilot", "github_copilot",
                     "https://api.githubcopilot.com", "curated", id="runtime-spelling"),
        pytest.param("google", "google", "google_genai", None, "none", id="google-genai"),
        pytest.param("ollama", "ollama", "ollama", "http://localhost:11434", "curated",
                     id="local-runtime-not-in-catalog"),
        pytest.param("azure", "azure", "openai_compatible", None, "none",
                     id="endpoint-depends-on-the-account"),
    ],
)  # fmt: skip
def test_runtime_provider(
    catalog: Catalog, name: str, key: str, llm_type: str, base_url: str | None, source: str
) -> None:
    found = runtime_provider(name, catalog)
    assert found is not None
    assert (found.key, found.llm_type, found.base_url, found.source) == (
        key,
        llm_type,
        base_url,
        source,
    )


def test_a_provider_nobody_knows_gets_a_gateway_template(catalog: Catalog) -> None:
    assert runtime_provider("corp-llm", catalog) is None
    gateway = provider_template("Corp-LLM", catalog)
    assert (gateway.key, gateway.llm_type, gateway.auth_strategy, gateway.base_url) == (
        "corp_llm",
        "openai_compatible",
        "api_key",
        None,
    )


@pytest.mark.parametrize(
    ("key", "strategy", "variable"),
    [
        pytest.param("openai", "api_key", "MODELFORGE_OPENAI_API_KEY", id="api-key"),
        pytest.param("github-copilot", "device_flow", "MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN",
                     id="device-flow-dash"),
        pytest.param("my_gateway", None, "MODELFORGE_MY_GATEWAY_API_KEY", id="no-strategy"),
    ],
)  # fmt: skip
def test_credential_variable_is_the_runtimes(key: str, strategy: str | None, variable: str) -> None:
    assert credential_variable(key, strategy) == variable


@pytest.mark.parametrize(
    ("name", "key"),
    [("github-copilot", "github_copilot"), ("OpenAI", "openai"), ("wafer.ai", "wafer_ai")],
)
def test_runtime_key(name: str, key: str) -> None:
    assert runtime_key(name) == key
