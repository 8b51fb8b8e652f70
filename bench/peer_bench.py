"""Our server and Red Hat's yaml-language-server, side by side, in one run.

Run: ``.venv/bin/python bench/peer_bench.py`` (installs the peer from npm into ``bench/.peer/``
on first use; needs ``node`` and ``npm``). Options: ``--requests 200`` per figure,
``--sizes 50,500,5000`` models per generated config, ``--spawns 10`` start-ups per server.

Both servers get the same documents (``lsp_bench.generate_config``: real catalog ids, about 50,
500 and every one of the bundled catalog's ~4,800 models), on disk under a temporary
workspace, and the same requests, one at a time:

* completion: a ``didChange`` that types a model prefix on a new line under ``models:``, then
  ``textDocument/completion`` there;
* hover: on a model alias;
* diagnostics: a ``didChange`` that misspells one alias, then the time until the server pushes
  diagnostics that flag that alias (each server's own debounce included);
* spawn -> ``initialize`` answered, and spawn -> first completion answered (handshake, open,
  completion on a small config): ``--spawns`` fresh processes each, after one more that is
  left out of the table and printed below it: the first start, ours on the run's empty cache
  dir (it parses the snapshot's JSON and writes its binary form then, once per cache dir, as
  after an install; left in, it was the p99 of every run);
* peak RSS: ``VmHWM`` of the server process after each size's run.

Ours runs offline from the bundled snapshot with a fresh cache dir; the peer gets the best JSON
Schema a user could generate from the same catalog (``peer/schema.py``) through ``yaml.schemas``,
with the schema store off (no network). Prints the markdown table kept in ``RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from lsp_bench import generate_config, misspell, peak_rss_mib
from lsprotocol import types
from peer.schema import schema_for
from peer.session import Server, Session, collector_paused
from peer.table import Row, render

from modelforge_lsp import __version__
from modelforge_lsp.catalog import load_snapshot

HERE = Path(__file__).resolve().parent
PEER_HOME = HERE / ".peer"
PEER_PACKAGE = "yaml-language-server@~1.25.0"
PEER_MAIN = PEER_HOME / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
PREFIXES = ["gpt", "claude", "gem", "llama", "mistral", "o3", "qwen", "deep"]
FIGURES = ("completion", "hover", "diagnostics", "rss", "initialize", "first completion")
TARGETS = {"completion": 0.5, "hover": 1.0, "diagnostics": 0.5, "start": 1.0, "rss": 0.5}


def install_peer() -> str:
    """yaml-language-server 1.25.x in ``bench/.peer`` (npm, once); returns its version."""
    package_json = PEER_MAIN.parent.parent / "package.json"
    if not package_json.exists():
        PEER_HOME.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(PEER_HOME), PEER_PACKAGE],
            check=True,
            stdout=sys.stderr,
        )
    return str(json.loads(package_json.read_text())["version"])


def servers(work: Path) -> tuple[Server, Server]:
    """Ours (offline, a fresh cache dir) and the peer (with the generated schema)."""
    options = {"catalog": {"offline": True, "cacheDir": str(work / "cache")}}
    ours = Server(
        "modelforge-lsp",
        (str(Path(sys.executable).with_name("modelforge-lsp")),),
        initialization_options=options,
        sections={"modelforge": options},
    )
    schema = work / "modelforge.schema.json"
    schema.write_text(json.dumps(schema_for(list(load_snapshot().catalog.providers))))
    yaml = {
        "schemas": {schema.as_uri(): ["**/.model-forge/config.yaml"]},
        "validate": True,
        "hover": True,
        "completion": True,
        "schemaStore": {"enable": False},
        "format": {"enable": False},
    }
    peer = Server(
        "yaml-language-server",
        ("node", str(PEER_MAIN), "--stdio"),
        sections={"yaml": yaml, "http": {}, "[yaml]": {}, "editor": {}},
        announce_settings=True,
    )
    return ours, peer


def flags(line: int, marker: str) -> Callable[[types.PublishDiagnosticsParams], bool]:
    """Accepts a publish with a diagnostic on ``line`` that names ``marker``."""
    return lambda params: any(
        d.range.start.line == line and marker in d.message for d in params.diagnostics
    )


async def start(server: Server, root: Path, uri: str, text: str) -> Session:
    session = Session(server)
    await session.spawn()
    await session.initialize(root)
    await session.initialized()
    session.open(uri, text)
    return session


async def run_size(
    server: Server, root: Path, model_count: int, requests: int
) -> dict[str, list[float]]:
    """Completion, hover and diagnostics samples (seconds) and peak RSS (MiB) on one config."""
    text, alias_lines = generate_config(model_count)
    path = root / ".model-forge" / "config.yaml"
    path.write_text(text)
    uri, lines = path.as_uri(), text.split("\n")
    session = await start(server, root, uri, text)
    version = 1

    async def typo_round(i: int) -> float:
        nonlocal version
        version += 1
        line = alias_lines[(i * 104729) % len(alias_lines)]
        marker = f"zq{i}q"
        edited = list(lines)
        edited[line] = misspell(edited[line], marker)
        seen = session.seen(uri)
        started = time.perf_counter()
        session.change(uri, version, "\n".join(edited))
        await session.publish_after(uri, seen, flags(line, marker))
        return time.perf_counter() - started

    samples: dict[str, list[float]] = {"completion": [], "hover": [], "diagnostics": []}
    await typo_round(requests)  # warm-up, untimed: the schema (or catalog) is in use from here
    with collector_paused():  # the harness's own collections are not the server's time
        for i in range(requests):
            line = alias_lines[(i * 7919) % len(alias_lines)]
            started = time.perf_counter()
            answer = await session.hover(uri, line, 8)
            samples["hover"].append(time.perf_counter() - started)
            if answer is None:
                raise RuntimeError(f"{server.name}: no hover on line {line}")
        insert_at = alias_lines[-1] + 1
        for i in range(requests):
            version += 1
            typed = f"      {PREFIXES[i % len(PREFIXES)]}"
            session.change(uri, version, "\n".join([*lines[:insert_at], typed, *lines[insert_at:]]))
            started = time.perf_counter()
            await session.completion(uri, insert_at, len(typed))
            samples["completion"].append(time.perf_counter() - started)
        samples["diagnostics"] = [await typo_round(i) for i in range(requests)]
    samples["rss"] = [peak_rss_mib(session.pid) or 0.0]
    await session.stop()
    return samples


async def run_startups(server: Server, root: Path, spawns: int) -> dict[str, list[float]]:
    """Spawn -> ``initialize`` answered, and spawn -> first completion answered, over
    ``spawns`` fresh processes after one more: the first start (``first initialize``, ``first
    completion start``), left out of the table's samples and printed apart."""
    text, alias_lines = generate_config(50)
    lines = text.split("\n")
    at = alias_lines[-1] + 1
    typed = "      gpt"
    text = "\n".join([*lines[:at], typed, *lines[at:]])
    path = root / ".model-forge" / "config.yaml"
    path.write_text(text)
    uri = path.as_uri()
    initialize, completion = [], []
    with collector_paused():
        for _ in range(spawns + 1):  # the first left out: ours, on an empty cache dir
            session = Session(server)
            await session.spawn()
            await session.initialize(root)
            initialize.append(time.perf_counter() - session.started)
            await session.initialized()
            session.open(uri, text)
            answer = await session.completion(uri, at, len(typed))
            completion.append(time.perf_counter() - session.started)
            items = answer.items if isinstance(answer, types.CompletionList) else answer
            if not items:
                raise RuntimeError(f"{server.name}: the first completion was empty: {answer}")
            await session.stop()
    return {
        "initialize": initialize[1:],
        "first completion": completion[1:],
        "first initialize": initialize[:1],
        "first completion start": completion[:1],
    }


