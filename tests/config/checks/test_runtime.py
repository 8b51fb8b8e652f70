"""MF6xx and the credential rules: each runtime fact flagged once, on its own text, with a fix
that leaves a file the runtime accepts (the same facts are pinned against the real runtime in
``tests/runtime/test_runtime_facts.py``)."""

from __future__ import annotations

import json

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import Finding, Severity, check
from modelforge_lsp.config.checks.local_edit import apply_edits
from modelforge_lsp.config.syntax import parse_document, to_python


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def findings_of(text: str, catalog: Catalog) -> list[Finding]:
    return check(parse_document(text), catalog)


def fixed(text: str, item: Finding) -> str:
    assert item.fixes, item
    return apply_edits(text, item.fixes[0].edits)


OPENAI_OK = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
    "    models:\n      gpt-4o-mini: {}\n"
)


@pytest.mark.parametrize(
    ("text", "code", "severity", "line", "after"),
    [
        pytest.param(
            "providers:\n  mistral:\n    llm_type: openai_compatible  # protocol\n"
            "    base_url: https://api.mistral.ai/v1\n"
            "    models:\n      mistral-large-latest: {}\n",
            "MF601", Severity.ERROR, 1, {"auth_strategy": "api_key"}, id="no-auth-strategy",
        ),
        pytest.param(
            "providers:\n  github_copilot:\n    llm_type: github_copilot\n"
            "    models:\n      gpt-4.1: {}\n",
            "MF601", Severity.ERROR, 1,
            {"auth_strategy": "device_flow", "auth_details": {
                "client_id": "01ab8ac9400c4e429b23",
                "device_code_url": "https://github.com/login/device/code",
                "token_url": "https://github.com/login/oauth/access_token",
                "scope": "read:user",
            }},
            id="no-auth-strategy-device-login",
        ),
        pytest.param(
            json.dumps({"providers": {"mistral": {
                "llm_type": "openai_compatible", "base_url": "https://api.mistral.ai/v1",
                "models": {"mistral-large-latest": {}},
            }}}, indent=4),
            "MF601", Severity.ERROR, 2, {"auth_strategy": "api_key"},
            id="json-one-key-per-line",
        ),
        pytest.param(
            '{"providers": {"groq": {"llm_type": "openai_compatible", "auth_strategy": "api_key",'
            ' "models": {"llama-3.3-70b-versatile": {}}}}}',
            "MF602", Severity.WARNING, 0, {"base_url": "https://api.groq.com/openai/v1"},
            id="json-no-base-url",
        ),
        pytest.param(
            "providers:\n  anthropic: {llm_type: openai_compatible, auth_strategy: api_key,"
            " models: {claude-sonnet-4-5: {}}}\n",
            "MF602", Severity.WARNING, 1, {"base_url": "https://api.anthropic.com/v1/"},
            id="flow-no-base-url",
        ),
        pytest.param(
            "providers:\n  github_copilot:\n    llm_type: github_copilot\n"
            "    auth_strategy: device_flow\n    auth_details:\n      client_id: abc\n"
            "    models:\n      gpt-4.1: {}\n",
            "MF603", Severity.ERROR, 3, None, id="partial-auth-details",
        ),
        pytest.param(
            "providers:\n  ollama:\n    llm_type: ollama\n    base_url: http://localhost:11434\n"
            "    models:\n      fast:\n        api_model_name: llama3.1:8b\n",
            "MF604", Severity.WARNING, 6, None, id="api-model-name-under-ollama",
        ),
        pytest.param(
            "providers:\n  google:\n    llm_type: google_genai\n    auth_strategy: api_key\n"
            "    base_url: https://example.com\n    models:\n      gemini-2.5-flash: {}\n",
            "MF604", Severity.INFORMATION, 4, None, id="base-url-under-google",
        ),
        pytest.param(
            "providers:\n  ollama:\n    llm_type: ollama\n    models:\n      llama3.2: {}\n",
            "MF605", Severity.WARNING, 1, {"base_url": "http://localhost:11434"},
            id="ollama-without-endpoint",
        ),
        pytest.param(
            '{"providers": {"ollama": {"llm_type": "ollama", "models": {"llama3.2": {}}}}}',
            "MF605", Severity.WARNING, 0, {"base_url": "http://localhost:11434"},
            id="ollama-without-endpoint-json",
        ),
        pytest.param(
            "providers:\n  fireworks-ai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.fireworks.ai/inference/v1/\n    auth_strategy: api_key\n"
            "    models:\n      accounts/fireworks/models/kimi-k2p5: {}\n"
            "current_model:\n  provider: fireworks-ai\n"
            "  model: accounts/fireworks/models/kimi-k2p5\n",
            "MF606", Severity.WARNING, 1, None, id="key-the-runtime-cannot-look-up",
        ),
        pytest.param(
            OPENAI_OK.replace(
                "    models:", '    auth_data: {api_key: "${OPENAI_API_KEY}"}\n    models:'
            ),
            "MF607", Severity.WARNING, 4, None, id="variable-reference-in-auth-data",
        ),
        pytest.param(
            OPENAI_OK.replace("gpt-4o-mini: {}", "gpt-4o-mini:"),
            "MF608", Severity.WARNING, 5, None, id="null-model",
        ),
    ],
)  # fmt: skip
def test_each_runtime_fact_is_flagged_once_and_fixed(
    catalog: Catalog,
    text: str,
    code: str,
    severity: Severity,
    line: int,
    after: dict[str, object] | None,
) -> None:
    findings = findings_of(text, catalog)
    assert [f.code for f in findings] == [code], findings
    [item] = findings
    assert item.severity == severity and item.span.start.line == line
    repaired = fixed(text, item)
    assert findings_of(repaired, catalog) == [], repaired
    if after is not None:
        data = to_python(parse_document(repaired).root)
        provider = next(iter(data["providers"].values()))
        assert {key: provider[key] for key in after} == after


