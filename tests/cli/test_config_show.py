"""``modelforge config show``: each file, or the merged effective config, with catalog figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.cli.test_config_add import Workspace, make_workspace

GLOBAL = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o: {}
  ollama:
    llm_type: ollama
    models:
      llama3.1:8b: {}
current_model: {provider: openai, model: gpt-4o}
"""

LOCAL = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      mini: {api_model_name: gpt-4o-mini}
      gpt-4o: {}
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    space = make_workspace(tmp_path, monkeypatch)
    for path, text in ((space.global_config, GLOBAL), (space.local_config, LOCAL)):
        path.parent.mkdir(parents=True)
        path.write_text(text)
    return space


def test_each_file_on_its_own(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("--offline", "config", "show", env=ws.env)
    assert result.code == 0, result.err
    local, global_ = result.out.split("\n\n")
    assert local.startswith(f"{ws.local_config} (local)")
    assert "mini" in local and "gpt-4o-mini" in local and "$0.15 / $0.60 per 1M · 128k ctx" in local
    assert global_.startswith(f"{ws.global_config} (global)")
    assert "current_model: openai/gpt-4o" in global_
    assert "* gpt-4o" in global_ and "local model (not checked)" in global_


def test_resolved_merges_local_over_global(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("--offline", "config", "show", "--resolved", "--json", env=ws.env)
    assert result.code == 0, result.err
    config = json.loads(result.out)
    assert config["sources"] == [
        {"path": str(ws.local_config), "scope": "local"},
        {"path": str(ws.global_config), "scope": "global"},
    ]
    assert config["current_model"] == {
        "provider": "openai",
        "model": "gpt-4o",
        "source": str(ws.global_config),
        "configured": True,
    }
    providers = {p["key"]: p for p in config["providers"]}
    assert [providers["openai"]["scope"], providers["ollama"]["scope"]] == ["local", "global"]
    mini, gpt_4o = providers["openai"]["models"]
    assert mini == {
        "alias": "mini",
        "model": "gpt-4o-mini",
        "known": True,
        "summary": "$0.15 / $0.60 per 1M · 128k ctx",
        "cost": {"input": 0.15, "output": 0.6},
        "context": 128000,
        "status": "active",
    }
    assert gpt_4o["known"] and providers["ollama"]["models"][0]["known"] is False
    text = run_cli("--offline", "config", "show", "--resolved", env=ws.env)
    assert "Effective config" in text.out and "[from global]" in text.out
    assert "* gpt-4o" in text.out


def test_file_option_and_per_file_json(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("--offline", "config", "show", "--file", str(ws.global_config), "--json")
    assert result.code == 0, result.err
    [only] = json.loads(result.out)["files"]
    assert only["sources"] == [{"path": str(ws.global_config), "scope": "file"}]
    assert [p["key"] for p in only["providers"]] == ["openai", "ollama"]


def test_a_broken_file_is_a_warning_and_exit_1(run_cli: RunCli, ws: Workspace) -> None:
    ws.local_config.write_text("providers: [\n")
    result = run_cli("--offline", "config", "show", "--resolved", env=ws.env)
    assert result.code == 1
    assert f"warning: {ws.local_config}:" in result.err and "does not parse" in result.err
    assert "ollama" in result.out  # the global config is still shown


def test_no_config_says_how_to_make_one(run_cli: RunCli, ws: Workspace) -> None:
    ws.local_config.unlink()
    ws.global_config.unlink()
    result = run_cli("--offline", "config", "show", env=ws.env)
    assert result.code == 1 and "no config found" in result.err and "config add" in result.err
    missing = run_cli("--offline", "config", "show", "--file", "nope.yaml", env=ws.env)
    assert missing.code == 1 and "nope.yaml does not exist" in missing.err


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "show", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--resolved" in result.out
