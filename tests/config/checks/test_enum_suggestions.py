"""MF203's did-you-mean for enum values: a misspelt part of a compound value still finds it."""

from __future__ import annotations

import pytest

from modelforge_lsp.config.checks import check
from modelforge_lsp.config.checks.schema import closest_enum
from modelforge_lsp.config.language import LLM_TYPES
from modelforge_lsp.config.syntax import parse_document


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("gogle", ("google_genai",), id="misspelt-part"),
        pytest.param("google", ("google_genai",), id="first-part"),
        pytest.param("openai", ("openai_compatible",), id="provider-name"),
        pytest.param("copilot", ("github_copilot",), id="second-part"),
        pytest.param("olama", ("ollama",), id="whole-value"),
        pytest.param("openai-compatible", ("openai_compatible",), id="dash"),
        pytest.param("anthropic", (), id="nothing-close"),
        pytest.param("", (), id="empty"),
    ],
)
def test_closest_enum(typed: str, expected: tuple[str, ...]) -> None:
    assert closest_enum(typed, LLM_TYPES) == expected


def test_a_misspelt_llm_type_gets_a_fix() -> None:
    text = "providers:\n  google:\n    llm_type: gogle\n    auth_strategy: api_key\n"
    findings = [f for f in check(parse_document(text), None) if f.code == "MF203"]
    (finding,) = findings
    assert finding.suggestions == ("google_genai",)
    (fix,) = finding.fixes
    assert [edit.new_text for edit in fix.edits] == ["google_genai"]
