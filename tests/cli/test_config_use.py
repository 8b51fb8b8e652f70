"""``modelforge config use`` through the real entry point, with HOME and cwd in tmp dirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.cli.test_config_add import DATA, Workspace, load, make_workspace

CONFIG = """\
# ours
providers:
  anthropic:
    llm_type: openai_compatible
    base_url: https://api.anthropic.com/v1/
    auth_strategy: api_key
    models:
      sonnet: {api_model_name: claude-sonnet-4-5}   # the one we like
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      gpt-4o-mini: {}
      sonnet: {api_model_name: gpt-4o}
current_model:
  provider: openai
  model: gpt-4o-mini
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    space = make_workspace(tmp_path, monkeypatch)
    space.global_config.parent.mkdir(parents=True)
    space.global_config.write_text(CONFIG)
    return space


def current_model(path: Path) -> object:
    data = load(path)
    assert isinstance(data, dict)
    return data.get("current_model")


@pytest.mark.parametrize(
    ("args", "current"),
    [
        pytest.param(["anthropic/sonnet"], ("anthropic", "sonnet"), id="provider/alias"),
        pytest.param(["claude-sonnet-4-5"], ("anthropic", "sonnet"), id="model-id"),
        pytest.param(["--provider", "openai", "--model", "sonnet"], ("openai", "sonnet"),
                     id="runtime-options"),
        pytest.param(["-p", "anthropic", "sonnet"], ("anthropic", "sonnet"),
                     id="provider-and-name"),
    ],
)  # fmt: skip
def test_use_sets_current_model(
    run_cli: RunCli, ws: Workspace, args: list[str], current: tuple[str, str]
) -> None:
    result = run_cli("config", "use", *args, env=ws.env)
    assert result.code == 0, result.err
    provider, alias = current
    assert f"Updated {ws.global_config}: set current_model to {provider}/{alias}" in result.out
    assert "it was openai/gpt-4o-mini" in result.out
    assert f"backup of the previous version: {ws.global_config}.bak" in result.out
    assert current_model(ws.global_config) == {"provider": provider, "model": alias}
    after = ws.global_config.read_text()
    assert after.replace(f"  provider: {provider}\n  model: {alias}\n", "") == CONFIG.replace(
        "  provider: openai\n  model: gpt-4o-mini\n", ""
    )  # every other line as it was


def test_an_alias_of_two_providers_lists_both(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "use", "sonnet", env=ws.env)
    assert result.code == 1
    assert result.err.strip() == (
        f"error: 'sonnet' names 2 models in {ws.global_config}: say 'anthropic/sonnet' or "
        "'openai/sonnet'"
    )
    assert ws.global_config.read_text() == CONFIG


def test_a_typo_gets_a_did_you_mean_from_the_file(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "use", "gpt-4o-mni", env=ws.env)
    assert result.code == 1
    assert "did you mean 'gpt-4o-mini'" in result.err and "Traceback" not in result.err
    assert ws.global_config.read_text() == CONFIG


def test_the_current_model_again_is_a_no_op(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "use", "openai/gpt-4o-mini", env=ws.env)
    assert result.code == 0, result.err
    assert "current_model is already openai/gpt-4o-mini" in result.out
    assert "nothing to do" in result.out
    assert not Path(f"{ws.global_config}.bak").exists()


def test_local_targets_the_project_config(run_cli: RunCli, ws: Workspace) -> None:
    ws.local_config.parent.mkdir(parents=True)
    ws.local_config.write_text("providers:\n  ollama:\n    llm_type: ollama\n"
                               "    base_url: http://localhost:11434\n"
                               "    models:\n      llama3: {}\n")  # fmt: skip
    found = run_cli("config", "use", "llama3", env=ws.env)  # the config in effect: the project's
    assert found.code == 0, found.err
    assert current_model(ws.local_config) == {"provider": "ollama", "model": "llama3"}
    missing = run_cli("config", "use", "llama3", "--global", env=ws.env)
    assert missing.code == 1 and "no model 'llama3'" in missing.err
    assert ws.global_config.read_text() == CONFIG


def test_dry_run_prints_the_diff(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "use", "anthropic/sonnet", "--dry-run", env=ws.env)
    assert result.code == 0, result.err
    assert "-  provider: openai\n-  model: gpt-4o-mini\n" in result.out
    assert "+  provider: anthropic\n+  model: sonnet\n" in result.out
    assert "dry run: nothing written" in result.err
    assert ws.global_config.read_text() == CONFIG


def test_json_result_on_a_json_config(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "config.json"
    shutil.copy(DATA / "config" / "config.json", target)
    result = run_cli(
        "config", "use", "github_copilot/claude-sonnet-4", "--file", str(target), "--json",
        env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "path": str(target),
        "provider": "github_copilot",
        "alias": "claude-sonnet-4",
        "model": "claude-sonnet-4",
        "changed": True,
        "previous": {"provider": "openai", "model": "gpt-4o-mini"},
        "backup": f"{target}.bak",
        "dry_run": False,
        "summary": ["set current_model to github_copilot/claude-sonnet-4"],
    }
    data = json.loads(target.read_text())
    assert data["current_model"] == {"provider": "github_copilot", "model": "claude-sonnet-4"}


def test_a_broken_config_is_refused_in_one_line(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "broken.yaml"
    target.write_text("providers: [\n")
    result = run_cli("config", "use", "gpt-4o", "--file", str(target), env=ws.env)
    assert result.code == 1
    assert result.err.strip().startswith("error: the file does not parse")
    assert target.read_text() == "providers: [\n"


def test_a_missing_config_says_how_to_start(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "use", "gpt-4o", "--local", env=ws.env)
    assert result.code == 1
    assert "does not exist" in result.err and "modelforge config add" in result.err
    assert not ws.local_config.exists()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-model"),
        pytest.param(["sonnet", "--model", "sonnet"], id="name-and-model"),
        pytest.param(["sonnet", "--file", "x.yaml", "--local"], id="file+local"),
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, ws: Workspace, args: list[str]) -> None:
    result = run_cli("config", "use", *args, env=ws.env)
    assert result.code == 2, result.err
    assert ws.global_config.read_text() == CONFIG


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "use", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--provider" in result.out
