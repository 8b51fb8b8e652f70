"""Catalog fixtures: the small test catalog and the full bundled snapshot (parsed once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.catalog.index import Catalog
from modelforge_lsp.catalog.models import ParsedCatalog, parse_catalog
from modelforge_lsp.catalog.snapshot import load_snapshot

DATA = Path(__file__).parent.parent / "data" / "catalog"


@pytest.fixture(scope="session")
def small_raw() -> dict[str, object]:
    """``tests/data/catalog/api.json``: 6 providers, 24 models, in models.dev's shape."""
    return json.loads((DATA / "api.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def small_parsed(small_raw: dict[str, object]) -> ParsedCatalog:
    return parse_catalog(small_raw)


@pytest.fixture(scope="session")
def full_parsed() -> ParsedCatalog:
    return load_snapshot().catalog


@pytest.fixture
def full_catalog(full_parsed: ParsedCatalog) -> Catalog:
    """A fresh index per test (so stats start at zero) over the bundled snapshot."""
    return Catalog(full_parsed.providers)
