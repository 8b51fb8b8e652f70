"""Both ``modelforge`` CLIs installed into one environment, in either order (issue 9, item 6).

ModelForge's runtime (``model-forge-llm``) and we both install a ``modelforge`` script, and pip
lets the last install win. These tests put the real runtime and our package, built from the
working tree, into one virtual environment (``.runtime/coinstall-…``, made once and kept like
tests/runtime's: only our wheel is rebuilt and reinstalled, ``--no-deps``) and switch the order
of installs: ours last (``modelforge`` is ours and hands the runtime's commands to it), the
runtime last (``modelforge`` is the runtime's, ``mforge`` ours), and the runtime uninstalled
(one line says how to install it). Every command runs with a temporary HOME, so the runtime
never touches the user's config.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from modelforge_lsp.cli.main import cli
from modelforge_lsp.cli.runtime_cli import HANDED_OVER, INSTALL_HINT, PASSTHROUGH, SECTION

RUNTIME = "model-forge-llm==2.3.0"  # the runtime tests/runtime pins
ROOT = Path(__file__).parents[2]
ENV_HOME = ROOT / ".runtime" / f"coinstall-{RUNTIME.replace('==', '-')}"
OURS = sorted(cli.lazy_commands)
RUNTIME_WORDS = sorted([*HANDED_OVER, PASSTHROUGH])
OUR_BLURB = "Browse the models.dev catalog"
RUNTIME_BLURB = "ModelForge CLI for managing LLM configurations."

# What the runtime's own CLI prints for each command's --help (one process: the runtime's
# imports take seconds), and its top-level command names.
EXPECTED = """
import contextlib, io, json, sys
from modelforge.cli import cli
helps = {}
for prog, words in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main([*words, "--help"], prog_name=prog, standalone_mode=False)
    helps[" ".join([prog, *words])] = out.getvalue()
print(json.dumps({"commands": sorted(cli.commands), "helps": helps}))
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


class Coinstall:
    """The shared environment and the order in which the two packages were last installed."""

    def __init__(self, home: Path, wheel: Path) -> None:
        self.bin = home / "bin"
        self.wheel = wheel
        self.runtime_wheels = home / "wheels"
        self.state: str | None = None  # unknown at the start of a session: install ours first
        self.has_runtime = any(home.glob("lib/python*/site-packages/model_forge_llm-*.dist-info"))

    def pip(self, *args: str) -> None:
        quiet = ["--quiet", "--disable-pip-version-check", "--no-input"]
        subprocess.run([str(self.bin / "python"), "-m", "pip", *args, *quiet], check=True)

    def _install_ours(self) -> None:
        self.pip("install", "--no-deps", "--force-reinstall", "--no-index", str(self.wheel))

    def _install_runtime(self) -> None:
        wheels = ["--no-index", "--find-links", str(self.runtime_wheels)]
        self.pip("install", "--force-reinstall", "--no-deps", *wheels, RUNTIME)
        self.has_runtime = True

    def ours_last(self) -> None:
        if self.state != "ours-last":
            if not self.has_runtime:
                self._install_runtime()
            self._install_ours()
            self.state = "ours-last"

    def runtime_last(self) -> None:
        if self.state != "runtime-last":
            if self.state in (None, "no-runtime"):
                self._install_ours()
            self._install_runtime()
            self.state = "runtime-last"

    def without_runtime(self) -> None:
        """Ours alone: the runtime uninstalled (which takes whichever ``modelforge`` script is
        there with it), then ours reinstalled."""
        if self.state != "no-runtime":
            if self.has_runtime:
                self.pip("uninstall", "--yes", "model-forge-llm")
                self.has_runtime = False
            self._install_ours()
            self.state = "no-runtime"

    def run(self, home: Path, program: str, *args: str) -> Run:
        """``program args...`` from this environment's bin/, HOME and the catalog cache in
        ``home``, offline, from an empty project directory."""
        environ = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("MODELFORGE_", "XDG_", "VIRTUAL_ENV", "PYTHON", "OPENAI_"))
        }
        environ |= {
            "HOME": str(home),
            "MODELFORGE_CACHE_DIR": str(home / "cache"),
            "MODELFORGE_OFFLINE": "1",
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        project = home / "project"
        project.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [str(self.bin / program), *args],
            cwd=project,
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)


