"""A fix's edit is judged on the entry it changes, and the whole file is parsed only when needed."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import CheckSettings, TextEdit, check, insertion, values
from modelforge_lsp.config.checks import local_edit as local_edit_module
from modelforge_lsp.config.checks.local_edit import apply_edits, edit_gives
from modelforge_lsp.config.checks.removal import remove_entry
from modelforge_lsp.config.syntax import Position, Span, parse_document, to_python

BLOCK = """\
providers:
  gateway:
    llm_type: openai_compatible
    base_url: https://gw.example.com/v1
    models:
      m1: {}
  other:
    llm_type: ollama
"""
JSON = """\
{
  "providers": {
    "gateway": {
      "llm_type": "openai_compatible",
      "base_url": "https://gw.example.com/v1",
      "models": {"m1": {}}
    },
    "other": {"llm_type": "ollama"}
  }
}
"""


@pytest.mark.parametrize("text", [pytest.param(BLOCK, id="block"), pytest.param(JSON, id="json")])
def test_a_removal_inside_a_provider_is_judged_on_the_provider_alone(text: str) -> None:
    document = parse_document(text)
    edit = remove_entry(document, ("providers", "gateway", "base_url"))
    assert edit is not None
    after = to_python(parse_document(apply_edits(text, (edit,))).root)
    assert "base_url" not in after["providers"]["gateway"]
    assert after["providers"]["other"] == {"llm_type": "ollama"}


def test_an_edit_that_changes_more_than_it_says_is_refused() -> None:
    document = parse_document(BLOCK)
    gateway = document.entry_at(("providers", "gateway"))
    assert gateway is not None
    # drops the llm_type line as well as base_url's
    edit = TextEdit(Span(Position(2, 0), Position(4, 0)), "")
    data = to_python(gateway.value)
    del data["base_url"]
    assert edit_gives(document, edit, gateway, {"gateway": data}) is False


def test_an_entry_that_does_not_read_the_same_alone_leaves_it_to_the_whole_file() -> None:
    text = "base: &b {retries: 2}\nproviders:\n  gateway:\n    llm_type: ollama\n    extra: *b\n"
    document = parse_document(text)
    gateway = document.entry_at(("providers", "gateway"))
    assert gateway is not None
    edit = TextEdit(Span(Position(3, 0), Position(3, 0)), "    base_url: http://localhost\n")
    expected = {"gateway": to_python(gateway.value) | {"base_url": "http://localhost"}}
    assert edit_gives(document, edit, gateway, expected) is None  # *b is defined outside


def test_an_edit_reaching_outside_the_entry_leaves_it_to_the_whole_file() -> None:
    document = parse_document(BLOCK)
    gateway = document.entry_at(("providers", "gateway"))
    assert gateway is not None
    edit = TextEdit(Span(Position(6, 0), Position(8, 0)), "")  # the next provider
    assert edit_gives(document, edit, gateway, {"gateway": to_python(gateway.value)}) is None


def test_fixes_on_a_big_file_never_parse_the_whole_file_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = [
        f"  gateway-{n}:\n    llm_type: openai_compatible\n    base_url: https://gw{n}.example\n"
        "    models:\n" + "".join(f"      model-{n}-{m}: {{}}\n" for m in range(200))
        for n in range(20)
    ]
    text = "providers:\n" + "".join(blocks)
    document = parse_document(text)
    catalog = Catalog(load_snapshot().catalog.providers)
    sizes: list[int] = []
    real = parse_document

    def counting(source: str) -> object:
        sizes.append(len(source))
        return real(source)

    for module in (local_edit_module, insertion, values):  # every parse a fix builder makes
        monkeypatch.setattr(module, "parse_document", counting)
    findings = check(document, catalog, CheckSettings())
    fixed = [f for f in findings if f.fixes]
    assert len(fixed) >= 20, [f.code for f in findings]  # every gateway gets a fix
    assert sizes, "the fixes were checked"
    assert max(sizes) < len(text) / 10


def test_an_anchor_inside_the_entry_leaves_it_to_the_whole_file() -> None:
    """Its alias elsewhere would change too: the entry alone cannot show that."""
    text = (
        "providers:\n  gateway: &shared\n    llm_type: ollama\n    base_url: http://x\n"
        "    models: {}\n  copy: *shared\n"
    )
    document = parse_document(text)
    edit = remove_entry(document, ("providers", "gateway", "base_url"))
    assert edit is None  # the whole file's check refuses it: 'copy' would lose base_url too
