"""``modelforge config add-auto``: recommendations with reasons, then the chosen one added."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.cli.conftest import RunCli
from tests.cli.test_config_add import Workspace, make_workspace


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return make_workspace(tmp_path, monkeypatch)


def recommendations(run_cli: RunCli, ws: Workspace, *args: str) -> list[dict[str, object]]:
    result = run_cli("--offline", "config", "add-auto", *args, "--json", env=ws.env)
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["added"] is None
    return payload["recommendations"]  # type: ignore[no-any-return]


def test_json_lists_reasons_and_adds_nothing(run_cli: RunCli, ws: Workspace) -> None:
    items = recommendations(run_cli, ws, "--use-case", "coding", "--budget", "2", "-n", "3")
    assert [item["rank"] for item in items] == [1, 2, 3]
    for item in items:
        assert set(item) >= {"provider", "model", "name", "score", "reasons", "cost", "context"}
        reasons = item["reasons"]
        assert isinstance(reasons, list) and reasons[0].endswith("per 1M")
        assert any("tool calls" in reason for reason in reasons)
        assert "not deprecated" in reasons
    assert not ws.global_config.exists()


def test_pick_adds_that_recommendation(run_cli: RunCli, ws: Workspace) -> None:
    items = recommendations(run_cli, ws, "--use-case", "cheap", "--provider", "openai")
    second = items[1]
    result = run_cli(
        "--offline", "config", "add-auto", "--use-case", "cheap", "--provider", "openai",
        "--pick", "2", "--set-current", env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert f"openai/{second['model']}" in result.out  # the table, then the report
    assert f"Created {ws.global_config}" in result.out
    data = YAML(typ="safe", pure=True).load(ws.global_config.read_text())
    assert data["providers"]["openai"]["models"] == {second["model"]: {}}
    assert data["current_model"] == {"provider": "openai", "model": second["model"]}


def test_yes_adds_the_first_and_reports_json(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli(
        "--offline", "config", "add-auto", "-u", "vision", "-p", "google", "--yes", "--local",
        "--json", env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    first = payload["recommendations"][0]
    assert payload["added"]["model"] == first["model"] and payload["added"]["created"]
    assert payload["added"]["path"] == str(ws.local_config)


def test_without_a_terminal_it_asks_for_a_flag(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli("--offline", "config", "add-auto", "-u", "chat", env=ws.env)
    assert result.code == 2 and "pass --pick N or --yes" in result.err
    assert "provider/model" in result.out  # the recommendations were still shown
    assert not ws.global_config.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(["-p", "opnai"], 1, "did you mean 'openai'", id="provider-typo"),
        pytest.param(["--budget", "0.000001", "-p", "openai"], 1, "no model fits", id="budget"),
        pytest.param(["--pick", "9", "-n", "3"], 2, "there are 3 recommendations", id="pick"),
        pytest.param(["--use-case", "poetry"], 2, "poetry", id="use-case"),
    ],
)
def test_failures(run_cli: RunCli, ws: Workspace, args: list[str], code: int, message: str) -> None:
    result = run_cli("--offline", "config", "add-auto", *args, env=ws.env)
    assert result.code == code and message in result.err
    assert not ws.global_config.exists()


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "add-auto", "--help")
    assert result.code == 0 and "Examples:" in result.out and "long-context" in result.out
