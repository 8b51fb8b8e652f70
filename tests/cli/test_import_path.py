"""``search`` and ``info`` into a pipe, offline, import only what they need.

A short command's wall time is mostly imports, so what these two load is pinned: no Rich (the
table and the card are plain text in a pipe, ``cli.plain``), no HTTP stack on an offline read,
no prompts, no YAML, nothing of the editor server or of the config checks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEVER = [
    "rich",
    "httpx",
    "questionary",
    "ruamel",
    "pygls",
    "lsprotocol",
    "modelforge_lsp.catalog.client",
    "modelforge_lsp.catalog.diff",
    "modelforge_lsp.catalog.status",
    "modelforge_lsp.config",
    "modelforge_lsp.server",
]
"""Modules (and their sub-modules) that neither command may load."""

PROBE = """
import atexit, json, sys
record = sys.argv[1]
atexit.register(lambda: open(record, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["modelforge", *sys.argv[2:]]
from modelforge_lsp.cli.main import main
main()
"""


def _loaded(args: list[str], cache_dir: Path, record: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MODELFORGE_", "FORCE_"))}
    env |= {"MODELFORGE_CACHE_DIR": str(cache_dir), "MODELFORGE_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(record), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the command printed nothing"
    modules: list[str] = json.loads(record.read_text(encoding="utf-8"))
    return modules


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["search", "gpt", "-n", "3"], id="search"),
        pytest.param(["info", "openai/gpt-4o"], id="info"),
    ],
)
def test_search_and_info_stay_lean(tmp_path: Path, args: list[str]) -> None:
    cache_dir = tmp_path / "cache"
    _loaded(args, cache_dir, tmp_path / "first.json")  # the first run writes the binary form
    modules = _loaded(args, cache_dir, tmp_path / "modules.json")
    assert "modelforge_lsp.catalog.index" in modules  # the record is real
    loaded = sorted(m for m in modules for n in NEVER if m == n or m.startswith(f"{n}."))
    assert loaded == []
