"""docs/providers.md holds exactly the table docs/tools/provider_table.py generates.

The table is what the writers and MF602 use (the curated ``runtime_providers.json``, the bundled
catalog, ``credential_variable``), so a change to any of them changes it and this test fails until
the page is regenerated: ``.venv/bin/python docs/tools/provider_table.py --write``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import MappingProxyType, ModuleType

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.language import curated_providers
from modelforge_lsp.config.language import providers as language_providers

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "tools" / "provider_table.py"
REGENERATE = "regenerate it: .venv/bin/python docs/tools/provider_table.py --write"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("provider_table", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def test_the_page_holds_exactly_the_generated_table(script: ModuleType, catalog: Catalog) -> None:
    page = (ROOT / "docs" / "providers.md").read_text("utf-8")
    assert page.count(script.BEGIN) == 1, "docs/providers.md lost its table markers"
    assert script.generated_region(page) == script.table(catalog), (
        f"docs/providers.md's provider table is out of date; {REGENERATE}"
    )


def test_every_curated_provider_and_the_most_used_have_a_row(
    script: ModuleType, catalog: Catalog
) -> None:
    lines = script.table(catalog).splitlines()[2:]
    assert len(lines) == len(script.provider_names())
    assert set(curated_providers()) <= set(script.provider_names())
    assert set(script.MOST_USED) <= set(script.provider_names())


def test_a_changed_curated_entry_changes_the_table(
    script: ModuleType, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page check is only as good as the table's dependence on its sources."""
    before = script.table(catalog)
    edited = dict(curated_providers())
    edited["groq"] = MappingProxyType({**edited["groq"], "base_url": "https://example.test/v1"})
    monkeypatch.setattr(language_providers, "curated_providers", lambda: edited)
    after = script.table(catalog)
    assert after != before
    assert "`https://example.test/v1`" in after


def test_writing_replaces_only_the_region(script: ModuleType) -> None:
    page = f"intro\n{script.BEGIN}\nold\n{script.END}\noutro\n"
    written = script.with_table(page, "| new |")
    assert written == f"intro\n{script.BEGIN}\n| new |\n{script.END}\noutro\n"
    assert script.generated_region(written) == "| new |"
