"""``modelforge config remove`` through the real entry point, with HOME and cwd in tmp dirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import RunCli
from tests.cli.test_config_add import DATA, Workspace, load, make_workspace
from tests.config.files.test_text_remove import removed_lines

CONFIG = """\
# ours
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    auth_data: {api_key: sk-stored}   # written by `modelforge auth login`
    models:
      gpt-4o-mini: {}
      gpt-4o: {}   # for hard questions
  anthropic:
    llm_type: openai_compatible
    base_url: https://api.anthropic.com/v1/
    auth_strategy: api_key
    models:
      sonnet: {api_model_name: claude-sonnet-4-5}
current_model: {provider: openai, model: gpt-4o}
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    space = make_workspace(tmp_path, monkeypatch)
    space.global_config.parent.mkdir(parents=True)
    space.global_config.write_text(CONFIG)
    return space


def data(ws: Workspace) -> dict[str, Any]:
    loaded = load(ws.global_config)
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["openai/gpt-4o"], id="provider/alias"),
        pytest.param(["--provider", "openai", "--model", "gpt-4o"], id="runtime-options"),
    ],
)
def test_remove_the_current_model_and_the_credentials(
    run_cli: RunCli, ws: Workspace, args: list[str]
) -> None:
    result = run_cli("config", "remove", *args, env=ws.env)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        f"Updated {ws.global_config}: removed model 'gpt-4o' from 'openai'; removed the stored "
        "credentials (auth_data) of 'openai'; cleared current_model (it named openai/gpt-4o)",
        "  no current_model now: choose one with `modelforge config use`",
    ]
    assert removed_lines(CONFIG, ws.global_config.read_text()) == [
        "    auth_data: {api_key: sk-stored}   # written by `modelforge auth login`",
        "      gpt-4o: {}   # for hard questions",
        "current_model: {provider: openai, model: gpt-4o}",
    ]
    assert Path(f"{ws.global_config}.bak").read_text() == CONFIG


def test_keep_credentials(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "remove", "openai/gpt-4o-mini", "--keep-credentials", env=ws.env)
    assert result.code == 0, result.err
    assert "kept the stored credentials of 'openai' (--keep-credentials)" in result.out
    openai = data(ws)["providers"]["openai"]
    assert openai["auth_data"] == {"api_key": "sk-stored"}
    assert list(openai["models"]) == ["gpt-4o"]
    assert data(ws)["current_model"] == {"provider": "openai", "model": "gpt-4o"}


def test_the_last_model_takes_its_provider(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "remove", "sonnet", env=ws.env)
    assert result.code == 0, result.err
    assert "removed provider 'anthropic' with its last model 'sonnet'" in result.out
    assert list(data(ws)["providers"]) == ["openai"]


def test_keep_credentials_that_go_with_the_provider_warns(run_cli: RunCli, ws: Workspace) -> None:
    ws.global_config.write_text(CONFIG.replace("      gpt-4o-mini: {}\n", ""))
    result = run_cli(
        "config", "remove", "openai/gpt-4o", "--keep-credentials", "--json", env=ws.env
    )
    assert result.code == 0, result.err
    assert "warning: the stored credentials of 'openai' could not be kept" in result.err
    report = json.loads(result.out)
    assert report["removed_provider"] and report["removed_credentials"]
    assert not report["kept_credentials"]
    assert list(data(ws)["providers"]) == ["anthropic"] and "current_model" not in data(ws)


def test_json_result_on_a_json_config(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "config.json"
    shutil.copy(DATA / "config" / "config.json", target)
    result = run_cli(
        "config", "remove", "openai/gpt-4o-mini", "--file", str(target), "--json", env=ws.env
    )
    assert result.code == 0, result.err
    assert json.loads(result.out) == {
        "path": str(target),
        "provider": "openai",
        "alias": "gpt-4o-mini",
        "model": "gpt-4o-mini",
        "removed_provider": False,
        "cleared_current": True,
        "removed_credentials": False,
        "kept_credentials": False,
        "backup": f"{target}.bak",
        "dry_run": False,
        "summary": [
            "removed model 'gpt-4o-mini' from 'openai'",
            "cleared current_model (it named openai/gpt-4o-mini)",
        ],
        "warnings": [],
    }
    written = json.loads(target.read_text())
    assert list(written["providers"]["openai"]["models"]) == ["gpt-4o"]
    assert "current_model" not in written


def test_dry_run_prints_the_diff(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "remove", "anthropic/sonnet", "--dry-run", env=ws.env)
    assert result.code == 0, result.err
    assert "-  anthropic:\n" in result.out and "dry run: nothing written" in result.err
    assert ws.global_config.read_text() == CONFIG


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["openai/gpt-4o-mnii"], "did you mean 'gpt-4o-mini'", id="typo"),
        pytest.param(["claude-sonnet-4-5"], "did you mean 'sonnet'", id="not-by-model-id"),
        pytest.param(["-p", "opnai", "gpt-4o"], "did you mean 'openai'", id="provider-typo"),
        pytest.param(["gpt-4o", "--local"], "does not exist", id="missing-file"),
    ],
)
def test_refusals_change_nothing(
    run_cli: RunCli, ws: Workspace, args: list[str], message: str
) -> None:
    result = run_cli("config", "remove", *args, env=ws.env)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err
    assert ws.global_config.read_text() == CONFIG and not ws.local_config.exists()


def test_a_broken_config_is_refused_in_one_line(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "broken.yaml"
    target.write_text("providers: [\n")
    result = run_cli("config", "remove", "a/b", "--file", str(target), env=ws.env)
    assert result.code == 1
    assert result.err.strip().startswith("error: the file does not parse")
    assert target.read_text() == "providers: [\n"


def test_usage_errors_exit_2(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("config", "remove", env=ws.env)
    assert result.code == 2 and "name a model" in result.err
    assert ws.global_config.read_text() == CONFIG


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "remove", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--keep-credentials" in result.out
