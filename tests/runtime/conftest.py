"""The real ModelForge runtime (``model-forge-llm``), run on configs the tests write.

The runtime lives in a virtual environment of its own (``.runtime/``, made on first use and kept
until its version changes). The two CLIs can now live side by side (``tests/cli/test_coinstall.py``
proves both install orders), but the tests want the runtime exactly as a 2.x user has it, without
our package beside it, and which ``modelforge`` script the project's ``.venv`` ends up with should
not depend on pip's install order.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

BUILD = Path(__file__).with_name("_build.py")
RUNTIME = "model-forge-llm==2.3.0"
RUNTIME_HOME = Path(__file__).parents[2] / ".runtime" / RUNTIME.replace("==", "-")
Build = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def runtime_python() -> Path:
    """The Python of a virtual environment with the runtime installed (installed once)."""
    python = RUNTIME_HOME / "bin" / "python"
    stamp = RUNTIME_HOME / ".installed"
    RUNTIME_HOME.parent.mkdir(parents=True, exist_ok=True)
    # test processes running in parallel (pytest-xdist) build it once, the others wait
    with FileLock(RUNTIME_HOME.with_name(RUNTIME_HOME.name + ".lock"), timeout=1200):
        if not stamp.exists():
            venv = [sys.executable, "-m", "venv", "--clear", str(RUNTIME_HOME)]
            subprocess.run(venv, check=True)
            pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            subprocess.run([*pip, RUNTIME], check=True, timeout=900)
            stamp.write_text(RUNTIME)
    return python


def build_all(
    runtime_python: Path,
    root: Path,
    config: dict[str, Any] | str | None,
    requests: Sequence[tuple[str, str]],
    *,
    env: dict[str, str] | None = None,
    name: str = "config.json",
    files: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """What the runtime makes of each ``(provider, alias)`` in ``requests``, in one fresh process
    (forked from a warm one: ``_build.py --serve``) whose project (``root/project``) holds
    ``config`` as ``.model-forge/<name>`` and whose HOME is ``root/home``.
    ``config=None`` writes no project file (one already there is kept); ``files`` (paths under
    ``root``: ``home/.config/model-forge/config.json``, ``.model-forge/config.json`` in the
    project's parent) are written first."""
    project, home = root / "project", root / "home"
    (project / ".model-forge").mkdir(parents=True, exist_ok=True)
    home.mkdir(exist_ok=True)
    for relative, content in (files or {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content)
    if config is not None:
        text = config if isinstance(config, str) else json.dumps(config)
        (project / ".model-forge" / name).write_text(text)
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MODELFORGE_", "OPENAI_", "OLLAMA_", "GOOGLE_"))
    }
    environ |= {"HOME": str(home), **(env or {})}
    arguments = [part for pair in requests for part in pair]
    answer = _server(runtime_python).ask(
        {"cwd": str(project), "env": environ, "arguments": arguments}
    )
    assert isinstance(answer, list), answer  # {"crash": ...}: the build itself failed
    assert len(answer) == len(requests), answer
    return answer


class _BuildServer:
    """``_build.py --serve``: one process that forks a fresh runtime per request (see there)."""

    def __init__(self, python: Path) -> None:
        self.process = subprocess.Popen(
            [str(python), str(BUILD), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        atexit.register(self.close)

    def ask(self, request: dict[str, Any]) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the build server died"
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)


_SERVERS: dict[Path, _BuildServer] = {}


def _server(python: Path) -> _BuildServer:
    if python not in _SERVERS or _SERVERS[python].process.poll() is not None:
        _SERVERS[python] = _BuildServer(python)
    return _SERVERS[python]


@pytest.fixture
def build(tmp_path: Path, runtime_python: Path) -> Build:
    """``build(config, provider, alias, env={...}, name="config.json", files={...})``: what the
    runtime's ``ModelForgeRegistry().get_llm(provider, alias)`` makes of ``config`` written as the
    project's ``.model-forge/<name>``; ``{"error": ...}`` when it refuses. ``provider`` and
    ``alias`` ``""``: ``get_llm()`` with neither, so the runtime uses ``current_model``.
    ``config=None`` and ``files``: as ``build_all``, under ``tmp_path``."""

    def run(
        config: dict[str, Any] | str | None,
        provider: str,
        alias: str,
        *,
        env: dict[str, str] | None = None,
        name: str = "config.json",
        files: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        request = [(provider, alias)]
        return build_all(
            runtime_python, tmp_path, config, request, env=env, name=name, files=files
        )[0]

    return run
