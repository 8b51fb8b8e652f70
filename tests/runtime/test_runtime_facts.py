"""What ModelForge's runtime (model-forge-llm 2.3.0) does with a config: each fact pinned.

DESIGN section 2 describes the config language as the runtime reads it; these tests run the real
runtime (its ``ModelForgeRegistry``, construction only: no network) so a fact that changes in a
new release fails here first. Where ``config.language`` already encodes a fact, the test checks
that it agrees with the runtime.
"""

from __future__ import annotations

import json
from typing import Any

from modelforge_lsp.config.language import (
    AUTH_DETAILS_FIELDS,
    AUTH_STRATEGIES,
    LLM_TYPES,
    credential_variable,
    model_identity,
)
from tests.runtime.conftest import Build

KEY = {"MODELFORGE_OPENAI_API_KEY": "sk-test-not-a-real-key"}


def _openai(**provider: Any) -> dict[str, Any]:
    block = {"llm_type": "openai_compatible", "auth_strategy": "api_key"} | provider
    block.setdefault("models", {"gpt-4o-mini": {}})
    return {"providers": {"openai": block}}


def test_the_model_sent_is_api_model_name_else_the_alias(build: Build) -> None:
    config = _openai(models={"fast": {"api_model_name": "gpt-4o-mini"}, "gpt-4.1": {}})
    aliased = build(config, "openai", "fast", env=KEY)
    plain = build(config, "openai", "gpt-4.1", env=KEY)
    assert aliased["class"] == "ChatOpenAI"
    assert aliased["model"] == "gpt-4o-mini" == model_identity("fast", "gpt-4o-mini")
    assert plain["model"] == "gpt-4.1" == model_identity("gpt-4.1", None)


def test_openai_compatible_without_base_url_calls_openais_endpoint(build: Build) -> None:
    built = build(_openai(), "openai", "gpt-4o-mini", env=KEY)
    assert built["class"] == "ChatOpenAI" and built["base_url"] is None  # langchain's default
    gateway = build(_openai(base_url="https://api.mistral.ai/v1"), "openai", "gpt-4o-mini", env=KEY)
    assert gateway["base_url"] == "https://api.mistral.ai/v1"


def _gateway(key: str) -> dict[str, Any]:
    block = {
        "llm_type": "openai_compatible",
        "auth_strategy": "api_key",
        "base_url": "https://llm.example.com/v1",
        "models": {"house": {}},
    }
    return {"providers": {key: block}, "current_model": {"provider": key, "model": "house"}}


def test_credentials_come_from_modelforge_variables_only(build: Build) -> None:
    env = {"MODELFORGE_MY_GATEWAY_API_KEY": "k-1"}
    assert build(_gateway("my_gateway"), "my_gateway", "house", env=env)["api_key"] == "k-1"
    # a key with "-" reads the variable with "_" (upper-cased)
    assert build(_gateway("my-gateway"), "", "", env=env)["api_key"] == "k-1"
    # the provider's own variable is never read
    refused = build(_openai(), "openai", "gpt-4o-mini", env={"OPENAI_API_KEY": "sk-elsewhere"})
    assert "error" in refused


def test_without_auth_strategy_no_key_is_sent_and_the_build_fails(build: Build) -> None:
    config = _openai()
    del config["providers"]["openai"]["auth_strategy"]
    refused = build(config, "openai", "gpt-4o-mini", env=KEY)
    assert refused.get("error") == "InvalidApiKeyError", refused


def test_a_stored_key_in_auth_data_is_used_and_never_expanded(build: Build) -> None:
    config = _openai(auth_data={"api_key": "$OPENAI_API_KEY"})
    built = build(config, "openai", "gpt-4o-mini", env={"OPENAI_API_KEY": "sk-real"})
    assert built["api_key"] == "$OPENAI_API_KEY"


def test_a_requested_provider_is_folded_to_underscores_then_matched_exactly(
    build: Build,
) -> None:
    """``get_llm("my-gateway")`` looks for the key ``my_gateway``: a key spelled with ``-`` is
    reachable only through ``current_model`` (which is matched as written)."""
    env = {"MODELFORGE_MY_GATEWAY_API_KEY": "k-1"}
    assert build(_gateway("my_gateway"), "my-gateway", "house", env=env)["class"] == "ChatOpenAI"
    refused = build(_gateway("my-gateway"), "my-gateway", "house", env=env)
    assert refused.get("error") == "ProviderNotAvailableError", refused
    assert build(_gateway("my-gateway"), "", "", env=env)["class"] == "ChatOpenAI"
    wrong_case = _gateway("my_gateway") | {
        "current_model": {"provider": "My_Gateway", "model": "house"}
    }
    assert build(wrong_case, "", "", env=env).get("error") == "ProviderNotAvailableError"