def _wanted() -> str:
    """What the cached environment holds; a change (a dependency of ours) rebuilds it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return json.dumps([RUNTIME, "hatchling", *sorted(project["dependencies"])])


@pytest.fixture(scope="session")
def coinstall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coinstall]:
    """The environment, built once (the runtime, our dependencies, hatchling to build our
    wheel), and our wheel built from the working tree for this session."""
    ENV_HOME.parent.mkdir(exist_ok=True)
    with FileLock(f"{ENV_HOME}.lock", timeout=1200):
        stamp, python = ENV_HOME / ".installed", ENV_HOME / "bin" / "python"
        if not stamp.exists() or stamp.read_text() != _wanted():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(ENV_HOME)], check=True)
            pip = [str(python), "-m", "pip", "--disable-pip-version-check", "--quiet"]
            requirements = json.loads(_wanted())
            subprocess.run([*pip, "install", *requirements], check=True, timeout=1200)
            wheels = ["download", "--no-deps", "-d", str(ENV_HOME / "wheels"), RUNTIME]
            subprocess.run([*pip, *wheels], check=True, timeout=600)
            stamp.write_text(_wanted())
        dist = tmp_path_factory.mktemp("wheel")
        build = ["wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist)]
        subprocess.run([str(python), "-m", "pip", *build, "--quiet", str(ROOT)], check=True)
        yield Coinstall(ENV_HOME, next(dist.glob("modelforge_lsp-*.whl")))


@pytest.fixture
def ours_last(coinstall: Coinstall) -> Coinstall:
    coinstall.ours_last()
    return coinstall


@pytest.fixture
def runtime_last(coinstall: Coinstall) -> Coinstall:
    coinstall.runtime_last()
    return coinstall


@pytest.fixture
def no_runtime(coinstall: Coinstall) -> Coinstall:
    coinstall.without_runtime()
    return coinstall


@pytest.fixture(scope="session")
def runtime_facts(coinstall: Coinstall, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The runtime's own answers, asked of it directly: its command names and the --help of
    each command we hand over, under the names ours prints them with."""
    coinstall.ours_last()
    asked = [["modelforge", []], ["modelforge", ["auth"]], ["modelforge", ["models"]]]
    asked += [["modelforge runtime", []], ["mforge", ["auth"]]]
    home = tmp_path_factory.mktemp("home")
    done = coinstall.run(home, "python", "-c", EXPECTED, json.dumps(asked))
    assert done.code == 0, done.err
    return json.loads(done.out.strip().splitlines()[-1])


def _section(help_text: str, title: str) -> list[str]:
    """The command names listed under ``title:`` in a click help page."""
    body = help_text.split(f"\n{title}:\n", 1)[1]
    names = []
    for line in body.splitlines():
        if not line.strip():
            break
        if match := re.match(r"  (\S+)  ", line):
            names.append(match.group(1))
    return names


# -- the command names, against the real runtime ------------------------------------------------


def test_the_runtime_has_exactly_the_commands_we_hand_over(runtime_facts: Any) -> None:
    """A runtime release that adds or drops a top-level command fails here, and so would a
    command of ours that took a runtime command's name."""
    assert set(HANDED_OVER).isdisjoint(OURS)
    assert PASSTHROUGH not in OURS
    assert sorted(set(runtime_facts["commands"]) - set(OURS)) == sorted(HANDED_OVER)
    assert "config" in runtime_facts["commands"]  # shared: the runtime's via `runtime config`


# -- ours installed last ------------------------------------------------------------------------


