"""``search`` and ``info`` into a pipe, offline, import only what they need.

A short command's wall time is mostly imports, so what these two load is pinned: no Rich (the
table and the card are plain text in a pipe, ``cli.plain``), no HTTP stack on an offline read,
no prompts, no YAML, nothing of the editor server or of the config checks, no rapidfuzz (``info``
scores nothing; ``search gpt`` finds only keys that start with the query, whose scores need no
scorer: ``SearchIndex._scores``); and with a disk cache (what any machine has after its first
refresh) nothing of the bundled snapshot either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modelforge_lsp.catalog import ModelsDevCache, load_snapshot

NEVER = [
    "rich",
    "httpx",
    "rapidfuzz",
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
NEVER_FROM_THE_CACHE = [
    "modelforge_lsp.catalog.snapshot",
    "modelforge_lsp.catalog.snapshot_cache",
    "importlib.resources",
]
"""... nor, when the disk cache holds the catalog, these: the snapshot is never read."""

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
@pytest.mark.parametrize("cached", [False, True], ids=["snapshot", "disk-cache"])
def test_search_and_info_stay_lean(tmp_path: Path, args: list[str], cached: bool) -> None:
    cache_dir = tmp_path / "cache"
    never = NEVER + NEVER_FROM_THE_CACHE if cached else NEVER
    if cached:
        cache_dir.mkdir(mode=0o700)
        ModelsDevCache(cache_dir).store(
            load_snapshot().catalog, source_url="test", etag=None, last_modified=None
        )
    _loaded(args, cache_dir, tmp_path / "first.json")  # the first run writes the binary form
    modules = _loaded(args, cache_dir, tmp_path / "modules.json")
    assert "modelforge_lsp.catalog.index" in modules  # the record is real
    loaded = sorted(m for m in modules for n in never if m == n or m.startswith(f"{n}."))
    assert loaded == []
