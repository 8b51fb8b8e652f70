"""The real ``modelforge`` process against a hostile catalog mirror on loopback (issue 10).

The mirror (``tests/fake_modelsdev.py``) serves the fixture catalog with attacks planted in it
(``tests/hostile_catalog.py``): escape sequences and Rich markup in names, ``NaN``, infinite and
negative figures, duplicate keys, and a catalog that lost nearly all of its models. Each test
refreshes the cache from it with ``refresh-cache`` and then runs the commands a user would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Run, RunCli
from tests.cli.test_config_add import Workspace, make_workspace
from tests.fake_modelsdev import CATALOG_FILE, FakeModelsDev
from tests.hostile_catalog import ESCAPES, hostile_document, is_strict_json

TERMINAL = {"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"}
"""Rich writes for a terminal (styles, hyperlinks) as it would for a user, not for a pipe."""


hostile_refresh: list[Run] = []


@pytest.fixture
def hostile(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> dict[str, str]:
    """A cache filled from the hostile mirror; the env to run commands on it offline."""
    modelsdev_server.set_document(hostile_document())
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    refreshed = run_cli("refresh-cache", env=env | TERMINAL)
    assert refreshed.code == 0, refreshed.err
    hostile_refresh.append(refreshed)
    return env | {"MODELFORGE_OFFLINE": "1"}


def assert_inert(run: Run) -> None:
    """No escape sequence from the catalog, and no Rich markup consumed as markup."""
    for stream in (run.out, run.err):
        for sequence in ESCAPES:
            assert sequence not in stream, (sequence, stream[:2000])
        if "click" in stream:  # the name is shown: its markup shows as the characters it is
            assert "[link=file:///etc/passwd]click[/link]" in stream


def test_names_are_printed_as_data(run_cli: RunCli, hostile: dict[str, str]) -> None:
    assert_inert(hostile_refresh[-1])  # refresh-cache names the models it added and left out
    env = hostile | TERMINAL
    for args in (
        ("search", "gpt-4o"),
        ("info", "openai", "gpt-4o"),
        ("compare", "openai/gpt-4o", "openai/gpt-4o-mini"),
        ("cache", "verify"),
    ):
        run = run_cli(*args, env=env)
        assert run.code == 0, (args, run.err)
        assert_inert(run)
    listed = run_cli("search", "gpt-4o", "-p", "openai", env=env).out  # names as str cells
    assert "[bold red]loud[/] :warning: :cross_mark:" in listed  # no markup, no emoji codes
    shown = run_cli("info", "openai", "gpt-4o", env=env).out
    assert "[link=file:///etc/passwd]click[/link] [bold red]loud[/] :warning: :cross_mark:" in shown
    assert "Open]0;titleAI [link=https://evil.example]x[/link]" in shown  # the provider's name
    assert "here" in shown and "pwned-title" in shown  # the escapes went, their text stays


def test_bad_figures_are_dropped_and_output_stays_valid(
    run_cli: RunCli, hostile: dict[str, str]
) -> None:
    info = run_cli("info", "openai", "gpt-4o-mini", "--json", env=hostile)
    assert info.code == 0, info.err
    assert is_strict_json(info.out), info.out
    cost = json.loads(info.out)["cost"]
    assert (cost["input"], cost["output"], cost["cache_read"]) == (None, None, None)

    limits = run_cli("info", "openai", "gpt-4.1", "--json", env=hostile)
    assert limits.code == 0, limits.err  # the model stays; only its bad figures went
    assert json.loads(limits.out)["limit"] == {"context": None, "input": None, "output": None}

    for args in (
        ("search", "gpt", "--json"),
        ("search", "--sort", "price", "--json", "-n", "50"),
        ("compare", "openai/gpt-4o-mini", "openai/gpt-4.1", "--json"),
        ("compare", "openai/gpt-3.5-turbo", "openai/gpt-4o", "--input-tokens", "2000000", "--json"),
    ):
        run = run_cli(*args, env=hostile)
        assert run.code == 0, (args, run.err)
        assert is_strict_json(run.out), (args, run.out)
    for args in (
        ("search", "gpt", "--sort", "price"),
        ("info", "openai", "gpt-4o-mini"),
        ("compare", "openai/gpt-4o-mini", "openai/gpt-4.1"),
    ):
        run = run_cli(*args, env=hostile)
        assert run.code == 0, (args, run.err)
        assert "internal error" not in run.err

    refreshed = hostile_refresh[-1].out  # the reasons are kept and shown
    assert "Left out as malformed (10):" in refreshed
    assert "openai/gpt-4o-mini: field 'cost.input' is nan, not a finite number" in refreshed
    assert "openai/gpt-4.1: field 'limit.output' is -5, a negative figure" in refreshed
    assert "openai/evil[2J: the id holds the control character U+001B" in refreshed
    assert "anthropic: field 'doc' is 'command:workbench.action.terminal.new'" in refreshed


def test_add_auto_on_bad_figures(
    run_cli: RunCli, hostile: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws: Workspace = make_workspace(tmp_path, monkeypatch)
    env = hostile | ws.env
    run = run_cli("config", "add-auto", "--budget", "1000", "-n", "20", "--json", env=env)
    assert run.code == 0, run.err
    assert is_strict_json(run.out), run.out
    shown = run_cli(
        "config", "add-auto", "--budget", "1000", "-n", "20", "--yes", env=env | TERMINAL
    )
    assert shown.code == 0, shown.err
    assert_inert(shown)


def test_duplicate_keys_are_refused(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path
) -> None:
    text = CATALOG_FILE.read_text()
    forged = text.replace('"gpt-4o-mini": {', '"gpt-4o-mini": {"cost": {"input": 99}, ', 1)
    assert forged != text
    modelsdev_server.set_document(forged.encode())
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    run = run_cli("refresh-cache", env=env)
    assert run.code == 1, run.out
    assert "repeats the key 'cost'" in run.err
    assert not list(cache_dir.glob("*.json.gz"))  # nothing stored


def test_a_catalog_that_lost_most_models_is_held_back(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    assert run_cli("refresh-cache", env=env).code == 0  # 24 models cached
    full = json.loads(CATALOG_FILE.read_text())
    modelsdev_server.set_document({"groq": full["groq"]})  # 1 model left

    held = run_cli("refresh-cache", "--force", env=env)
    assert held.code == 1, held.out
    assert "has 1 models where the cached copy has 24 (96% fewer)" in held.err
    assert "--accept-shrink" in held.err
    status = json.loads(run_cli("cache", "status", "--json", env=env).out)
    assert status["models"] == 24  # the good copy stays

    stale = run_cli("search", "gpt", env=env | {"MODELFORGE_CACHE_TTL": "0"})  # refreshes behind
    assert stale.code == 0, stale.err
    assert "held back" in stale.err  # the background refresh says so, without -v

    as_json = run_cli("refresh-cache", "--force", "--json", env=env)
    assert as_json.code == 1 and json.loads(as_json.out)["held_back"] is True

    taken = run_cli("refresh-cache", "--force", "--accept-shrink", env=env)
    assert taken.code == 0, taken.err
    assert json.loads(run_cli("cache", "status", "--json", env=env).out)["models"] == 1
