"""``config.checks.codes``: one registry of codes, and what it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modelforge_lsp.config.checks import CODES, Severity, unknown_code_message
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.syntax import Span

ROOT = Path(__file__).parents[3]


def test_the_diagnostics_reference_heads_exactly_the_registered_codes() -> None:
    docs = (ROOT / "docs" / "diagnostics.md").read_text()
    assert re.findall(r"^## (MF\d{3})$", docs, flags=re.MULTILINE) == list(CODES)


def test_codes_are_in_family_order_with_docs_anchors() -> None:
    assert list(CODES) == sorted(CODES)
    assert CODES["MF302"].docs_url.endswith("/docs/diagnostics.md#mf302")
    assert CODES["MF305"].severity is Severity.INFORMATION


def test_a_rule_cannot_emit_an_unregistered_code() -> None:
    span = Span.at(0, 0, 1)
    assert finding(span, Severity.WARNING, "MF302", "known").code == "MF302"
    with pytest.raises(KeyError):
        finding(span, Severity.WARNING, "MF999", "not registered")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("MF302", None, id="registered"),
        pytest.param("MF999", "'MF999' is not a ModelForge diagnostic code", id="unknown"),
        pytest.param("mf302", "did you mean 'MF302'?", id="case"),
        pytest.param("MF3O2", "did you mean 'MF302'?", id="typo"),
        pytest.param(301, "'301' is not a ModelForge diagnostic code", id="not-a-string"),
    ],
)
def test_unknown_code_message(text: object, expected: str | None) -> None:
    message = unknown_code_message(text)
    if expected is None:
        assert message is None
    else:
        assert message is not None and expected in message
