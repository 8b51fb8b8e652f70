"""``config.files.select``: naming a configured model; ``use_model_in_file`` (``config use``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from modelforge_lsp.config.files import (
    ConfigReadError,
    ConfiguredModel,
    UseResult,
    find_configured_model,
    use_model_in_file,
)
from modelforge_lsp.errors import ConfigEditError

DATA = Path(__file__).parents[2] / "data"

CONFIG: dict[str, Any] = {
    "providers": {
        "anthropic": {"models": {"sonnet": {"api_model_name": "claude-sonnet-4-5"}}},
        "openrouter": {
            "models": {
                "sonnet": {"api_model_name": "anthropic/claude-sonnet-4.5"},
                "anthropic/claude-3.5-haiku": {},
                "fast": {"api_model_name": "gpt-4o-mini"},
            }
        },
        "openai": {"models": {"gpt-4o-mini": {}, "gpt-4o": None, "mini": "not a map"}},
        "my_gateway": {"models": {"house": {}}},
        "empty": {"models": {}},
    }
}


@pytest.mark.parametrize(
    ("name", "provider", "found"),
    [
        pytest.param("gpt-4o", None, ("openai", "gpt-4o"), id="alias"),
        pytest.param("claude-sonnet-4-5", None, ("anthropic", "sonnet"), id="model-id"),
        pytest.param("openrouter/sonnet", None, ("openrouter", "sonnet"), id="provider/alias"),
        pytest.param("sonnet", "anthropic", ("anthropic", "sonnet"), id="provider-option"),
        pytest.param(
            "anthropic/claude-3.5-haiku",
            None,
            ("openrouter", "anthropic/claude-3.5-haiku"),
            id="alias-with-a-slash",
        ),
        pytest.param("gpt-4o-mini", None, ("openai", "gpt-4o-mini"), id="alias-beats-model-id"),
        pytest.param("house", "my-gateway", ("my_gateway", "house"), id="key-spelled-as-in-file"),
        pytest.param("my-gateway/house", None, ("my_gateway", "house"), id="folded-in-a-ref"),
        pytest.param("mini", None, ("openai", "mini"), id="odd-value-still-an-alias"),
    ],
)
def test_find_configured_model(name: str, provider: str | None, found: tuple[str, str]) -> None:
    model = find_configured_model(CONFIG, name, provider=provider)
    assert (model.provider, model.alias) == found


@pytest.mark.parametrize(
    ("name", "provider", "message"),
    [
        pytest.param(
            "sonnet",
            None,
            "'sonnet' names 2 models in the config: say 'anthropic/sonnet' or 'openrouter/sonnet'",
            id="ambiguous-alias",
        ),
        pytest.param("gpt-4o-mnii", None, "did you mean 'gpt-4o-mini'", id="did-you-mean-alias"),
        pytest.param(
            "claude-sonet-4-5", None, "did you mean 'anthropic/sonnet'", id="did-you-mean-by-id"
        ),
        pytest.param(
            "opnai/gpt-4o", None, "did you mean 'gpt-4o'", id="did-you-mean-a-misspelt-ref"
        ),
        pytest.param(
            "x",
            "opnai",
            "no provider 'opnai' in the config; did you mean 'openai'",
            id="provider-typo",
        ),
        pytest.param("x", "empty", "the config configures no models of 'empty'", id="no-models"),
        pytest.param(
            "zzzz",
            None,
            "it configures anthropic/sonnet, openrouter/sonnet, ",
            id="nothing-close-lists-the-models",
        ),
    ],
)
def test_find_configured_model_errors(name: str, provider: str | None, message: str) -> None:
    with pytest.raises(ConfigEditError) as raised:
        find_configured_model(CONFIG, name, provider=provider)
    assert message in str(raised.value)


def test_model_ids_can_be_turned_off() -> None:
    with pytest.raises(ConfigEditError, match="no model 'claude-sonnet-4-5'"):
        find_configured_model(CONFIG, "claude-sonnet-4-5", by_model_id=False)


def test_a_model_named_by_id_twice_is_ambiguous() -> None:
    models = {"x": {"api_model_name": "m"}, "y": {"api_model_name": "m"}}
    with pytest.raises(ConfigEditError, match="say 'a/x' or 'a/y'"):
        find_configured_model({"providers": {"a": {"models": models}}}, "m")


def test_configured_model_ref() -> None:
    assert ConfiguredModel("openai", "mini", "gpt-4o-mini").ref == "openai/mini"


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text())


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    target = tmp_path / "config.yaml"
    shutil.copy(DATA / "edit" / "commented.yaml", target)
    return target


def test_use_changes_only_the_value_that_differs(commented: Path) -> None:
    before = commented.read_text()
    result = use_model_in_file(commented, "gpt-4o", None)
    assert result == UseResult(
        path=commented,
        provider="openai",
        alias="gpt-4o",
        model="gpt-4o",
        changed=True,
        previous=("openai", "gpt-4o-mini"),
        backup=commented.with_name("config.yaml.bak"),
        dry_run=False,
        summary=("set current_model to openai/gpt-4o",),
    )
    after = commented.read_text()
    assert after == before.replace(
        "current_model: {provider: openai, model: gpt-4o-mini}",
        "current_model: {provider: openai, model: gpt-4o}",
    )
    assert result.backup is not None and result.backup.read_text() == before


def test_use_by_model_id_writes_the_alias(commented: Path) -> None:
    result = use_model_in_file(commented, "gpt-3.5-turbo", None)
    assert (result.alias, result.model) == ("legacy", "gpt-3.5-turbo")
    assert load(commented)["current_model"] == {"provider": "openai", "model": "legacy"}


def test_use_writes_the_key_as_the_file_spells_it(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "providers:\n  my_gateway:\n    llm_type: ollama\n    models:\n      house: {}\n"
    )
    use_model_in_file(path, "house", None, provider="my-gateway")
    assert load(path)["current_model"] == {"provider": "my_gateway", "model": "house"}
    assert path.read_text().endswith("\ncurrent_model:\n  provider: my_gateway\n  model: house\n")


def test_use_keeps_json_json(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    shutil.copy(DATA / "config" / "config.json", path)
    original = json.loads(path.read_text())
    result = use_model_in_file(path, "ollama/llama3.1:8b", None)
    assert result.changed and result.previous == ("openai", "gpt-4o-mini")
    data = json.loads(path.read_text())
    assert data == original | {"current_model": {"provider": "ollama", "model": "llama3.1:8b"}}
    assert path.read_text().startswith('{\n  "providers": {\n    "openai": {\n')


def test_use_of_the_current_model_changes_nothing(commented: Path) -> None:
    result = use_model_in_file(commented, "openai/gpt-4o-mini", None)
    assert not result.changed and result.backup is None
    assert result.summary == ("current_model is already openai/gpt-4o-mini",)
    assert not commented.with_name("config.yaml.bak").exists()


def test_dry_run_returns_the_diff_and_writes_nothing(commented: Path) -> None:
    before = commented.read_text()
    result = use_model_in_file(commented, "ollama/llama3.1:8b", None, dry_run=True)
    assert result.diff is not None and result.dry_run and result.backup is None
    assert "+current_model: {provider: ollama, model: llama3.1:8b}" in result.diff
    assert commented.read_text() == before


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        pytest.param("providers: [\n", ConfigEditError, "the file does not parse", id="broken"),
        pytest.param(
            "providers:\n  a:\n    models:\n      x: {}\n", ConfigEditError, "no model 'gpt-4o'",
            id="not-there",
        ),
        pytest.param(None, ConfigReadError, "does not exist", id="missing"),
    ],
)  # fmt: skip
def test_use_refusals_leave_the_file_alone(
    tmp_path: Path, text: str | None, error: type[Exception], message: str
) -> None:
    path = tmp_path / "config.yaml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(error, match=message):
        use_model_in_file(path, "gpt-4o", None)
    assert (path.read_text() if text is not None else None) == text
    assert not path.with_name("config.yaml.bak").exists()
