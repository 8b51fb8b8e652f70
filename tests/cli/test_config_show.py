"""``modelforge config show``: each file, or the merged effective config, with catalog figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.config.files import installed_runtime
from tests.cli.conftest import RunCli
from tests.cli.test_config_add import Workspace, make_workspace
from tests.runtime_metadata import install_metadata

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
    local, global_, runtime = result.out.split("\n\n")
    assert runtime.startswith("ModelForge runtime (")
    assert local.startswith(f"{ws.local_config} (local)")
    assert "mini" in local and "gpt-4o-mini" in local and "$0.15 / $0.60 per 1M · 128K ctx" in local
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
        "summary": "$0.15 / $0.60 per 1M · 128K ctx",
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


# -- the "ModelForge runtime" section ------------------------------------------------------


@pytest.mark.skipif(installed_runtime() is not None, reason="model-forge-llm is installed here")
def test_the_runtime_section_says_the_yaml_files_are_not_read(
    run_cli: RunCli, ws: Workspace
) -> None:
    result = run_cli("--offline", "config", "show", env=ws.env)
    runtime = result.out.split("\n\n")[-1].splitlines()
    assert runtime[0] == (
        "ModelForge runtime (model-forge-llm not installed here; what 2.x would do), run from "
        "~/proj:"
    )
    assert runtime[1].startswith("  reads:    nothing (no ./.model-forge/config.json")
    assert runtime[2] == (
        "  ignores:  ~/proj/.model-forge/config.yaml: a YAML file: the runtime reads only "
        ".model-forge/config.json"
    )
    assert runtime[3].startswith("            ~/xdg/model-forge/config.yaml: under $XDG_CONFIG")


RUNTIME_JSON = """{
  "providers": {
    "openai": {"llm_type": "openai_compatible", "auth_strategy": "api_key",
               "models": {"gpt-4o-mini": {}}},
    "my-gateway": {"llm_type": "openai_compatible", "auth_strategy": "api_key",
                   "base_url": "https://llm.example.com/v1", "models": {"house": {}},
                   "auth_data": {"api_key": "sk-stored-never-shown"}},
    "ollama": {"llm_type": "ollama", "models": {"llama3.2": {}}}
  }
}
"""


def test_the_runtime_section_as_json_names_variables_never_values(
    run_cli: RunCli, ws: Workspace, tmp_path: Path
) -> None:
    (ws.project / ".model-forge" / "config.json").write_text(RUNTIME_JSON)
    user = ws.home / ".config" / "model-forge" / "config.json"
    user.parent.mkdir(parents=True)
    user.write_text("{}")
    env = ws.env | {
        "MODELFORGE_OPENAI_API_KEY": "sk-secret-in-env",
        "PYTHONPATH": str(install_metadata(tmp_path / "site")),
    }
    result = run_cli("--offline", "config", "show", "--resolved", "--json", env=env)
    assert result.code == 0, result.err
    assert "sk-secret-in-env" not in result.out and "sk-stored-never-shown" not in result.out
    runtime = json.loads(result.out)["runtime"]
    assert runtime["installed"] == "2.3.0" and runtime["json_only"] is True
    assert runtime["reads"] == str(ws.project / ".model-forge" / "config.json")
    assert runtime["scope"] == "project"
    ignored = {item["path"]: item["reason"] for item in runtime["ignored"]}
    assert "shadowed" in ignored[str(user)] and "YAML" in ignored[str(ws.local_config)]
    providers = {p["key"]: p for p in runtime["providers"]}
    assert {k: (p["variable"], p["variable_set"], p["auth_data_stored"], p["ready"])
            for k, p in providers.items()} == {
        "openai": ("MODELFORGE_OPENAI_API_KEY", True, False, True),
        "my-gateway": ("MODELFORGE_MY_GATEWAY_API_KEY", False, True, True),
        "ollama": (None, False, False, False),
    }  # fmt: skip
    assert providers["ollama"]["endpoint_variable"] == "OLLAMA_HOST"
    text = run_cli("--offline", "config", "show", env=env).out
    assert "model-forge-llm 2.3.0 installed here" in text
    assert "    openai      MODELFORGE_OPENAI_API_KEY (set)" in text
    assert "my-gateway  MODELFORGE_MY_GATEWAY_API_KEY (unset): the auth_data stored" in text