def test_ours_last_modelforge_is_ours_and_lists_the_runtime_commands(
    ours_last: Coinstall, tmp_path: Path
) -> None:
    done = ours_last.run(tmp_path, "modelforge", "--help")
    assert done.code == 0, done.err
    assert done.out.startswith("Usage: modelforge ")
    assert OUR_BLURB in done.out
    assert _section(done.out, "Commands") == OURS
    assert sorted(_section(done.out, SECTION)) == RUNTIME_WORDS
    assert "Not installed" not in done.out


@pytest.mark.parametrize("words", [["auth"], ["models"], [PASSTHROUGH]])
def test_ours_last_the_runtime_commands_answer_as_the_runtime(
    ours_last: Coinstall, runtime_facts: Any, tmp_path: Path, words: list[str]
) -> None:
    """``modelforge auth --help`` is the runtime's own help, word for word (each runtime start
    costs seconds: every handed-over name is routed in the no-runtime tests below)."""
    done = ours_last.run(tmp_path, "modelforge", *words, "--help")
    assert done.code == 0, done.err
    assert done.out == runtime_facts["helps"][" ".join(["modelforge", *words])]


def test_ours_last_settings_show_runs_the_runtimes_command(
    ours_last: Coinstall, tmp_path: Path
) -> None:
    done = ours_last.run(tmp_path, "modelforge", "settings", "show")
    assert done.code == 0, done.err
    assert "Current ModelForge Settings:" in done.out
    assert "show_telemetry: True" in done.out


def test_ours_last_runtime_passthrough_reaches_the_runtimes_config_add(
    ours_last: Coinstall, tmp_path: Path
) -> None:
    """``config`` is a command of both; ``modelforge runtime config add`` is the runtime's (it
    stores the key in the user config, which our ``config add`` never does)."""
    key = "sk-" + "a1" * 24  # the shape the runtime insists on for openai
    words = ["config", "add", "--provider", "openai", "--model", "mini", "--api-key", key]
    done = ours_last.run(tmp_path, "modelforge", "runtime", *words)
    assert done.code == 0, done.err
    written = json.loads((tmp_path / ".config" / "model-forge" / "config.json").read_text())
    assert "mini" in written["providers"]["openai"]["models"]
    assert written["providers"]["openai"]["auth_data"]["api_key"] == key


def test_ours_last_exit_codes_and_errors_are_the_runtimes(
    ours_last: Coinstall, tmp_path: Path
) -> None:
    usage = ours_last.run(tmp_path, "modelforge", "auth", "login")
    assert usage.code == 2
    assert "Usage: modelforge auth login" in usage.err
    assert "Missing option '--provider'" in usage.err
    words = ["runtime", "config", "add", "--provider", "bad name!", "--model", "x"]
    refused = ours_last.run(tmp_path, "modelforge", *words)
    assert refused.code == 1
    assert "Traceback" not in refused.err
    assert refused.err.startswith("error: Invalid provider name: 'bad name!'; ")
    assert len(refused.err.strip().splitlines()) == 1


def test_ours_last_mforge_is_ours(ours_last: Coinstall, tmp_path: Path) -> None:
    done = ours_last.run(tmp_path, "mforge", "--help")
    assert done.code == 0, done.err
    assert done.out.startswith("Usage: mforge ")
    assert _section(done.out, "Commands") == OURS


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["cache", "path"]])
def test_our_commands_never_import_the_runtime(
    ours_last: Coinstall, tmp_path: Path, args: list[str]
) -> None:
    """The runtime is installed (so an eager import would find it), yet our own commands load
    none of it: its imports cost seconds."""
    done = ours_last.run(
        tmp_path, "python", "-X", "importtime", str(ours_last.bin / "mforge"), *args
    )
    assert done.code == 0, done.err
    loaded = {line.rsplit("|", 1)[1].strip() for line in done.err.splitlines() if "|" in line}
    assert "modelforge_lsp.cli.main" in loaded  # the listing was read
    assert sorted(n for n in loaded if n == "modelforge" or n.startswith("modelforge.")) == []


