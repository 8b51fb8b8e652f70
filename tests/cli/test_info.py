"""``modelforge info``: one model's card and JSON, name forms, and did-you-mean on a miss."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import FakeModelsDev


@pytest.mark.parametrize(
    ("args", "model", "expected"),
    [
        pytest.param(
            ("openai", "gpt-4o"), "openai/gpt-4o",
            ["GPT-4o", "$2.50", "$10.00", "cache read", "$1.25", "128K (128,000)",
             "16K (16,384)", "OPENAI_API_KEY", "2023-09", "2024-05-13", "2024-08-06",
             "text, image, pdf", "tools vision pdf structured files", "also offered by"],
            id="provider-and-model",
        ),
        pytest.param(("openai/gpt-4o",), "openai/gpt-4o", ["GPT-4o", "$2.50"], id="slash-form"),
        pytest.param(
            ("openrouter", "anthropic/claude-sonnet-4.5"), "openrouter/anthropic/claude-sonnet-4.5",
            ["OPENROUTER_API_KEY", "cache write", "$3.75"], id="model-id-with-a-slash",
        ),
        pytest.param(
            ("openrouter/anthropic/claude-sonnet-4.5",), "openrouter/anthropic/claude-sonnet-4.5",
            ["OPENROUTER_API_KEY"], id="slash-form-split-at-the-first-slash",
        ),
        pytest.param(
            ("github_copilot", "gpt-4.1"), "github-copilot/gpt-4.1", ["GITHUB_TOKEN"],
            id="provider-spelled-with-underscore",
        ),
    ],
)  # fmt: skip
def test_card(run_cli: RunCli, args: tuple[str, ...], model: str, expected: list[str]) -> None:
    result = run_cli("--offline", "info", *args)
    assert result.code == 0, result.err
    assert model in result.out.splitlines()[0]
    for text in expected:
        assert text in result.out, text


def test_json_has_every_field(run_cli: RunCli) -> None:
    result = run_cli("--offline", "info", "openai/gpt-4o", "--json")
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert record["provider"] == "openai" and record["model"] == "gpt-4o"
    assert set(record["cost"]) == {
        "input", "output", "cache_read", "cache_write", "reasoning", "input_audio", "output_audio"
    }  # fmt: skip
    assert record["cost"]["input"] == 2.5 and record["cost"]["cache_write"] is None
    assert record["limit"] == {"context": 128000, "input": None, "output": 16384}
    assert record["modalities"]["input"] == ["text", "image", "pdf"]
    assert {"tool_call", "vision", "pdf"} <= set(record["capabilities"])
    assert record["env"] == ["OPENAI_API_KEY"] and record["status"] == "active"
    assert record["successor"] is None and record["open_weights"] is False
    assert "openai" in record["offered_by"] and "azure" in record["offered_by"]
    for key in ("knowledge", "release_date", "last_updated", "family", "name", "temperature"):
        assert key in record


def test_deprecated_model_names_its_successor(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    assert run_cli("refresh-cache", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url}).code == 0
    card = run_cli("--offline", "info", "github-copilot", "claude-sonnet-4")
    assert card.code == 0, card.err
    assert "deprecated; successor: github-copilot/claude-sonnet-4.5" in card.out
    record = json.loads(
        run_cli("--offline", "info", "github-copilot/claude-sonnet-4", "--json").out
    )
    assert record["status"] == "deprecated"
    assert record["successor"] == {"provider": "github-copilot", "model": "claude-sonnet-4.5"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(("openai", "gpt-4o-mni"), "did you mean 'openai/gpt-4o-mini'",
                     id="model-typo"),
        pytest.param(("opnai", "gpt-4o"), "did you mean 'openai'", id="provider-typo"),
        pytest.param(("opnai/gpt-4o",), "did you mean 'openai'", id="provider-typo-slash-form"),
        pytest.param(
            ("anthropic/claude-sonnet-4.5",), "'anthropic/claude-sonnet-4-5'",
            id="dot-for-dash-at-the-maker",
        ),
        pytest.param(
            ("anthropic/claude-sonnet-4.5",), "'openrouter/anthropic/claude-sonnet-4.5'",
            id="the-same-id-at-a-reseller",
        ),
        pytest.param(("gpt-4o",), "needs a provider", id="no-provider"),
        pytest.param(("deepseek-ai/DeepSeek-V3.2",), "needs a provider",
                     id="vendor-prefix-that-is-no-provider"),
        pytest.param(("gpt-4o",), "'openai/gpt-4o'", id="no-provider-suggests-the-maker"),
        pytest.param(("openai",), "modelforge search --provider openai", id="no-model"),
    ],
)  # fmt: skip
def test_unknown_names_get_suggestions_and_exit_1(
    run_cli: RunCli, args: tuple[str, ...], expected: str
) -> None:
    result = run_cli("--offline", "info", *args)
    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err and result.out == ""
    assert len([line for line in result.err.splitlines() if "error" in line]) == 1


def test_usage_and_help(run_cli: RunCli) -> None:
    assert run_cli("info").code == 2
    assert run_cli("info", "a", "b", "c").code == 2
    help_text = run_cli("info", "--help").out
    assert "Examples:" in help_text and "modelforge info openai gpt-4o" in help_text


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("info", "openai", "gpt-4o"), id="info"),
        pytest.param(("compare", "openai/gpt-4o", "openai/gpt-4o-mini"), id="compare"),
        pytest.param(("search", "gpt-4o"), id="search"),
    ],
)
def test_a_disabled_catalog_is_named_as_the_reason(run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(*args, env={"MODELFORGE_CATALOG_ENABLED": "0"})
    assert result.code == 1 and "catalog is disabled" in result.err and result.out == ""
