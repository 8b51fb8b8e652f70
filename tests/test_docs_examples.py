"""Every command example in README.md and docs/*.md runs, offline, and exits as the page shows.

An example is a line of a fenced ``sh``/``bash``/``shell`` block that runs ``modelforge``,
``mforge`` or ``modelforge-lsp`` (each ``&&`` part on its own; ``\\`` continuations joined), or a
``$ `` line of a ``console`` block. It runs through bash, as a reader would paste it, with the
installed scripts first on PATH, in a temp project directory with a temp HOME and cache and
``MODELFORGE_OFFLINE=1``; ``/tmp/`` in it points into the temp directory.

It must exit 0 -- unless a ``console`` block shows an ``error:`` line under it, then non-zero --
and where a ``console`` block shows output, its ``✓``/``error:`` lines must be in what the command
printed. Output is otherwise not compared: the CLI's wording may change, the exit code may not.

Examples that need something first get it from ``SETUPS`` (matched on the command, first match
wins): a config in the project or the user's directory, a 2.x ``config.json`` or legacy
``models.json`` to migrate, the fake models.dev on 127.0.0.1 instead of offline mode for
``refresh-cache``, answers typed into a pseudo-terminal for interactive commands. The few that
cannot run here say why (``skip``) and where they are tested instead.

All examples run once, a few at a time, in a module fixture; each is then its own test.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.fake_modelsdev import FakeModelsDev

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
TIMEOUT = 60
WORKERS = 3

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_COMMAND = re.compile(r"^(?:\.venv/bin/)?(?:modelforge|mforge|modelforge-lsp)(?:\s|$)")
_SHELL_LANGUAGES = {"sh", "bash", "shell"}


@dataclass(frozen=True, slots=True)
class Example:
    page: str
    line: int
    command: str
    shown: tuple[str, ...] = ()
    """What a ``console`` block shows under the command."""

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def shows_error(self) -> bool:
        return any(line.startswith("error:") for line in self.shown)


def _examples_in(page: Path) -> Iterator[Example]:
    text = page.read_text(encoding="utf-8")
    name = str(page.relative_to(ROOT))
    for block in _FENCE.finditer(text):
        language, body = block.group(1), block.group(2)
        first_line = text.count("\n", 0, block.start(2)) + 1
        lines = body.splitlines()
        if language == "console":
            yield from _console_examples(name, first_line, lines)
        elif language in _SHELL_LANGUAGES:
            yield from _shell_examples(name, first_line, lines)


def _shell_examples(name: str, first_line: int, lines: list[str]) -> Iterator[Example]:
    pending, start = "", 0
    for offset, line in enumerate(lines):
        if not pending:
            start = first_line + offset
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        for part in (pending + line).split("&&"):
            command = part.strip()
            if _COMMAND.match(command):
                yield Example(name, start, re.sub(r"^\.venv/bin/", "", command))
        pending = ""


def _console_examples(name: str, first_line: int, lines: list[str]) -> Iterator[Example]:
    for offset, line in enumerate(lines):
        if not line.startswith("$ ") or not _COMMAND.match(line[2:]):
            continue
        shown = []
        for after in lines[offset + 1 :]:
            if after.startswith("$ "):
                break
            shown.append(after.strip())
        yield Example(name, first_line + offset, line[2:].strip(), tuple(shown))


def all_examples() -> list[Example]:
    return [example for page in PAGES for example in _examples_in(page)]


# -- what examples need first -----------------------------------------------------------------

CONFIG: dict[str, object] = {
    "providers": {
        "openai": {
            "llm_type": "openai_compatible",
            "auth_strategy": "api_key",
            "models": {"gpt-4o-mini": {}, "gpt-4o": {}},
        },
        "anthropic": {
            "llm_type": "openai_compatible",
            "base_url": "https://api.anthropic.com/v1/",
            "auth_strategy": "api_key",
            "models": {"sonnet": {"api_model_name": "claude-sonnet-4-5"}},
        },
    },
    "current_model": {"provider": "openai", "model": "gpt-4o-mini"},
}
"""A config ModelForge's runtime accepts and ``config validate`` finds nothing in, holding every
name the docs' ``config use``/``remove`` examples pick (``sonnet``, ``openai/gpt-4o`` ...)."""
CONFIG_YAML = """\
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      gpt-4o-mini: {}
      gpt-4o: {}
  anthropic:
    llm_type: openai_compatible
    base_url: https://api.anthropic.com/v1/
    auth_strategy: api_key
    models:
      sonnet:
        api_model_name: claude-sonnet-4-5
current_model:
  provider: openai
  model: gpt-4o-mini
"""
CONFIG_JSON = json.dumps(CONFIG, indent=4) + "\n"
PROJECT, USER = ".model-forge", "~/.config/model-forge"


