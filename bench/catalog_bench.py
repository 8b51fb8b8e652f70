"""Catalog figures: load time from the bundled snapshot and from the disk cache, search latency.

Run: ``.venv/bin/python bench/catalog_bench.py [--runs N]``. Prints medians (and p99 for
search); these machines are shared and noisy, so compare medians and ratios, not single runs.
Each load runs in a fresh interpreter-free state: the snapshot and cache objects are rebuilt
every run, so nothing is memoised between runs.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource, ModelsDevCache
from modelforge_lsp.catalog.snapshot import load_snapshot

QUERIES = [
    "claude sonet 4.5", "gpt4o mini", "gemni 2.5 pro", "sonnet", "llama 3.3 70b", "o3",
    "deepseek r1", "mistral large", "qwen coder", "grok 4", "haiku", "gpt-5 codex",
    "kimi k2", "glm 4.6", "command r plus", "phi 4", "nova pro", "gemma 3 27b",
]  # fmt: skip


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms"


def _p99_ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"{ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000:8.2f} ms"


def bench_loads(runs: int) -> None:
    snapshot_times, cache_times, source_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp) / "cache"
        ModelsDevCache(cache_dir).store(
            load_snapshot().catalog, source_url="bench", etag=None, last_modified=None
        )
        for _ in range(runs):
            started = time.perf_counter()
            load_snapshot()
            snapshot_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            loaded = ModelsDevCache(cache_dir).load()
            cache_times.append(time.perf_counter() - started)
            assert loaded is not None

            started = time.perf_counter()
            catalog = CatalogSource(CatalogSettings(cache_dir=cache_dir, offline=True)).load()
            source_times.append(time.perf_counter() - started)
            assert catalog.provenance.origin == "cache"
    models = loaded.catalog.model_count
    print(f"catalog: {len(loaded.catalog.providers)} providers, {models} models; {runs} runs")
    print(f"load from bundled snapshot (parse)   median {_median_ms(snapshot_times)}")
    print(f"load from disk cache (verify+parse)  median {_median_ms(cache_times)}")
    print(f"load_catalog path, fresh cache       median {_median_ms(source_times)}")
    ratio = statistics.median(snapshot_times) / statistics.median(cache_times)
    print(f"ratio snapshot / cache               {ratio:8.2f}x")


def bench_search(runs: int) -> None:
    """Wall time, and this thread's CPU time (``time.thread_time``): on a shared box the wall
    p99 is mostly the scheduler, the CPU p99 is the search. Each run's catalog is frozen
    (``gc.freeze``) once its index is built, as the server freezes its own, so that no
    collection walks the catalog mid-search here either."""
    providers = load_snapshot().catalog.providers
    samples: dict[str, tuple[list[float], list[float]]] = {
        "cold": ([], []),
        "warm": ([], []),
        "scoped": ([], []),
    }
    rng = random.Random(7)

    def timed(kind: str, query: str, provider: str | None = None) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        catalog.search(query, provider=provider, limit=20)
        samples[kind][0].append(time.perf_counter() - wall)
        samples[kind][1].append(time.thread_time() - cpu)

    for _ in range(runs):
        catalog = Catalog(providers)
        catalog.search("warm up the lazy index")
        catalog.search("warm up", provider="openrouter")
        gc.freeze()  # as the server does once its catalog is loaded (server._rebuild_catalog)
        for query in rng.sample(QUERIES, len(QUERIES)):
            timed("cold", query)
            timed("warm", query)
            timed("scoped", query, "openrouter")
    cold = samples["cold"][0]
    for label, kind in [
        (f"search, full catalog, uncached ({len(cold)} queries)", "cold"),
        ("search, one provider (openrouter), uncached", "scoped"),
        ("search, repeated query (LRU hit)", "warm"),
    ]:
        wall, cpu = samples[kind]
        print(
            f"{label:46} median {_median_ms(wall)}   p99 {_p99_ms(wall)}"
            f"   cpu median {_median_ms(cpu)}   cpu p99 {_p99_ms(cpu)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bench_loads(args.runs)
    bench_search(args.runs)


if __name__ == "__main__":
    main()
