"""A child process for ``test_cache``'s concurrency test: refresh the shared cache in a loop.

Usage: ``python _cache_worker.py DIRECTORY WORKER_ID SECONDS API_JSON [STOP]``: stores at least
``MIN_STORES`` times however slow the machine is, then until SECONDS have passed or the file
STOP exists (the reader makes it once it has seen enough stores). Each store adds a provider
``marker`` whose name equals the etag of that store, so a reader can tell whether the data and
metadata it got were written together. Prints the etag of its last store.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from modelforge_lsp.catalog.cache import ModelsDevCache
from modelforge_lsp.catalog.models import ParsedCatalog, ProviderInfo, parse_catalog

MIN_STORES = 12


def main(directory: str, worker_id: str, seconds: str, api_json: str, stop: str = "") -> None:
    catalog = parse_catalog(json.loads(Path(api_json).read_text()))
    cache = ModelsDevCache(Path(directory), lock_timeout=10)
    deadline = time.monotonic() + float(seconds)
    count, tag = 0, ""
    while count < MIN_STORES or (
        time.monotonic() < deadline and not (stop and Path(stop).exists())
    ):
        count += 1
        tag = f"w{worker_id}-{count}" + "x" * (count % 7)  # vary the size too
        marked = ParsedCatalog((*catalog.providers, ProviderInfo(id="marker", name=tag)))
        cache.store(marked, source_url="https://models.dev/api.json", etag=tag, last_modified=None)
    print(tag)


if __name__ == "__main__":
    main(*sys.argv[1:])