@dataclass(frozen=True, slots=True)
class Setup:
    files: dict[str, str] = field(default_factory=dict)
    """``dir/name`` -> text; ``dir`` is ``PROJECT`` (under the project) or ``USER``."""
    network: bool = False
    """Serve the catalog from the fake models.dev instead of offline mode."""
    answers: tuple[tuple[str, str], ...] = ()
    """Run on a pseudo-terminal: wait for each prompt word (any case), then type the keys."""
    skip: str | None = None


BOTH_CONFIGS = {f"{PROJECT}/config.yaml": CONFIG_YAML, f"{USER}/config.yaml": CONFIG_YAML}
SETUPS: list[tuple[str, Setup]] = [
    (r"^modelforge-lsp --tcp", Setup(skip="listens until stopped; tests/server/test_tcp.py")),
    (r"^modelforge auth ", Setup(skip="the runtime's own command; tests/cli/test_coinstall.py")),
    (r"refresh-cache", Setup(network=True)),
    (r"config migrate \S*models\.json", Setup(files={f"{USER}/models.json": CONFIG_JSON})),
    (r"config migrate", Setup(files={f"{PROJECT}/config.json": CONFIG_JSON})),
    (r"config validate \S*config\.json", Setup(files={f"{PROJECT}/config.json": CONFIG_JSON})),
    (r"^(modelforge|mforge) config (validate|show|use|remove)", Setup(files=BOTH_CONFIGS)),
    (
        r"^modelforge discover$",
        Setup(answers=(("provider", "openai\r"), ("model", "gpt-4o-mini\r"), ("alias", "\r"))),
    ),
    (r"^modelforge discover --provider \S+$", Setup(answers=(("model", "\r"), ("alias", "\r")))),
    (r"^modelforge config add-auto (?!.*(--pick|--yes|--json))", Setup(answers=(("pick", "1\r"),))),
]
CONFIRM = "(y/n)"
"""Commands ask before they write; a reader running the example answers yes."""


def setup_for(example: Example) -> Setup:
    for pattern, setup in SETUPS:
        if re.search(pattern, example.command):
            return setup
    return Setup()


# -- running ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int
    output: str