Figures = dict[str, dict[str, list[float]]]
"""Per server: ``"start"`` or a size -> figure -> samples."""


def rows_for(sizes: list[int], ours: Figures, peer: Figures) -> list[Row]:
    rows = []
    for size in sizes:
        text, alias_lines = generate_config(size)
        label = f"{len(alias_lines):,} models, {text.count(chr(10)):,} lines"
        key = str(size)
        for figure, title in (
            ("completion", "completion"),
            ("hover", "hover"),
            ("diagnostics", "diagnostics (change -> publish)"),
        ):
            rows.append(
                Row(f"{title}, {label}", ours[key][figure], peer[key][figure], TARGETS[figure])
            )
    for figure in ("initialize", "first completion"):
        rows.append(
            Row(f"spawn -> {figure} answered", ours["start"][figure], peer["start"][figure], 1.0)
        )
    for size in sizes:
        key = str(size)
        rows.append(
            Row(f"peak RSS, {size:,}-model run", ours[key]["rss"], peer[key]["rss"], 0.5, "MB")
        )
    return rows


async def run(requests: int, sizes: list[int], spawns: int, only: str | None) -> None:
    peer_version = install_peer()
    with tempfile.TemporaryDirectory(prefix="modelforge-peer-") as tmp:
        work = Path(tmp)
        root = work / "workspace"
        (root / ".model-forge").mkdir(parents=True)
        results: dict[str, Figures] = {}
        keys = ["start", *map(str, sizes)]
        # Figure by figure, ours then the peer's: the two runs of one figure are minutes apart
        # at most, so a shared machine's load weighs on both alike.
        pair = servers(work)
        for key in keys:
            for server in pair:
                figures = results.setdefault(server.name, {})
                if only and server.name != only:
                    figures[key] = {figure: [] for figure in FIGURES}
                    continue
                print(f"{server.name}: {key} ...", file=sys.stderr)
                if key == "start":
                    figures[key] = await run_startups(server, root, spawns)
                else:
                    figures[key] = await run_size(server, root, int(key), requests)
    node = subprocess.run(
        ["node", "--version"], check=False, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.node()} ({platform.machine()}); "
        f"modelforge-lsp {__version__} (Python {platform.python_version()}); "
        f"yaml-language-server {peer_version} (node {node}); "
        f"{requests} requests per figure, {spawns} spawns per start-up figure"
    )
    print()
    print(render(rows_for(sizes, results["modelforge-lsp"], results["yaml-language-server"])))
    print()
    for name, figures in results.items():
        start = figures.get("start", {})
        if (initialized := start.get("first initialize")) and (
            completed := start.get("first completion start")
        ):
            print(
                f"{name}, its first start (left out of the table; ours on an empty cache dir): "
                f"initialize {initialized[0] * 1000:.0f} ms, "
                f"first completion {completed[0] * 1000:.0f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--spawns", type=int, default=10)
    parser.add_argument(
        "--only", choices=["modelforge-lsp", "yaml-language-server"], help="run one server"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    asyncio.run(run(args.requests, sizes, args.spawns, args.only))


if __name__ == "__main__":
    main()
