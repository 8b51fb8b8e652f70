"""The real ModelForge runtime (``model-forge-llm``), run on configs the tests write.

The runtime lives in a virtual environment of its own (``.runtime/``, made on first use and kept
until its version changes): installed next to us, model-forge-llm 2.3.0 replaces our ``modelforge``
console script with its own, so the project's ``.venv`` must not hold it until the two CLIs can
live side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

BUILD = Path(__file__).with_name("_build.py")
RUNTIME = "model-forge-llm==2.3.0"
RUNTIME_HOME = Path(__file__).parents[2] / ".runtime" / RUNTIME.replace("==", "-")
Build = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def runtime_python() -> Path:
    """The Python of a virtual environment with the runtime installed (installed once)."""
    python = RUNTIME_HOME / "bin" / "python"
    stamp = RUNTIME_HOME / ".installed"
    if not stamp.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(RUNTIME_HOME)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, RUNTIME], check=True, timeout=900)
        stamp.write_text(RUNTIME)
    return python


@pytest.fixture
def build(tmp_path: Path, runtime_python: Path) -> Build:
    """``build(config, provider, alias, env={...}, name="config.json")``: what the runtime's
    ``ModelForgeRegistry().get_llm(provider, alias)`` makes of ``config`` written as the
    project's ``.model-forge/<name>``; ``{"error": ...}`` when it refuses. ``provider`` and
    ``alias`` ``""``: ``get_llm()`` with neither, so the runtime uses ``current_model``."""

    def run(
        config: dict[str, Any] | str,
        provider: str,
        alias: str,
        *,
        env: dict[str, str] | None = None,
        name: str = "config.json",
    ) -> dict[str, Any]:
        project, home = tmp_path / "project", tmp_path / "home"
        (project / ".model-forge").mkdir(parents=True, exist_ok=True)
        home.mkdir(exist_ok=True)
        text = config if isinstance(config, str) else json.dumps(config)
        (project / ".model-forge" / name).write_text(text)
        environ = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("MODELFORGE_", "OPENAI_", "OLLAMA_", "GOOGLE_"))
        }
        environ |= {"HOME": str(home), **(env or {})}
        done = subprocess.run(
            [str(runtime_python), str(BUILD), provider, alias],
            cwd=project,
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    return run
