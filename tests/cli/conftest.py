"""Run the real ``modelforge`` entry point in a subprocess, isolated from the user's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


RunCli = Callable[..., Run]
UNREACHABLE_URL = "http://127.0.0.1:9/api.json"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def run_cli(cache_dir: Path) -> RunCli:
    """``run_cli("search", "gpt", env={...})`` -> exit code, stdout, stderr."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")} | {
            "MODELFORGE_CACHE_DIR": str(cache_dir),
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
        environ |= env or {}
        done = subprocess.run(
            [sys.executable, "-m", "modelforge_lsp.cli", *args],
            capture_output=True,
            text=True,
            env=environ,
            timeout=timeout,
            check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run
