"""``modelforge discover``: the flag flow through ``run_cli``, the prompts through a real pty."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.cli.conftest import RunCli
from tests.cli.pty_terminal import Terminal
from tests.cli.test_config_add import Workspace, make_workspace


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return make_workspace(tmp_path, monkeypatch)


def load(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text())


# -- the flags: the whole flow without a terminal -----------------------------------------------


def test_flags_run_the_whole_flow(run_cli: RunCli, ws: Workspace) -> None:
    result = run_cli(
        "--offline", "discover", "-p", "openai", "-m", "gpt-4o-mini", "--alias", "mini",
        "--yes", "--set-current", "--json", env=ws.env,
    )  # fmt: skip
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["path"] == str(ws.global_config) and report["created"]
    assert load(ws.global_config) == {
        "providers": {
            "openai": {
                "llm_type": "openai_compatible",
                "base_url": "https://api.openai.com/v1",
                "auth_strategy": "api_key",
                "models": {"mini": {"api_model_name": "gpt-4o-mini"}},
            }
        },
        "current_model": {"provider": "openai", "model": "mini"},
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param([], 2, "pass --provider", id="no-provider"),
        pytest.param(["-p", "openai"], 2, "pass --model", id="no-model"),
        pytest.param(["-p", "openai", "-m", "gpt-4o"], 2, "pass --yes", id="no-confirmation"),
        pytest.param(["-p", "opnai", "--yes"], 1, "did you mean 'openai'", id="provider-typo"),
        pytest.param(["-p", "openai", "-m", "gpt-4o-mnii", "--yes"], 1, "'gpt-4o-mini'", id="typo"),
    ],
)
def test_missing_flags_and_typos(
    run_cli: RunCli, ws: Workspace, args: list[str], code: int, message: str
) -> None:
    result = run_cli("--offline", "discover", *args, env=ws.env)
    assert result.code == code and message in result.err
    assert not ws.global_config.exists()


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("discover", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--yes" in result.out


# -- the prompts: typed into a pseudo-terminal --------------------------------------------------


Start = Callable[[list[str]], Terminal]


@pytest.fixture
def terminal(ws: Workspace, cache_dir: Path) -> Iterator[Start]:
    """``terminal(args)``: the CLI on a pty, in the workspace, offline, isolated like run_cli."""
    started: list[Terminal] = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env |= ws.env | {
        "MODELFORGE_CACHE_DIR": str(cache_dir),
        "MODELFORGE_OFFLINE": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position queries to answer
    }

    def start(args: list[str]) -> Terminal:
        started.append(Terminal(args, env))
        return started[-1]

    yield start
    for each in started:
        each.close()


pty_only = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pty_only
def test_interactive_flow_adds_the_picked_model(terminal: Start, ws: Workspace) -> None:
    term = terminal(["discover"])
    term.expect("Provider (type to filter)")
    term.expect("Anthropic ·")  # the choices show before any key (no Tab needed)
    term.send("anthrop")
    term.expect("Anthropic ·")  # the fuzzy completion menu
    term.send("ic\r")
    term.expect("Model from Anthropic (newest first")
    term.expect("$3.00 / $15.00 per 1M")  # prices beside the models
    term.send("sonet 4.5")  # the catalog's fuzzy search, as `modelforge search` has it
    term.expect("claude-sonnet-4-5 ")
    term.send("\x15claude-sonnet-4-5\r")
    term.expect("Alias in the config")
    term.send("\x15sonnet\r")  # Ctrl-U clears the suggested alias
    term.expect("Add it as 'sonnet'")
    term.send("y")
    assert term.finish() == 0, term.screen
    assert f"Created {ws.global_config}" in term.screen
    assert load(ws.global_config) == {
        "providers": {
            "anthropic": {
                "llm_type": "openai_compatible",
                "base_url": "https://api.anthropic.com/v1/",
                "auth_strategy": "api_key",
                "models": {"sonnet": {"api_model_name": "claude-sonnet-4-5"}},
            }
        }
    }


@pty_only
def test_enter_on_the_model_prompt_takes_the_newest(terminal: Start, ws: Workspace) -> None:
    term = terminal(["discover", "--provider", "openai"])
    term.expect("Model from OpenAI")
    term.send("\r")
    term.expect("Alias in the config")
    term.send("\r")
    term.expect("Add it as '")
    term.send("n")
    assert term.finish() == 1
    assert not ws.global_config.exists()


@pty_only
def test_ctrl_c_aborts_with_130_and_writes_nothing(terminal: Start, ws: Workspace) -> None:
    term = terminal(["discover", "--provider", "openai"])
    term.expect("Model from OpenAI")
    term.send("\x03")
    assert term.finish() == 130
    assert "Aborted." in term.screen
    assert not ws.global_config.exists() and not ws.local_config.exists()


@pty_only
def test_declining_writes_nothing(terminal: Start, ws: Workspace) -> None:
    term = terminal(["discover", "-p", "openai", "-m", "gpt-4o"])
    term.expect("Alias in the config")
    term.send("\r")
    term.expect("Add it as 'gpt-4o'")
    term.send("n")
    assert term.finish() == 1
    assert "error: nothing written (you answered no)" in term.screen
    assert not ws.global_config.exists()


@pty_only
def test_add_auto_choice_is_made_in_the_list(terminal: Start, ws: Workspace) -> None:
    term = terminal(["config", "add-auto", "-u", "cheap", "-p", "openai", "-n", "3"])
    term.expect("Add which model?")
    term.send("\x1b[B")  # down: the second recommendation
    term.send("\r")
    term.expect("Add openai/")  # asks before writing, as discover does
    term.send("y")
    assert term.finish() == 0, term.screen
    second = re.search(r"^2\s+openai/(\S+)", term.screen, re.MULTILINE)
    assert second is not None
    data = load(ws.global_config)
    assert isinstance(data, dict) and list(data["providers"]["openai"]["models"]) == [second[1]]


@pty_only
def test_add_auto_declined_writes_nothing(terminal: Start, ws: Workspace) -> None:
    term = terminal(["config", "add-auto", "-u", "cheap", "-p", "openai", "--pick", "1"])
    term.expect("Add openai/")
    term.send("n")
    assert term.finish() == 1
    assert "error: nothing written (you answered no)" in term.screen
    assert not ws.global_config.exists() and not ws.local_config.exists()
