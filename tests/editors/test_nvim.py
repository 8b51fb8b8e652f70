"""Headless Neovim drives the real server through the plugin in ``editors/nvim`` (DESIGN §6).

Each scenario is a Lua script in ``editors/nvim/tests/`` run in its own
``nvim --headless --clean``: it loads the plugin from this checkout, opens real config files in a
temp dir, collects what Neovim's own LSP client received (``vim.diagnostic.get``,
``vim.lsp.buf_request_sync``, the ``vim.notify`` calls) and writes it as JSON. The assertions
live here. A scenario that cannot collect its facts (a timeout, a Lua error) exits 1 and the test
fails with its stderr and the tail of Neovim's LSP log.

The server runs on the bundled snapshot with a temp cache (``catalog.offline``) and an
unreachable catalog URL, so nothing touches the network. Neovim comes from Debian's ``neovim``
package: ``editors/nvim/install-neovim.sh`` installs it when missing, and a failed install fails
these tests rather than skipping them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import load_snapshot
from tests.editors.nvim_capture import read_capture, render_capture, write_capture

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
NVIM_PLUGIN = REPO / "editors" / "nvim"
SCENARIOS = NVIM_PLUGIN / "tests"
INSTALL_SCRIPT = NVIM_PLUGIN / "install-neovim.sh"
SERVER = Path(sys.executable).parent / "modelforge-lsp"
UNREACHABLE_URL = "http://127.0.0.1:9/api.json"
SCENARIO_TIMEOUT = 60
"""Seconds for one whole Neovim run; the Lua waits time out (20 s) well before it."""

INFO, WARN, ERROR = 2, 3, 4  # vim.log.levels


class VersionSummary:
    """A pytest plugin that names the Neovim under test in the terminal summary."""

    def __init__(self, version: str) -> None:
        self.version = version

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        terminalreporter.write_line(f"editor tests ran on {self.version}")


@pytest.fixture(scope="module")
def nvim(request: pytest.FixtureRequest, record_testsuite_property: Any) -> str:
    """The ``nvim`` executable, installed by ``install-neovim.sh`` when missing."""
    if shutil.which("nvim") is None:
        install = subprocess.run(
            [str(INSTALL_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if install.returncode != 0 or shutil.which("nvim") is None:
            pytest.fail(
                f"Neovim is missing and {INSTALL_SCRIPT.name} could not install it "
                f"(exit {install.returncode}):\n{install.stdout}\n{install.stderr}"
            )
    path = shutil.which("nvim")
    assert path is not None
    version = subprocess.run(
        [path, "--version"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.splitlines()[0]
    print(f"Neovim under test: {version}")
    record_testsuite_property("nvim_version", version)
    manager = request.config.pluginmanager
    if not manager.has_plugin("modelforge-nvim-version"):
        manager.register(VersionSummary(version), "modelforge-nvim-version")
    return path


def run_scenario(
    nvim: str, scenario: str, tmp_path: Path, server: str = str(SERVER), path_env: str = ""
) -> dict[str, Any]:
    """Run ``editors/nvim/tests/<scenario>.lua``; return its JSON facts (fail if it failed)."""
    workdir, cache, home = tmp_path / "work", tmp_path / "cache", tmp_path / "home"
    workdir.mkdir()
    result = tmp_path / "result.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env.update(
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        MODELFORGE_CATALOG_URL=UNREACHABLE_URL,
        MODELFORGE_NVIM_WORKDIR=str(workdir),
        MODELFORGE_NVIM_CACHE=str(cache),
        MODELFORGE_NVIM_SERVER=server,
        MODELFORGE_NVIM_RESULT=str(result),
    )
    if path_env:
        env["PATH"] = path_env
    script = str(SCENARIOS / f"{scenario}.lua").replace(" ", "\\ ")
    command = [nvim, "--headless", "--clean", "-u", str(SCENARIOS / "minimal_init.lua")]
    try:
        done = subprocess.run(
            [*command, "-c", f"luafile {script}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=SCENARIO_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(f"{scenario}.lua did not finish in {SCENARIO_TIMEOUT}s:\n{timeout.stderr!r}")
    if done.returncode != 0 or not result.exists():
        log = home / "cache" / "nvim" / "lsp.log"
        log_tail = log.read_text(errors="replace")[-4000:] if log.exists() else "(no lsp.log)"
        pytest.fail(
            f"{scenario}.lua failed (exit {done.returncode}):\n{done.stderr}\n{done.stdout}\n"
            f"--- lsp.log ---\n{log_tail}"
        )
    facts: dict[str, Any] = json.loads(result.read_text())
    assert facts["ok"] is True, facts
    facts["cache"] = str(cache)
    facts["workdir"] = str(workdir)
    return facts


@pytest.fixture(scope="module")
def anthropic_models() -> set[str]:
    provider = next(p for p in load_snapshot().catalog.providers if p.id == "anthropic")
    return set(provider.models)


def test_diagnostic_on_the_misspelled_model_line(nvim: str, tmp_path: Path) -> None:
    facts = run_scenario(nvim, "diagnostics", tmp_path)
    typos = [d for d in facts["diagnostics"] if d["code"] == "MF302"]
    assert len(typos) == 1, facts["diagnostics"]
    typo = typos[0]
    assert typo["source"] == "modelforge"
    assert (typo["lnum"], typo["col"]) == (facts["model_lnum"], facts["model_col"])
    assert (typo["end_lnum"], typo["end_col"]) == (facts["model_lnum"], facts["model_col"] + 11)
    assert typo["severity"] == 2  # vim.diagnostic.severity.WARN
    assert "gpt-4o-mini" in typo["message"]
    assert facts["filetype"] == "yaml"


def test_completion_offers_the_providers_models_only(
    nvim: str, tmp_path: Path, anthropic_models: set[str]
) -> None:
    facts = run_scenario(nvim, "completion", tmp_path)
    labels = facts["labels"]
    assert labels[0] == "gpt-4o-mini"
    assert facts["providers"] == ["openai"]
    assert not set(labels) & anthropic_models
    assert "$0.15" in facts["first_detail"]
    assert facts["omnifunc"] == "v:lua.vim.lsp.omnifunc"  # <C-x><C-o> asks the server


def test_hover_shows_the_price_as_aligned_lines_unless_tables_are_asked_for(
    nvim: str, tmp_path: Path
) -> None:
    facts = run_scenario(nvim, "hover", tmp_path)
    assert facts["kind"] == "markdown"
    text = facts["text"]
    assert "`gpt-4o-mini`" in text
    assert "|---" not in text and "| input |" not in text  # Neovim's float shows tables raw
    assert "**Price per 1M tokens (USD)**\n```\ninput       $0.15\noutput      $0.60\n" in text
    assert "| input | $0.15 |" in facts["with_tables"]  # hover.tables = true: the table


@pytest.fixture(scope="module")
def keymap(nvim: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_scenario(nvim, "keymap", tmp_path_factory.mktemp("keymap"))


@pytest.fixture(scope="module")
def code_action(nvim: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_scenario(nvim, "code_action", tmp_path_factory.mktemp("code_action"))


def test_k_opens_the_hover_float_and_leaves_a_users_k_alone(keymap: dict[str, Any]) -> None:
    facts = keymap
    assert facts["ours"]["buffer"] == 1
    assert facts["ours"]["desc"] == "ModelForge: hover"
    float_text = "\n".join(facts["float"])
    assert "**GPT-4o mini** `gpt-4o-mini`" in float_text
    assert "input       $0.15" in facts["float"]
    assert "|---" not in float_text
    assert facts["user"] == {"buffer": 0, "rhs": ":echo 'mine'<CR>", "desc": None}


@pytest.fixture(scope="module")
def omni(nvim: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One Neovim run typing each case of ``omni.lua`` and pressing ``<C-x><C-o>``."""
    cases: dict[str, Any] = run_scenario(nvim, "omni", tmp_path_factory.mktemp("omni"))["cases"]
    return cases


