"""Parsing and checking a config make no reference cycles, on every path the parse can take.

The server freezes what a check leaves alive (``server/collector.py``), so anything a check
leaves in a cycle -- ruamel's pure parser is a web of them, holding the whole text -- would
stay until the next idle sweep, at every keystroke. Reference counting must free it all.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Iterator

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import CheckSettings, check
from modelforge_lsp.config.syntax import parse_document

BLOCK = """\
providers:
  openai:
    llm_type: openai
    api_key_env: OPENAI_API_KEY
    models:
      gpt-4o-mnii: {}
      gpt-4o: {}
  ollama:
    llm_type: ollama
    base_url: http://localhost:11434
    models:
      llama3: {}
"""
TEXTS = {
    "block YAML (the fast path)": BLOCK,
    "flow mapping (libyaml)": BLOCK + "current_model: {provider: openai, model: gpt-4o}\n",
    "anchors and aliases": BLOCK.replace("gpt-4o: {}", "gpt-4o: &m {}\n      gpt-4.1: *m"),
    "broken YAML (ruamel's pure parser)": BLOCK.replace("llama3: {}", "llama3 {\n"),
    "a tab in the indentation": BLOCK.replace("    models:\n      llama3", "\tmodels:\n  llama3"),
    "JSON": json.dumps({"providers": {"openai": {"llm_type": "openai", "models": {"gpt-4o": {}}}}}),
    "broken JSON": '{"providers": {"openai": {"llm_type": "openai", "models": {"gpt-4o": {}}}}',
    "empty": "",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def cyclic_garbage() -> Counter[str]:
    """What a collection would free now, by type (``DEBUG_SAVEALL`` keeps it to look at)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    gc.set_debug(0)
    kinds = Counter(type(o).__qualname__ for o in gc.garbage)
    gc.garbage.clear()
    return kinds


@pytest.mark.parametrize("name", TEXTS)
def test_a_check_leaves_nothing_for_the_collector(
    name: str, catalog: Catalog, collector_off: None
) -> None:
    text = TEXTS[name]
    check(parse_document(text), catalog, CheckSettings())  # first use: lazy caches filled
    cyclic_garbage()
    for edit in range(3):
        document = parse_document(f"{text}\n# edit {edit}\n" if text else f"# edit {edit}\n")
        findings = check(document, catalog, CheckSettings())
        del document, findings
    assert cyclic_garbage() == Counter()
