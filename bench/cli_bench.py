"""CLI figures: ``modelforge search`` and ``modelforge info`` as whole processes, offline.

Run: ``.venv/bin/python bench/cli_bench.py [--runs 15] [--warmup 2] [--against DIR]``

``--against DIR`` times another tree's package too (a checkout or ``git worktree`` holding
``modelforge_lsp/``, put first on ``PYTHONPATH``), its runs taken in turn with this tree's, and
prints both medians side by side: before/after figures from one run at one load.

What a user waits for is the whole process: interpreter start, imports, reading the catalog,
the command, the output. Each command runs as ``modelforge`` itself (the console script beside
this interpreter) with ``MODELFORGE_OFFLINE=1`` and ``MODELFORGE_CACHE_DIR`` pointing at a
temporary cache directory that is warmed first: the bundled snapshot stored with the product's
own writer (a fresh disk cache), then one command run so the binary form exists, as on any
machine after its first command. Stdout goes to a pipe (not a terminal), as in a script; the
first two commands are also timed on a pseudo-terminal (160 columns), where Rich draws the
output and is imported for it.

``PYTHONDONTWRITEBYTECODE`` is removed from the children's environment: users have bytecode
caches, and without them every run compiles the package anew. The machines are shared: compare
medians back to back, and read ``python -c pass`` (interpreter start alone) and the load.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
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


def _environment(cache_dir: Path, tree: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(MODELFORGE_OFFLINE="1", MODELFORGE_CACHE_DIR=str(cache_dir))
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
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


def _piped(command: list[str], env: dict[str, str]) -> int:
    return subprocess.run(command, env=env, capture_output=True, check=False).returncode


def _on_terminal(command: list[str], env: dict[str, str]) -> int:
    """Run ``command`` with stdout and stderr on a pseudo-terminal, reading all it writes."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    child = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
    )
    os.close(follower)
    try:
        while os.read(leader, 65536):
            pass
    except OSError:  # EIO: the child closed the terminal
        pass
    finally:
        os.close(leader)
    return child.wait()


Row = tuple[str, list[str], bool, dict[str, str]]
"""What is shown, the command, whether on a terminal, its environment."""


def _time(rows: list[Row], runs: int, warmup: int) -> list[list[float]]:
    """Wall times per row, the rows taken in turn each round (a shared machine's load drifts
    over a minute; in turns, every command sees the same drift)."""
    samples: list[list[float]] = [[] for _ in rows]
    for turn in range(warmup + runs):
        for (shown, command, terminal, env), times in zip(rows, samples, strict=True):
            started = time.perf_counter()
            code = (_on_terminal if terminal else _piped)(command, env)
            elapsed = time.perf_counter() - started
            if code != 0:
                raise SystemExit(f"{shown} exited {code}")
            if turn >= warmup:
                times.append(elapsed)
    return samples


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--against", type=Path, help="another tree holding modelforge_lsp/")
    args = parser.parse_args()
    if args.against is not None and not (args.against / "modelforge_lsp").is_dir():
        raise SystemExit(f"{args.against} holds no modelforge_lsp/ package")
    modelforge = str(_executable())
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"{args.runs} rounds after {args.warmup} warm-up, commands in turn; load before: {load}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = [("this tree", _environment(Path(tmp) / "cache"))]
        if args.against is not None:  # its own cache: its binary form may be another version
            trees.append((str(args.against), _environment(Path(tmp) / "other", args.against)))
        for _, env in trees:
            _warm(Path(env["MODELFORGE_CACHE_DIR"]), [modelforge, *COMMANDS[0]], env)
        commands: list[tuple[str, list[str], bool]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], False)
        ]
        commands += [(" ".join(("modelforge", *c)), [modelforge, *c], False) for c in COMMANDS]
        commands += [(" ".join(("modelforge", *c, "(terminal)")), [modelforge, *c], True)
                     for c in COMMANDS[:2]]  # fmt: skip
        rows = [(shown, command, tty, e) for shown, command, tty in commands for _, e in trees]
        samples = iter(_time(rows, args.runs, args.warmup))
        print(f"{'command':<58}" + "".join(f" {name[-24:]:>24}" for name, _ in trees))
        print(f"{'':<58}" + f" {'median / p90':>24}" * len(trees))
        for shown, _, _ in commands:
            figures = []
            for _ in trees:
                times = next(samples)
                median, p90 = statistics.median(times), _percentile(times, 0.9)
                figures.append(f"{median * 1000:.0f} / {p90 * 1000:.0f} ms")
            print(f"{shown:<58}" + "".join(f" {figure:>24}" for figure in figures))
    load = " ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"load after: {load}")


if __name__ == "__main__":
    main()
