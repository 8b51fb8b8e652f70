"""CLI figures: ``modelforge search`` and ``modelforge info`` as whole processes, offline.

Run: ``.venv/bin/python bench/cli_bench.py [--runs 15] [--warmup 2]``

What a user waits for is the whole process: interpreter start, imports, reading the catalog,
the command, the output. Each command runs as ``modelforge`` itself (the console script beside
this interpreter) with ``MODELFORGE_OFFLINE=1`` and ``MODELFORGE_CACHE_DIR`` pointing at a
temporary cache directory that is warmed first: the bundled snapshot stored with the product's
own writer (a fresh disk cache), then one command run so the binary form exists, as on any
machine after its first command. Stdout goes to a pipe (not a terminal), as in a script.

``PYTHONDONTWRITEBYTECODE`` is removed from the children's environment: users have bytecode
caches, and without them every run compiles the package anew. The machines are shared: compare
medians back to back, and read ``python -c pass`` (interpreter start alone) and the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from modelforge_lsp.catalog import ModelsDevCache
from modelforge_lsp.catalog.snapshot import load_snapshot

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("search", "gpt", "-n", "3"),
    ("info", "openai/gpt-4o"),
    ("search", "claude sonet 4.5"),
    ("search", "--provider", "openai", "-c", "vision", "--sort", "price"),
    ("info", "openai/gpt-4o", "--json"),
)


def _executable() -> Path:
    script = Path(sys.executable).with_name("modelforge")
    if not script.exists():
        raise SystemExit(f"no {script}: install the project (pip install -e .) first")
    return script


def _environment(cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(MODELFORGE_OFFLINE="1", MODELFORGE_CACHE_DIR=str(cache_dir))
    return env


def _warm(cache_dir: Path, command: list[str], env: dict[str, str]) -> None:
    """A fresh disk cache from the bundled snapshot, then one run that writes the binary form."""
    cache_dir.mkdir(mode=0o700)
    ModelsDevCache(cache_dir).store(
        load_snapshot().catalog, source_url="bench", etag=None, last_modified=None
    )
    subprocess.run(command, env=env, check=True, capture_output=True)
    if not any(cache_dir.glob("*.bin")):
        raise SystemExit(f"no binary form in {cache_dir} after a warm-up run")


def _time(command: list[str], env: dict[str, str], runs: int, warmup: int) -> list[float]:
    samples = []
    for turn in range(warmup + runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr!r}")
        if turn >= warmup:
            samples.append(elapsed)
    return samples


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    modelforge = str(_executable())
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"{args.runs} runs per command after {args.warmup} warm-up; load before: {load}")
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp) / "cache"
        env = _environment(cache_dir)
        _warm(cache_dir, [modelforge, *COMMANDS[0]], env)
        print(f"{'command':<58} {'median':>8} {'p90':>8}")
        rows: list[tuple[tuple[str, ...], list[str]]] = [
            (("python", "-c", "pass"), [sys.executable, "-c", "pass"])
        ]
        rows += [(("modelforge", *command), [modelforge, *command]) for command in COMMANDS]
        for shown, command in rows:
            samples = _time(command, env, args.runs, args.warmup)
            median, p90 = statistics.median(samples), _percentile(samples, 0.9)
            print(f"{' '.join(shown):<58} {median * 1000:6.0f} ms {p90 * 1000:6.0f} ms")
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"load after: {load}")


if __name__ == "__main__":
    main()