@pytest.mark.parametrize(
    ("case", "typed", "first"),
    [
        pytest.param("gpt", "gpt", "gpt-5.5:", id="plain-word"),
        pytest.param("gpt-4o", "gpt-4o", "gpt-4o:", id="dash"),
        pytest.param("gpt-4.1", "gpt-4.1", "gpt-4.1:", id="dot"),
        pytest.param("openrouter", "openai/gpt-4o", "openai/gpt-4o:", id="slash"),
        pytest.param("api_model_name", "gpt-4o-m", "gpt-4o-mini", id="value"),
    ],
)
def test_omni_completion_starts_at_the_whole_model_id(
    omni: dict[str, Any], case: str, typed: str, first: str
) -> None:
    found = omni[case]
    assert found["mode"] == "i"
    assert found["words"], f"<C-x><C-o> after {typed!r} offered nothing"
    assert found["words"][0] == first
    assert all(word.startswith(typed) for word in found["words"])


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        pytest.param("gpt-4o", "Constant", id="model-alias"),
        pytest.param("api_model_name", "Constant", id="model-id-value"),
        pytest.param("provider", "Module", id="provider"),
        pytest.param("field", "Field", id="provider-field"),
        pytest.param("top_key", "Property", id="top-level-key"),
        pytest.param("enum", "EnumMember", id="enum-value"),
    ],
)
def test_completion_kinds_say_what_an_item_is(omni: dict[str, Any], case: str, kind: str) -> None:
    assert omni[case]["kinds"] == [kind]


def test_image_generators_stay_out_of_chat_model_completion(omni: dict[str, Any]) -> None:
    assert not [word for word in omni["gpt"]["words"] if "image" in word]
    assert len(omni["gpt"]["words"]) > 20
    image = omni["gpt-image"]  # typed on purpose: offered, and said to be no chat model
    assert "gpt-image-1:" in image["words"]
    assert all(menu.startswith("image generation, not a chat model") for menu in image["menus"])