def _environment(base: Path, catalog_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env.update(
        HOME=str(base / "home"),
        XDG_CONFIG_HOME=str(base / "home" / ".config"),
        XDG_CACHE_HOME=str(base / "home" / ".cache"),
        MODELFORGE_CACHE_DIR=str(base / "cache"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        COLUMNS="120",
    )
    if catalog_url is None:
        env["MODELFORGE_OFFLINE"] = "1"
    else:
        env["MODELFORGE_CATALOG_URL"] = catalog_url
    return env


def _prepare(base: Path, setup: Setup) -> Path:
    project = base / "project"
    project.mkdir(parents=True)
    for name, text in setup.files.items():
        path = Path(name.replace("~", str(base / "home"), 1))
        target = path if path.is_absolute() else project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return project


def warm_cache(base: Path) -> Path:
    """A cache directory holding the bundled snapshot's binary copy, as after a first run: each
    example starts from a copy, so it loads the catalog as a user's second command does."""
    cache = base / "cache"
    cache.mkdir(mode=0o700)
    env = _environment(base, None) | {"MODELFORGE_CACHE_DIR": str(cache)}
    subprocess.run(
        [str(BIN / "modelforge"), "-q", "cache", "status"],
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return cache


def run_example(
    example: Example, base: Path, catalog_url: str, cache: Path | None = None
) -> Outcome:
    setup = setup_for(example)
    project = _prepare(base, setup)
    if cache is not None:
        shutil.copytree(cache, base / "cache")
    env = _environment(base, catalog_url if setup.network else None)
    command = example.command.replace("/tmp/", f"{base}/")
    if command.startswith("modelforge-lsp"):  # a server: stdin is the client, here at EOF
        return _run_detached(command, project, env)
    return _run_on_terminal(command, project, env, setup.answers)


def _run_detached(command: str, project: Path, env: dict[str, str]) -> Outcome:
    try:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as expired:
        return Outcome(-1, f"did not finish in {TIMEOUT}s: {expired.stderr!r}")
    return Outcome(done.returncode, done.stdout + done.stderr)


_CURSOR_QUERY = b"\x1b[6n"
"""prompt_toolkit asks where the cursor is and waits for the answer; a real terminal replies."""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[>=()][0-9A-Za-z]?|\r")


class _Screen:
    """``bash -c command`` on a pseudo-terminal, as a reader at a terminal runs the example."""

    def __init__(self, command: str, project: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
        self.process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=project,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.raw = b""
        self.queries = 0

    @property
    def text(self) -> str:
        return _ANSI.sub("", self.raw.decode("utf-8", "replace"))

    @property
    def searchable(self) -> str:
        """The text in lower case without line breaks: a prompt naming a long path wraps
        (``config.yaml? (Y/`` on one line, ``n)`` on the next), the longer under xdist."""
        return self.text.lower().replace("\n", "")

    def pump(self, timeout: float) -> bool:
        """Read what arrived (answering cursor queries); False once the terminal is closed."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.raw += chunk
        while self.raw.count(_CURSOR_QUERY) > self.queries:
            self.queries += 1
            os.write(self.master, b"\x1b[1;1R")
        return bool(chunk)

    def wait_for(self, prompt: str, after: int, deadline: float) -> int:
        """Where ``prompt`` (lower case) shows after ``after``; -1 if the command ended first."""
        while time.monotonic() < deadline:
            found = self.searchable.find(prompt, after)
            if found >= 0:
                return found
            if not self.pump(0.05) or self.process.poll() is not None:
                self.pump(0)
                return self.searchable.find(prompt, after)
        return -1

    def settle(self, quiet: float, deadline: float) -> None:
        """Wait until nothing has arrived for ``quiet`` seconds: the prompt has drawn itself
        (and loaded its list) and takes keys. A fixed pause lost keys on a loaded machine."""
        while time.monotonic() < deadline:
            before = len(self.raw)
            if not self.pump(quiet) or len(self.raw) == before:
                return

    def finish(self, deadline: float) -> int:
        while self.process.poll() is None and time.monotonic() < deadline:
            self.pump(0.05)
        while self.pump(0.05) and select.select([self.master], [], [], 0)[0]:
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
            return -1
        return self.process.returncode

    def close(self) -> None:
        os.close(self.master)


def _run_on_terminal(
    command: str, project: Path, env: dict[str, str], answers: tuple[tuple[str, str], ...]
) -> Outcome:
    """Type ``answers`` as their prompts appear; any confirmation left is answered yes."""
    screen = _Screen(command, project, env)
    deadline = time.monotonic() + TIMEOUT
    try:
        seen = 0
        for prompt, keys in answers:
            found = screen.wait_for(prompt, seen, deadline)
            if found < 0:
                break  # the CLI asked fewer questions: let it finish
            seen = found + len(prompt)
            screen.settle(0.3, deadline)
            os.write(screen.master, keys.encode())
        while (found := screen.wait_for(CONFIRM, seen, deadline)) >= 0:
            seen = found + len(CONFIRM)
            screen.settle(0.3, deadline)
            os.write(screen.master, b"y\r")
        return Outcome(screen.finish(deadline), screen.text)
    finally:
        screen.close()


EXAMPLES = all_examples()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    cache = warm_cache(tmp_path_factory.mktemp("warm"))
    with FakeModelsDev() as fake, ThreadPoolExecutor(WORKERS) as pool:
        url = fake.url_for("/api.json")
        futures = {
            example.id: pool.submit(run_example, example, tmp_path_factory.mktemp("ex"), url, cache)
            for example in EXAMPLES
            if setup_for(example).skip is None
        }
        return {name: future.result() for name, future in futures.items()}


def test_the_docs_have_examples_of_every_command_family() -> None:
    commands = " ".join(example.command for example in EXAMPLES)
    for family in ("search", "info", "compare", "config validate", "config add", "modelforge-lsp"):
        assert family in commands, family
    assert len({example.id for example in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_runs_as_shown(example: Example, outcomes: dict[str, Outcome]) -> None:
    setup = setup_for(example)
    if setup.skip is not None:
        pytest.skip(setup.skip)
    outcome = outcomes[example.id]
    where = f"{example.id}: {example.command}\n--- output ---\n{outcome.output[-3000:]}"
    if example.shows_error:
        assert outcome.code not in (0, -1), where
    else:
        assert outcome.code == 0, where
    for line in example.shown:
        if line.startswith(("✓", "error:")):
            assert line in outcome.output, where


def test_a_wrong_example_would_fail(tmp_path: Path) -> None:
    """The harness tells a failing example apart: an unknown model exits 1, on the terminal."""
    wrong = Example("docs/x.md", 1, "modelforge info openai gpt-4oo")
    outcome = run_example(wrong, tmp_path, "http://127.0.0.1:9/api.json")
    assert outcome.code == 1
    assert "gpt-4o" in outcome.output  # the did-you-mean reached the screen


def test_the_yaml_and_json_configs_agree() -> None:
    assert json.loads(json.dumps(YAML(typ="safe").load(CONFIG_YAML))) == CONFIG