def test_nothing_of_ours_takes_the_runtimes_module_name(
    ours_last: Coinstall, tmp_path: Path
) -> None:
    """``import modelforge`` is the runtime's package wherever ours is installed or run from."""
    script = (
        "import importlib.metadata as m, importlib.util as u, json; print(json.dumps({"
        "'origin': u.find_spec('modelforge').origin,"
        "'ours': [str(f) for f in m.files('modelforge-lsp')],"
        "'runtime': [str(f.locate()) for f in m.files('model-forge-llm')]}))"
    )
    done = ours_last.run(tmp_path, "python", "-c", script)
    assert done.code == 0, done.err
    found = json.loads(done.out)
    assert found["origin"] in found["runtime"]
    tops = {Path(name).parts[0] for name in found["ours"]}
    assert tops.isdisjoint({"modelforge", "modelforge.py"})
    assert {"../../../bin/modelforge", "../../../bin/mforge"} <= set(found["ours"])
    assert not (ROOT / "modelforge").exists()
    assert not (ROOT / "modelforge.py").exists()


# -- the runtime installed last -----------------------------------------------------------------


def test_runtime_last_modelforge_is_the_runtimes(
    runtime_last: Coinstall, runtime_facts: Any, tmp_path: Path
) -> None:
    done = runtime_last.run(tmp_path, "modelforge", "--help")
    assert done.code == 0, done.err
    assert RUNTIME_BLURB in done.out
    assert OUR_BLURB not in done.out
    assert done.out == runtime_facts["helps"]["modelforge"]


def test_runtime_last_mforge_is_ours_with_every_command(
    runtime_last: Coinstall, tmp_path: Path
) -> None:
    done = runtime_last.run(tmp_path, "mforge", "--help")
    assert done.code == 0, done.err
    assert done.out.startswith("Usage: mforge ")
    assert _section(done.out, "Commands") == OURS
    assert sorted(_section(done.out, SECTION)) == RUNTIME_WORDS
    found = runtime_last.run(tmp_path, "mforge", "search", "gpt-4o-mini", "--limit", "3")
    assert found.code == 0, found.err
    assert "gpt-4o-mini" in found.out


def test_runtime_last_mforge_hands_over_too(
    runtime_last: Coinstall, runtime_facts: Any, tmp_path: Path
) -> None:
    done = runtime_last.run(tmp_path, "mforge", "auth", "--help")
    assert done.code == 0, done.err
    assert done.out == runtime_facts["helps"]["mforge auth"]


# -- the runtime not installed ------------------------------------------------------------------


NO_RUNTIME_WORDS = [["auth", "status"], ["models"], ["settings", "show"], ["status"], ["test"]]


@pytest.mark.parametrize("words", [*NO_RUNTIME_WORDS, ["runtime", "config", "show"]])
def test_without_the_runtime_one_line_says_how_to_install_it(
    no_runtime: Coinstall, tmp_path: Path, words: list[str]
) -> None:
    """Every word we hand over reaches the hand-over (which here finds no runtime)."""
    done = no_runtime.run(tmp_path, "modelforge", *words)
    assert done.code == 1
    assert done.out == ""
    assert done.err.startswith(f"error: `modelforge {words[0]}` needs ModelForge's runtime")
    assert done.err.rstrip().endswith(INSTALL_HINT)
    assert len(done.err.strip().splitlines()) == 1


def test_without_the_runtime_help_says_how_to_install_it(
    no_runtime: Coinstall, tmp_path: Path
) -> None:
    done = no_runtime.run(tmp_path, "modelforge", "--help")
    assert done.code == 0, done.err
    assert sorted(_section(done.out, SECTION)) == RUNTIME_WORDS
    assert f"Not installed in this environment: {INSTALL_HINT}" in done.out
