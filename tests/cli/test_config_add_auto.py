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
        "--pick", "2", "--yes", "--set-current", env=ws.env,
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


def test_pick_without_yes_asks_and_without_a_terminal_refuses(
    run_cli: RunCli, ws: Workspace
) -> None:
    result = run_cli("--offline", "config", "add-auto", "-u", "cheap", "--pick", "1", env=ws.env)
    assert result.code == 2 and "no terminal to ask on; pass --yes" in result.err
    assert not ws.global_config.exists()
    dry = run_cli(
        "--offline", "config", "add-auto", "-u", "cheap", "--pick", "1", "--dry-run", env=ws.env
    )
    assert dry.code == 0 and "nothing written" in dry.err  # a dry run writes nothing: no question


def test_budget_zero_says_why_a_subscription_is_free(run_cli: RunCli, ws: Workspace) -> None:
    items = recommendations(run_cli, ws, "-u", "coding", "--budget", "0", "-n", "10")
    subscriptions = [item for item in items if item["zero_cost"] == "subscription"]
    assert subscriptions  # GitLab Duo and GitHub Copilot models are what $0 finds first
    for item in subscriptions:
        reasons = item["reasons"]
        assert isinstance(reasons, list) and "subscription" in reasons[0]
        assert not any(str(reason).startswith("free") for reason in reasons)
    table = run_cli("--offline", "config", "add-auto", "-u", "coding", "--budget", "0", env=ws.env)
    assert "$0 per token: paid by a subscription" in table.out


@pytest.mark.parametrize("flag", ["--paid", "--exclude-free"])
def test_paid_leaves_out_every_zero_price(run_cli: RunCli, ws: Workspace, flag: str) -> None:
    items = recommendations(run_cli, ws, "-u", "coding", flag, "-n", "10")
    assert len(items) == 10
    for item in items:
        cost = item["cost"]
        assert isinstance(cost, dict) and cost["input"] > 0 and item["zero_cost"] is None


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "add-auto", "--help")
    assert result.code == 0 and "Examples:" in result.out and "long-context" in result.out