def test_accepting_a_provider_inserts_its_block_on_lines_of_its_own(omni: dict[str, Any]) -> None:
    after = omni["provider"]["after"]
    assert after[:6] == [
        "  anthropic:",
        "    llm_type: openai_compatible",
        "    base_url: https://api.anthropic.com/v1/",
        "    auth_strategy: api_key",
        "    models:",
        after[5],
    ]
    assert after[5].startswith("      claude-") and after[5].endswith(":")
    assert not any("\0" in line for line in after)


def test_a_misspelt_llm_type_gets_a_quick_fix(code_action: dict[str, Any]) -> None:
    facts = code_action
    assert "did you mean 'google_genai'?" in facts["message"]
    assert facts["offered"][0] == "Replace with 'google_genai'"
    assert facts["fixed"] == "    llm_type: google_genai"
    assert "MF203" not in facts["codes"]


def test_commands_and_settings_reach_the_server(nvim: str, tmp_path: Path) -> None:
    facts = run_scenario(nvim, "commands", tmp_path)
    assert facts["status_message"]["level"] == INFO
    assert "catalog: bundled snapshot" in facts["status_message"]["message"]
    status = facts["status"]["result"]
    assert status["settings"]["cacheDir"] == facts["cache"]
    assert status["settings"]["offline"] is True
    assert status["documents"] == 1
    assert facts["configuration_requests"][0]["items"] == [{"section": "modelforge"}]
    answer = facts["configuration_requests"][0]["answer"][0]
    assert answer["catalog"] == {
        "offline": True,
        "url": UNREACHABLE_URL,
        "cacheDir": facts["cache"],
    }
    assert facts["ttl_after_setup"] == 7200  # a second setup() re-sent the settings
    refresh = facts["refresh_message"]
    assert refresh["level"] == WARN
    assert "offline mode is on" in refresh["message"]
    assert not [m for m in facts["messages"] if m["level"] >= ERROR]


def test_only_modelforge_files_attach_one_client_per_root(nvim: str, tmp_path: Path) -> None:
    facts = run_scenario(nvim, "attach", tmp_path)
    files, workdir = facts["files"], facts["workdir"]
    for name in ("plain_yaml", "config_outside", "lookalike_dir", "other_name"):
        assert files[name]["attached"] == [], name
        assert files[name]["any_client"] is False, name
    roots = {
        "root1_yaml": f"{workdir}/root1",
        "root1_yml": f"{workdir}/root1",
        "root2_json": f"{workdir}/root2",
        "user_config": f"{workdir}/xdg",
    }
    for name, root in roots.items():
        (client,) = files[name]["attached"]
        assert client["root_dir"] == root, name
        assert client["cmd"] == [str(SERVER)]
    ids = {name: files[name]["attached"][0]["id"] for name in roots}
    assert ids["root1_yaml"] == ids["root1_yml"]
    assert len({ids["root1_yaml"], ids["root2_json"], ids["user_config"]}) == 3
    assert facts["client_count"] == 3
    assert files["root2_json"]["filetype"] == "json"


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """An otherwise empty directory to serve as the whole PATH."""
    path = tmp_path / "bin"
    path.mkdir()
    return path


def test_discovery_finds_modelforge_lsp_on_path(nvim: str, tmp_path: Path, bin_dir: Path) -> None:
    (bin_dir / "modelforge-lsp").symlink_to(SERVER)
    facts = run_scenario(nvim, "discovery", tmp_path, server="", path_env=str(bin_dir))
    assert facts["cmd"] == ["modelforge-lsp"]
    assert facts["second_cmd"] == ["modelforge-lsp"]
    assert not facts["messages"]


def test_discovery_falls_back_to_python_module(nvim: str, tmp_path: Path, bin_dir: Path) -> None:
    python = bin_dir / "python3"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    facts = run_scenario(nvim, "discovery", tmp_path, server="", path_env=str(bin_dir))
    assert facts["cmd"] == ["python3", "-m", "modelforge_lsp"]
    assert not facts["messages"]


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        pytest.param("", "cannot find the language server", id="nothing-on-path"),
        pytest.param("/nonexistent/modelforge-lsp", "`/nonexistent/modelforge-lsp`", id="bad-cmd"),
    ],
)
def test_a_missing_server_is_reported_once(
    nvim: str, tmp_path: Path, bin_dir: Path, server: str, expected: str
) -> None:
    facts = run_scenario(nvim, "discovery", tmp_path, server=server, path_env=str(bin_dir))
    (message,) = facts["messages"]
    assert message["level"] == ERROR
    assert expected in message["message"]
    assert "pip install modelforge-lsp" in message["message"]
    assert facts["client_count"] == 0


def test_the_readme_shows_what_these_tests_see(
    omni: dict[str, Any], keymap: dict[str, Any], code_action: dict[str, Any]
) -> None:
    """README's Neovim capture is rendered from this run's facts; ``MODELFORGE_NVIM_CAPTURE=1``
    writes it there instead of comparing (docs/development.md)."""
    capture = render_capture(omni["gpt-4o"], keymap["float"], code_action)
    if os.environ.get("MODELFORGE_NVIM_CAPTURE") == "1":
        write_capture(README, capture)
    assert read_capture(README) == capture, "regenerate: see docs/development.md"
