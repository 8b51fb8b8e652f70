"""A config at the size limit: how long its diagnostics take, and what other documents wait.

Run: ``.venv/bin/python bench/big_config_bench.py [--models 50000] [--rounds 5]``.

Writes a config of ``--models`` models (about 2.1 MB at 50,000: 20 gateway providers the
catalog does not know, each with 2,500 models named like catalog ids), starts the real
``modelforge-lsp`` (offline, a fresh cache directory) with a small config open beside it, and
prints:

* open -> first publish of the big config, then ``--rounds`` typos, each change -> the publish
  that flags it (median and worst);
* meanwhile, a hover on the small config every 20 ms: median, p99 and worst latency while the
  big one is being checked (the target: every one within 150 ms);
* ``modelforge config validate`` on the big file as a whole process (median of 3).

Figures, not a test: the machine is shared, so quote medians and compare runs taken together.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peer.session import Server, Session, collector_paused

SMALL = """\
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      gpt-4o-mini: {}
"""
PER_PROVIDER = 2_500


def big_config(models: int) -> str:
    from modelforge_lsp.catalog import load_snapshot

    ids = sorted(
        {
            model.id.replace(":", "-").replace("/", "-").replace("@", "-")
            for provider in load_snapshot().catalog.providers
            for model in provider.models.values()
        }
    )
    lines = ["providers:"]
    for start in range(0, models, PER_PROVIDER):
        gateway = start // PER_PROVIDER
        lines += [
            f"  gateway_{gateway}:",
            "    llm_type: openai_compatible",
            f"    base_url: https://gateway{gateway}.example.com/v1",
            "    auth_strategy: api_key",
            "    models:",
        ]
        count = min(PER_PROVIDER, models - start)
        lines += [f"      {ids[i % len(ids)]}-{gateway}-{i}: {{}}" for i in range(count)]
    lines.append("current_model: {provider: gateway_0, model: MARKER}")
    return "\n".join(lines) + "\n"


async def hovering(session: Session, uri: str, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await session.hover(uri, 5, 10)
        samples.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)


def summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{label:44} median {statistics.median(ordered) * 1000:7.0f} ms   p99 {p99 * 1000:7.0f} ms"
        f"   worst {ordered[-1] * 1000:7.0f} ms   (n={len(ordered)})"
    )


async def run(models: int, rounds: int, work: Path) -> Path:
    text = big_config(models)
    root = work / "project"
    (root / ".model-forge").mkdir(parents=True)
    path = root / ".model-forge" / "config.yaml"
    path.write_text(text)
    small = root / "other" / ".model-forge" / "config.yaml"
    small.parent.mkdir(parents=True)
    small.write_text(SMALL)
    print(f"config: {models:,} models, {text.count(chr(10)):,} lines, {len(text.encode()):,} bytes")
    options = {"catalog": {"offline": True, "cacheDir": str(work / "cache")}}
    server = Server(
        "modelforge-lsp",
        (str(Path(sys.executable).with_name("modelforge-lsp")),),
        initialization_options=options,
        sections={"modelforge": options},
    )
    session = Session(server)
    await session.spawn()
    await session.initialize(root)
    await session.initialized()
    small_uri, uri = small.as_uri(), path.as_uri()
    session.open(small_uri, SMALL)
    await session.hover(small_uri, 5, 10)  # the catalog is loaded from here on
    with collector_paused():  # the harness's own collections are not the server's time
        hovers: list[float] = []
        stop = asyncio.Event()
        crowd = asyncio.ensure_future(hovering(session, small_uri, hovers, stop))
        started = time.perf_counter()
        session.open(uri, text)
        await session.publish_after(uri, 0, lambda params: True)
        opened = time.perf_counter() - started
        lines = text.split("\n")
        changes = []
        for version in range(2, rounds + 2):
            marker = f"missing-{version}"
            lines[-2] = f"current_model: {{provider: gateway_0, model: {marker}}}"
            seen = session.seen(uri)
            started = time.perf_counter()
            session.change(uri, version, "\n".join(lines))
            await session.publish_after(
                uri, seen, lambda params, m=marker: any(m in d.message for d in params.diagnostics)
            )
            changes.append(time.perf_counter() - started)
        stop.set()
        await crowd
    await session.stop()
    print(f"{'open -> first publish':44} {opened * 1000:7.0f} ms")
    print(summary("change -> publish (a typo on the last line)", changes))
    print(summary("small config's hover meanwhile", hovers))
    return path


def validate(path: Path, runs: int = 3) -> None:
    command = [str(Path(sys.executable).with_name("modelforge")), "config", "validate", str(path)]
    env = {**os.environ, "MODELFORGE_OFFLINE": "1", "MODELFORGE_CACHE_DIR": str(path.parent)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    label = "modelforge config validate (whole process)"
    print(f"{label:44} median {statistics.median(times):7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="modelforge-big-") as directory:
        path = asyncio.run(run(args.models, args.rounds, Path(directory)))
        validate(path)


if __name__ == "__main__":
    main()