def test_llm_type_is_one_of_four_exact_spellings(build: Build) -> None:
    config = _openai(llm_type="openai-compatible")
    refused = build(config, "openai", "gpt-4o-mini", env=KEY)
    assert refused.get("error") == "ProviderError", refused
    for llm_type in LLM_TYPES:  # our four are the runtime's four
        built = build(_openai(llm_type=llm_type), "openai", "gpt-4o-mini", env=KEY)
        assert built.get("error") != "ProviderError", (llm_type, built)


def test_ollama_needs_a_base_url_and_sends_the_alias(build: Build) -> None:
    block = {"llm_type": "ollama", "models": {"llama3.2": {"api_model_name": "other"}}}
    refused = build({"providers": {"ollama": block}}, "ollama", "llama3.2")
    assert refused.get("error") == "ConfigurationError", refused
    from_env = build(
        {"providers": {"ollama": block}}, "ollama", "llama3.2", env={"OLLAMA_HOST": "http://h:1"}
    )
    assert from_env["class"] == "ChatOllama" and from_env["base_url"] == "http://h:1"
    configured = {"providers": {"ollama": block | {"base_url": "http://localhost:11434"}}}
    built = build(configured, "ollama", "llama3.2")
    assert built["model"] == "llama3.2"  # api_model_name is ignored for ollama


def test_only_the_json_config_is_read(build: Build) -> None:
    yaml_text = "providers:\n  openai:\n    llm_type: openai_compatible\n    models: {m: {}}\n"
    refused = build(yaml_text, "openai", "m", env=KEY, name="config.yaml")
    assert "error" in refused


def test_auth_strategy_is_api_key_or_device_flow_and_nothing_else(build: Build) -> None:
    """``auth_strategy: none`` (which older writers produced) is refused, not "no auth"."""
    refused = build(_openai(auth_strategy="none"), "openai", "gpt-4o-mini", env=KEY)
    assert refused.get("error") == "ConfigurationError", refused
    assert "none" in refused["message"]
    assert set(AUTH_STRATEGIES) == {"api_key", "device_flow"}


def test_device_flow_reads_four_auth_details_fields(build: Build) -> None:
    """With an access token in the environment the login is never started, yet the runtime
    still reads every ``auth_details`` field first: one missing stops it."""
    details = {
        "client_id": "c",
        "device_code_url": "https://login.example/device",
        "token_url": "https://login.example/token",
        "scope": "read:user",
    }
    env = {"MODELFORGE_GATEWAY_ACCESS_TOKEN": "tok-1"}

    def config(auth_details: dict[str, str] | None) -> dict[str, Any]:
        block: dict[str, Any] = {
            "llm_type": "openai_compatible",
            "auth_strategy": "device_flow",
            "base_url": "https://llm.example.com/v1",
            "models": {"m": {}},
        }
        if auth_details is not None:
            block["auth_details"] = auth_details
        return {"providers": {"gateway": block}}

    built = build(config(details), "gateway", "m", env=env)
    assert built["class"] == "ChatOpenAI" and built["api_key"] == "tok-1"
    assert credential_variable("gateway", "device_flow") == "MODELFORGE_GATEWAY_ACCESS_TOKEN"
    assert "error" in build(config(None), "gateway", "m", env=env)
    for name in AUTH_DETAILS_FIELDS:
        partial = {key: value for key, value in details.items() if key != name}
        assert "error" in build(config(partial), "gateway", "m", env=env), name


def test_a_model_without_a_value_is_no_model(build: Build) -> None:
    refused = build(_openai(models={"gpt-4o-mini": None}), "openai", "gpt-4o-mini", env=KEY)
    assert refused.get("error") == "ModelNotFoundError", refused
    assert build(_openai(models={"gpt-4o-mini": {}}), "openai", "gpt-4o-mini", env=KEY)["model"]


def test_google_genai_ignores_base_url(build: Build) -> None:
    block = {
        "llm_type": "google_genai",
        "auth_strategy": "api_key",
        "base_url": "https://llm.example.com/v1",
        "models": {"gemini-2.5-flash": {}},
    }
    env = {"MODELFORGE_GOOGLE_API_KEY": "AIza-test"}
    built = build({"providers": {"google": block}}, "google", "gemini-2.5-flash", env=env)
    assert built["class"] == "ChatGoogleGenerativeAI", built
    assert "llm.example.com" not in json.dumps(built)
