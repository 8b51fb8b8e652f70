"""``modelforge config add`` through the real entry point, with HOME and cwd in tmp dirs."""

from __future__ import annotations

import difflib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.cli.conftest import RunCli

DATA = Path(__file__).parent.parent / "data"


@dataclass(frozen=True)
class Workspace:
    """A user with a home, a config dir and a project; the tests run inside the project."""

    home: Path
    project: Path

    @property
    def env(self) -> dict[str, str]:
        return {"HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / "xdg")}

    @property
    def global_config(self) -> Path:
        return self.home / "xdg" / "model-forge" / "config.yaml"

    @property
    def local_config(self) -> Path:
        return self.project / ".model-forge" / "config.yaml"


def make_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Shared by the config-writing CLI tests: ``run_cli`` inherits the cwd set here."""
    space = Workspace(tmp_path / "home", tmp_path / "home" / "proj")
    space.project.mkdir(parents=True)
    monkeypatch.chdir(space.project)
    return space


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return make_workspace(tmp_path, monkeypatch)


def load(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text())


def test_first_add_creates_the_user_config(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o-mini", "--set-current",
        env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert f"Created {ws.global_config}" in result.out
    assert "$0.15 / $0.60 per 1M · 128K ctx" in result.out
    assert "set MODELFORGE_OPENAI_API_KEY in the environment" in result.out  # what it reads
    assert load(ws.global_config) == {
        "providers": {
            "openai": {
                "llm_type": "openai_compatible",
                "base_url": "https://api.openai.com/v1",
                "auth_strategy": "api_key",
                "models": {"gpt-4o-mini": {}},
            }
        },
        "current_model": {"provider": "openai", "model": "gpt-4o-mini"},
    }
    assert not ws.local_config.exists()


def test_model_typo_gets_did_you_mean_and_nothing_is_written(
    run_cli: RunCli, ws: Workspace
) -> None:
    result = run_cli("--offline", "config", "add", "-p", "openai", "-m", "gpt-4o-mnii", env=ws.env)
    assert result.code == 1
    assert "did you mean 'gpt-4o-mini'" in result.err and "Traceback" not in result.err
    assert not ws.global_config.exists()


def test_unknown_provider_needs_force(run_cli: RunCli, ws: Workspace) -> None:
    refused = run_cli("--offline", "config", "add", "-p", "opnai", "-m", "gpt-4o", env=ws.env)
    assert refused.code == 1
    assert "did you mean 'openai'" in refused.err and "--force" in refused.err
    forced = run_cli(
        "--offline", "config", "add", "-p", "my-gateway", "-m", "house-llm", "--force",
        env=ws.env,
    )  # fmt: skip
    assert forced.code == 0, forced.err
    assert "not in the catalog" in forced.err
    assert "add base_url under providers.my_gateway" in forced.out
    assert load(ws.global_config) == {
        "providers": {  # the runtime's spelling: what get_llm("my-gateway") looks up
            "my_gateway": {
                "llm_type": "openai_compatible",
                "auth_strategy": "api_key",
                "models": {"house-llm": {}},
            }
        }
    }


def test_local_config_is_found_from_a_subdirectory(
    run_cli: RunCli, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cli(
        "--offline", "config", "add", "-p", "anthropic", "-m", "claude-sonnet-4-5",
        "--alias", "sonnet", "--local", env=ws.env,
    )  # fmt: skip
    assert first.code == 0, first.err
    assert ws.local_config.exists() and not ws.global_config.exists()
    deeper = ws.project / "src" / "pkg"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    second = run_cli("--offline", "config", "add", "-p", "openai", "-m", "gpt-4.1", env=ws.env)
    assert second.code == 0, second.err
    assert f"Updated {ws.local_config}" in second.out
    assert f"backup of the previous version: {ws.local_config}.bak" in second.out
    data = load(ws.local_config)
    assert isinstance(data, dict)
    assert data["providers"]["anthropic"]["models"] == {
        "sonnet": {"api_model_name": "claude-sonnet-4-5"}
    }
    assert list(data["providers"]) == ["anthropic", "openai"]


def test_a_commented_config_keeps_every_line(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "team.yaml"
    shutil.copy(DATA / "edit" / "commented.yaml", target)
    before = target.read_text()
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4.1", "--file", str(target),
        env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    added = [
        line
        for line in difflib.ndiff(before.splitlines(), target.read_text().splitlines())
        if line[:1] in "+-"
    ]
    assert added == ["+       gpt-4.1: {}"]
    assert (ws.project / "team.yaml.bak").read_text() == before


def test_existing_alias_is_a_no_op(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "c.yaml"
    shutil.copy(DATA / "edit" / "commented.yaml", target)
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o", "--file", str(target),
        env=ws.env,
    )  # fmt: skip
    assert result.code == 0
    assert (
        "is already under providers.openai.models" in result.out and "nothing to do" in result.out
    )
    assert not (ws.project / "c.yaml.bak").exists()


def test_dry_run_prints_the_diff_and_writes_nothing(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o", "--dry-run", env=ws.env
    )
    assert result.code == 0, result.err
    assert "+providers:" in result.out and "+      gpt-4o: {}" in result.out
    assert "dry run: nothing written" in result.err
    assert not ws.global_config.exists()


def test_json_result_and_json_config(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "config.json"
    shutil.copy(DATA / "config" / "config.json", target)
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4.1", "--file", str(target),
        "--set-current", "--json", env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report == {
        "path": str(target),
        "provider": "openai",
        "alias": "gpt-4.1",
        "model": "gpt-4.1",
        "changed": True,
        "added_provider": False,
        "set_current": True,
        "created": False,
        "backup": f"{target}.bak",
        "dry_run": False,
        "summary": [
            "added model 'gpt-4.1' to provider 'openai'",
            "set current_model to openai/gpt-4.1",
        ],
    }
    data = json.loads(target.read_text())  # still JSON
    assert data["providers"]["openai"]["models"]["gpt-4.1"] == {}
    assert data["current_model"] == {"provider": "openai", "model": "gpt-4.1"}


def test_a_broken_config_is_refused_in_one_line(run_cli: RunCli, ws: Workspace) -> None:
    target = ws.project / "broken.yaml"
    target.write_text("providers: [\n")
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o", "--file", str(target),
        env=ws.env,
    )  # fmt: skip
    assert result.code == 1
    assert result.err.strip().splitlines()[-1].startswith("error: the file does not parse")
    assert target.read_text() == "providers: [\n"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["-p", "openai"], id="missing-model"),
        pytest.param(
            ["-p", "openai", "-m", "gpt-4o", "--file", "x.yaml", "--local"], id="file+local"
        ),
    ],
)
def test_usage_errors_exit_2(run_cli: RunCli, ws: Workspace, args: list[str]) -> None:
    result = run_cli("--offline", "config", "add", *args, env=ws.env)
    assert result.code == 2
    assert not ws.global_config.exists() and not (ws.project / "x.yaml").exists()


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "add", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--set-current" in result.out


def test_the_runtimes_api_model_name_form_is_understood(run_cli: RunCli, ws: Workspace) -> None:
    """ModelForge 2.x users write ``--model ALIAS --api-model-name ID``."""
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "mini",
        "--api-model-name", "gpt-4o-mini", env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    models = load(ws.global_config)["providers"]["openai"]["models"]
    assert models == {"mini": {"api_model_name": "gpt-4o-mini"}}


@pytest.mark.parametrize(
    ("flags", "advice"),
    [
        pytest.param(("--api-key", "sk-proj-secret-value-123456"), "MODELFORGE_OPENAI_API_KEY",
                     id="api-key"),
        pytest.param(("--dev-auth",), "modelforge auth login --provider openai", id="dev-auth"),
    ],
)  # fmt: skip
def test_the_runtimes_credential_flags_get_advice_and_write_nothing(
    run_cli: RunCli, ws: Workspace, flags: tuple[str, ...], advice: str
) -> None:
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o-mini", *flags, env=ws.env
    )  # fmt: skip
    assert result.code == 1 and advice in result.err
    assert "sk-proj-secret-value-123456" not in result.err + result.out
    assert not ws.global_config.exists()
