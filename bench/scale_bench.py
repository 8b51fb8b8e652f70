"""Catalog figures at 5k, 20k and 100k models: start-up, search, completion, memory, growth.

Run: ``.venv/bin/python bench/scale_bench.py [--sizes 5000 20000 100000] [--server]``

For each size a synthetic models.dev catalog (``synthetic_catalog.py``, seed 7) is stored in a
cache directory with the product's own writer, then:

* **index ready**: a fresh interpreter loads the catalog the way the CLI and the server do
  (``CatalogSource(offline).load()``) and builds the full search index; wall time from spawn,
  cold (JSON: no binary form yet) and warm (the binary form the cold run wrote), with the
  child's own split (imports / load / index) and its peak RSS;
* **search**: full-catalog ``Catalog.search`` per query, uncached (the LRU cleared before each),
  p50/p99 over the bench queries and ids typed with typos from the catalog itself; and scoped
  to the largest provider;
* **completion**: the pure ``config.assist.complete`` at a model key under the largest provider
  and at a provider key (provider blocks), p50/p99, first call apart (it builds that provider's
  index); the catalog frozen first (``gc.freeze``) as the server freezes its own, so that no
  collection walks the 100k models mid-request;
* with ``--server``: the real ``modelforge-lsp`` over stdio with that cache directory: spawn ->
  ``initialize`` answered, -> first completion answered, completion p99, peak RSS (VmHWM).

The last table gives how each figure grows per step (4x, then 5x the models). The machines are
shared: compare medians and ratios, and read ``calibration`` (a fixed CPU loop) to see how
loaded the box was.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import itertools

from catalog_bench import QUERIES
from synthetic_catalog import seed_cache, synthetic_catalog

from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource
from modelforge_lsp.config.assist import complete
from modelforge_lsp.config.syntax import Position

CHILD = """
import resource, sys, time, json
started = time.perf_counter()
from modelforge_lsp.catalog import CatalogSettings, CatalogSource
from pathlib import Path
imported = time.perf_counter()
catalog = CatalogSource(CatalogSettings(cache_dir=Path(sys.argv[1]), offline=True)).load()
loaded = time.perf_counter()
catalog.search("warm up")
ready = time.perf_counter()
print(json.dumps({"import": imported - started, "load": loaded - imported,
    "index": ready - loaded, "models": catalog.model_count,
    "origin": catalog.provenance.origin,
    "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def calibration() -> float:
    """Seconds for a fixed CPU loop (about 0.02 s on an idle core of these machines)."""
    started = time.perf_counter()
    sum(range(1_000_000))
    return time.perf_counter() - started


def spawn_ready(cache_dir: Path) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(cache_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    figures: dict[str, float] = json.loads(done.stdout)
    figures["wall"] = time.perf_counter() - started
    return figures


def typos(catalog: Catalog, count: int, rng: random.Random) -> list[str]:
    ids = sorted({m.id.rsplit("/", 1)[-1] for m in catalog.models()})
    queries = []
    for model_id in rng.sample(ids, count):
        chars = list(model_id)
        at = rng.randrange(len(chars))
        del chars[at]  # a dropped letter
        queries.append("".join(chars)[: rng.randint(3, max(3, len(chars)))])
    return queries


def timed_searches(catalog: Catalog, queries: list[str], provider: str | None) -> list[float]:
    samples = []
    for query in queries:
        catalog._search_cache.clear()  # uncached: every query computed
        started = time.perf_counter()
        catalog.search(query, provider=provider, limit=20)
        samples.append(time.perf_counter() - started)
    return samples


def completion_figures(catalog: Catalog, provider: str) -> dict[str, float]:
    prefixes = ["gpt", "claude", "gem", "llama", "mistral", "o3", "qwen", "deep", "g", "", "k"]
    head = ["providers:", f"  {provider}:", "    llm_type: openai_compatible", "    models:"]
    first, models, blocks = 0.0, [], []
    for i in range(120):
        prefix = prefixes[i % len(prefixes)] + ("" if i < len(prefixes) else str(i % 7))
        text = "\n".join([*head, f"      {prefix}", ""])
        catalog._search_cache.clear()
        started = time.perf_counter()
        complete(text, Position(4, 6 + len(prefix)), catalog)
        elapsed = time.perf_counter() - started
        if i == 0:
            first = elapsed
        else:
            models.append(elapsed)
    for i in range(30):
        prefix = ["", "o", "an", "gro", "azu", "open"][i % 6]
        text = f"providers:\n  {prefix}\n"
        catalog._search_cache.clear()
        started = time.perf_counter()
        complete(text, Position(1, 2 + len(prefix)), catalog)
        blocks.append(time.perf_counter() - started)
    return {
        "first": first,
        "p50": statistics.median(models),
        "p99": percentile(models, 0.99),
        "providers_first": blocks[0],
        "providers_p99": percentile(blocks[1:], 0.99),
    }


async def server_figures(cache_dir: Path, provider: str) -> dict[str, float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    uri = "file:///bench/.model-forge/config.yaml"
    head = ["providers:", f"  {provider}:", "    llm_type: openai_compatible", "    models:"]
    client = LanguageClient("modelforge-scale-bench", "1")
    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "modelforge_lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"catalog": {"offline": True, "cacheDir": str(cache_dir)}},
        )
    )
    initialize = time.perf_counter() - started
    client.initialized(types.InitializedParams())
    text = "\n".join([*head, "      gpt", ""])
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    doc = types.TextDocumentIdentifier(uri)
    await client.text_document_completion_async(types.CompletionParams(doc, types.Position(4, 9)))
    first = time.perf_counter() - started
    samples = []
    for i in range(60):
        prefix = ["gpt", "cla", "gem", "lla", "mis", "qwe", "dee"][i % 7] + str(i % 5)
        text = "\n".join([*head, f"      {prefix}", ""])
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=i + 2, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        began = time.perf_counter()
        await client.text_document_completion_async(
            types.CompletionParams(doc, types.Position(4, 6 + len(prefix)))
        )
        samples.append(time.perf_counter() - began)
    assert client._server is not None
    rss = 0.0
    for line in Path(f"/proc/{client._server.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) / 1024
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {
        "initialize": initialize,
        "first_completion": first,
        "p50": statistics.median(samples),
        "p99": percentile(samples, 0.99),
        "rss_mib": rss,
    }


def one_size(size: int, work: Path, with_server: bool) -> dict[str, object]:
    cache_dir = work / f"cache-{size}"
    if not (cache_dir / "models-dev-api.v1.meta.json").exists():
        started = time.perf_counter()
        seed_cache(synthetic_catalog(size), cache_dir)
        print(f"  {size}: generated and stored in {time.perf_counter() - started:.1f} s")
    for stale in cache_dir.glob("*.bin"):
        stale.unlink()  # the cold run parses the JSON and writes the binary form
    cold = spawn_ready(cache_dir)
    warm = min((spawn_ready(cache_dir) for _ in range(3)), key=lambda f: f["wall"])
    catalog = CatalogSource(CatalogSettings(cache_dir=cache_dir, offline=True)).load()
    catalog.search("warm up")
    gc.freeze()  # as the server does once its catalog is loaded (server._rebuild_catalog)
    biggest = max(catalog.providers, key=lambda p: len(p.models)).id
    rng = random.Random(size)
    queries = [*QUERIES, *typos(catalog, 40, rng)]
    full = timed_searches(catalog, queries * 2, None)
    scoped = timed_searches(catalog, queries, biggest)
    figures: dict[str, object] = {
        "size": size,
        "providers": len(catalog.providers),
        "biggest": f"{biggest} ({len(catalog.provider(biggest).models)})",  # type: ignore[union-attr]
        "cold": cold,
        "warm": warm,
        "search_p50": statistics.median(full),
        "search_p99": percentile(full, 0.99),
        "scoped_p99": percentile(scoped, 0.99),
        "completion": completion_figures(catalog, biggest),
    }
    if with_server:
        figures["server"] = asyncio.run(server_figures(cache_dir, biggest))
    return figures


def ms(seconds: object) -> str:
    return f"{float(seconds) * 1000:8.1f}"  # type: ignore[arg-type]


def report(rows: list[dict[str, object]]) -> None:
    print(f"calibration loop: {calibration() * 1000:.0f} ms (about 20 ms when idle)")
    print("models   providers  ready cold  ready warm  (load  index)  RSS MiB  search p50/p99"
          "  scoped p99  compl. first/p50/p99  provider keys first/p99")  # fmt: skip
    for row in rows:
        cold, warm = row["cold"], row["warm"]
        comp = row["completion"]
        assert isinstance(cold, dict)
        assert isinstance(warm, dict)
        assert isinstance(comp, dict)
        print(
            f"{row['size']:>6} {row['providers']:>10} {ms(cold['wall'])} ms {ms(warm['wall'])} ms"
            f" ({ms(warm['load'])} {ms(warm['index'])}) {warm['rss_mib']:7.0f}"
            f"  {ms(row['search_p50'])} /{ms(row['search_p99'])}  {ms(row['scoped_p99'])}"
            f"  {ms(comp['first'])} /{ms(comp['p50'])} /{ms(comp['p99'])}"
            f"  {ms(comp['providers_first'])} /{ms(comp['providers_p99'])}"
        )
        if "server" in row:
            server = row["server"]
            assert isinstance(server, dict)
            print(
                f"{'':>6} server: initialize {ms(server['initialize'])} ms, first completion "
                f"{ms(server['first_completion'])} ms, completion p50 {ms(server['p50'])} / "
                f"p99 {ms(server['p99'])} ms, peak RSS {server['rss_mib']:.0f} MiB"
            )
    print("growth per step (x models -> x time)")
    for before, after in itertools.pairwise(rows):
        factor = int(after["size"]) / int(before["size"])  # type: ignore[call-overload]

        def ratio(
            pick: str, before: dict[str, object] = before, after: dict[str, object] = after
        ) -> str:
            return f"{_pick(after, pick) / _pick(before, pick):5.2f}"

        print(
            f"  {before['size']} -> {after['size']} ({factor:.0f}x): ready warm "
            f"{ratio('warm.wall')}, load {ratio('warm.load')}, index {ratio('warm.index')}, "
            f"RSS {ratio('warm.rss_mib')}, search p99 {ratio('search_p99')}, completion p99 "
            f"{ratio('completion.p99')}"
        )


def _pick(row: dict[str, object], path: str) -> float:
    value: object = row
    for part in path.split("."):
        assert isinstance(value, dict)
        value = value[part]
    return float(value)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 100000])
    parser.add_argument("--server", action="store_true", help="also drive the real server")
    parser.add_argument("--work", type=Path, help="keep the generated caches here (reused)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="modelforge-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        rows.append(one_size(size, work, args.server))
        print(json.dumps(rows[-1], default=str))
    report(rows)


if __name__ == "__main__":
    main()
