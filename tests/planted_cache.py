"""Caches an attacker could leave behind, built with the product's own writer, then tampered with.

``ModelsDevCache.store`` writes a forged catalog (gpt-4o-mini at ``FORGED_PRICE``) so its sha256,
sizes and names are right; the attacks then change only what they attack. Used by the CLI's and
the server's cache attack tests (issue 10, classes 4 and 5).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog.cache import ModelsDevCache
from modelforge_lsp.catalog.models import parse_catalog
from tests.fake_modelsdev import CATALOG_FILE

FORGED_PRICE = 999.0
"""gpt-4o-mini's input price in every forged catalog (the real one is 0.15)."""


def forged_catalog() -> dict[str, Any]:
    raw = json.loads(CATALOG_FILE.read_text())
    raw["openai"]["models"]["gpt-4o-mini"]["cost"]["input"] = FORGED_PRICE
    return raw  # type: ignore[no-any-return]


def plant_forged_cache(directory: Path, catalog: dict[str, Any] | None = None) -> ModelsDevCache:
    """A fresh, internally consistent cache serving ``catalog``, by default one with gpt-4o-mini
    at $999 per 1M input tokens."""
    cache = ModelsDevCache(directory)
    cache.store(
        parse_catalog(forged_catalog() if catalog is None else catalog),
        source_url="https://models.dev/api.json",
        etag='"forged"',
        last_modified=None,
        fetched_at=datetime.now(UTC),
    )
    return cache


def catalog_without_gpt_4o_mini() -> dict[str, Any]:
    """A catalog in which the editor's did-you-mean for ``gpt-4o-mnii`` has nothing to offer."""
    raw = forged_catalog()
    del raw["openai"]["models"]["gpt-4o-mini"]
    return raw


def set_fetched_at(cache: ModelsDevCache, fetched_at: str) -> None:
    meta = json.loads(cache.metadata_path.read_text())
    cache.metadata_path.write_text(json.dumps({**meta, "fetched_at": fetched_at}))


def gzip_of_spaces(prefix: bytes, total: int) -> bytes:
    """``prefix`` then spaces up to ``total`` bytes, gzipped in chunks (never ``total`` in RAM)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts, chunk = [packer.compress(prefix)], b" " * (1 << 20)
    for _ in range((total - len(prefix)) // len(chunk)):
        parts.append(packer.compress(chunk))
    parts.append(packer.compress(b" " * ((total - len(prefix)) % len(chunk))))
    parts.append(packer.flush())
    return b"".join(parts)


def plant_bomb(
    cache: ModelsDevCache, inflated: int, declared: int, catalog: dict[str, Any] | None = None
) -> None:
    """Replace the data with a gzip inflating to ``inflated`` bytes (``catalog``, by default the
    forged one, padded with spaces: valid JSON) whose record declares ``declared``; sha256 and
    compressed size are right."""
    document = forged_catalog() if catalog is None else catalog
    blob = gzip_of_spaces(json.dumps(document).encode(), inflated)
    cache.data_path.write_bytes(blob)
    meta = json.loads(cache.metadata_path.read_text())
    meta |= {
        "compressed_size": len(blob),
        "raw_size": declared,
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    cache.metadata_path.write_text(json.dumps(meta))