def test_renaming_a_key_also_renames_the_reference(catalog: Catalog) -> None:
    text = (
        "providers:\n  github-copilot:\n    llm_type: github_copilot\n"
        "    auth_strategy: device_flow\n    auth_details:\n      client_id: a\n"
        "      device_code_url: https://github.com/login/device/code\n"
        "      token_url: https://github.com/login/oauth/access_token\n      scope: read:user\n"
        "    models:\n      gpt-4.1: {}\n"
        'current_model:\n  provider: "github-copilot"\n  model: gpt-4.1\n'
    )
    [item] = findings_of(text, catalog)
    repaired = fixed(text, item)
    assert "  github_copilot:\n" in repaired and 'provider: "github_copilot"' in repaired
    assert findings_of(repaired, catalog) == []


def test_an_empty_ollama_base_url_hides_ollama_host_too(catalog: Catalog) -> None:
    text = "providers:\n  ollama:\n    llm_type: ollama\n    base_url:\n    models:\n      m: {}\n"
    [item] = findings_of(text, catalog)
    assert item.code == "MF605" and "ignores $OLLAMA_HOST" in item.message


def test_an_unknown_gateway_without_base_url_is_only_information(catalog: Catalog) -> None:
    text = (
        "providers:\n  corp_llm:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
        "    models:\n      house: {}\n"
    )
    codes = [(f.code, f.severity) for f in findings_of(text, catalog)]
    assert ("MF602", Severity.INFORMATION) in codes


def test_a_provider_with_a_bad_llm_type_gets_only_the_schema_finding(catalog: Catalog) -> None:
    text = "providers:\n  openrouter:\n    llm_type: openai-compatible\n"
    text += "    models:\n      openai/gpt-4o-mini: {}\n"
    [item] = findings_of(text, catalog)
    assert item.code == "MF203" and item.suggestions[0] == "openai_compatible"


# -- credentials in the file (MF501) ------------------------------------------------------------

RUNTIME_WRITTEN_JSON = {
    "providers": {
        "openai": {
            "llm_type": "openai_compatible",
            "base_url": "https://api.openai.com/v1",
            "auth_strategy": "api_key",
            "models": {"gpt-4o-mini": {}},
            "auth_data": {"api_key": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"},
        }
    }
}


def test_a_stored_key_is_one_finding_and_its_fix_removes_it(catalog: Catalog) -> None:
    text = json.dumps(RUNTIME_WRITTEN_JSON, indent=4)
    [item] = findings_of(text, catalog)
    assert item.code == "MF501"
    assert "MODELFORGE_OPENAI_API_KEY" in item.message and "$" not in item.message
    repaired = fixed(text, item)
    assert "$" not in repaired and "auth_data" not in repaired
    expected = json.loads(text)
    del expected["providers"]["openai"]["auth_data"]
    assert json.loads(repaired) == expected
    assert findings_of(repaired, catalog) == []


def test_a_device_login_is_one_finding_per_token_and_names_the_token_variable(
    catalog: Catalog,
) -> None:
    text = (
        "providers:\n  github_copilot:\n    llm_type: github_copilot\n"
        "    auth_strategy: device_flow\n    auth_details:\n      client_id: a\n"
        "      device_code_url: https://github.com/login/device/code\n"
        "      token_url: https://github.com/login/oauth/access_token\n      scope: read:user\n"
        "    auth_data:\n      access_token: ghu_abcdefghijklmnopqrstuvwxyz0123456789AB\n"
        "      refresh_token: ghr_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n"
        "      expires_in: 28800\n      token_type: bearer\n      scope: read:user\n"
        "      refresh_token_expires_in: 15724800\n"
        "    models:\n      gpt-4.1: {}\n"
    )
    findings = findings_of(text, catalog)
    assert [(f.code, f.span.start.line) for f in findings] == [("MF501", 10), ("MF501", 11)]
    assert all("MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN" in f.message for f in findings)
    repaired = fixed(text, findings[0])
    assert "auth_data" not in repaired and findings_of(repaired, catalog) == []


def test_a_secret_inside_other_text_is_flagged_without_a_fix(catalog: Catalog) -> None:
    text = OPENAI_OK.replace(
        "    models:",
        "    base_url: https://gw.example/v1?key=sk-abcdefghijklmnopqrstuvwx\n    models:",
    )
    [item] = [f for f in findings_of(text, catalog) if f.code == "MF501"]
    assert item.fixes == ()


def test_a_stored_key_of_any_shape_gets_the_removal_fix(catalog: Catalog) -> None:
    """Only part of this value matches a key pattern; it is still a stored credential."""
    odd = "AIza" + "B" * 35 + "-extra"
    text = OPENAI_OK.replace("    models:", f"    auth_data:\n      api_key: {odd}\n    models:")
    [item] = findings_of(text, catalog)
    assert item.code == "MF501" and fixed(text, item) == OPENAI_OK
