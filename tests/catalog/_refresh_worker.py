"""A child process for ``test_source``: one blocking refresh of a shared cache; prints the status.

Usage: ``python _refresh_worker.py CACHE_DIR URL``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from modelforge_lsp.catalog import CatalogSettings, CatalogSource


def main(cache_dir: str, url: str) -> None:
    outcome = CatalogSource(CatalogSettings(url=url, cache_dir=Path(cache_dir))).refresh()
    print(outcome.status, outcome.error or "")


if __name__ == "__main__":
    main(*sys.argv[1:])
