"""The real ModelForge runtime (``model-forge-llm``), run on configs the tests write."""

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
Build = Callable[..., dict[str, Any]]


@pytest.fixture
def build(tmp_path: Path) -> Build:
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
            [sys.executable, str(BUILD), provider, alias],
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
