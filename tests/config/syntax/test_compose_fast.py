"""The C parser for big documents (``compose.FAST_PARSE_CHARS``): the same document, faster.

libyaml (``ruamel.yaml.clib``) feeds the composer from ``FAST_PARSE_CHARS`` characters on. These
tests parse each big text twice -- as it is, and with the C parser switched off -- and demand
equal trees, spans and syntax issues, so the fast path can never change what a user is told.
"""

from __future__ import annotations

import pytest

from modelforge_lsp.config.syntax import ConfigDocument, parse_document
from modelforge_lsp.config.syntax import compose as composing

pytestmark = pytest.mark.skipif(composing.CParser is None, reason="no ruamel.yaml.clib here")

BLOCK = """\
  p{n}:
    llm_type: openai_compatible  # comment {n}
    base_url: "https://p{n}.example/v1"
    auth_strategy: api_key
    models:
      model-{n}-\U0001f600: {{}}
      "quoted {n}": {{api_model_name: 'm-{n}'}}
      list-{n}: [a, b, {{c: d}}]
    settings: {{retries: {n}, ratio: 0.5, on: true, off: no, none: ~, date: 2025-01-01}}
"""


def big(blocks: int = 200, head: str = "providers:\n", tail: str = "") -> str:
    text = head + "".join(BLOCK.format(n=n) for n in range(blocks)) + tail
    assert len(text) >= composing.FAST_PARSE_CHARS
    return text


def both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[ConfigDocument, ConfigDocument]:
    fast = parse_document(text)
    with monkeypatch.context() as patch:
        patch.setattr(composing, "CParser", None)
        pure = parse_document(text)
    return fast, pure


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(big(), id="block"),
        pytest.param(big(tail="current_model: {provider: p1, model: list-1}\n"), id="flow-tail"),
        pytest.param(big().replace("\n", "\r\n"), id="crlf"),
        pytest.param(big(head="base: &b {x: 1}\nproviders:\n", tail="again: *b\n"), id="alias"),
        pytest.param(big(tail="---\nsecond: document\n"), id="two-documents"),
        pytest.param(big(head="%YAML 1.1\n---\nproviders:\n"), id="yaml-1.1-directive"),
    ],
)
def test_a_big_document_is_the_same_document(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = both(text, monkeypatch)
    assert fast.root is not None
    assert fast.root == pure.root
    assert fast.syntax_errors == pure.syntax_errors


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(big(tail="oops: [1, 2\n"), id="unclosed-flow"),
        pytest.param(big(tail="a: b: c\n"), id="mapping-in-plain"),
        pytest.param(big(tail="x:\n\t- tab\n"), id="tab"),
        pytest.param(big(tail="bell: \x07\n"), id="control-character"),
        pytest.param(big(tail="---\nbroken: [\n"), id="broken-second-document"),
    ],
)
def test_a_big_broken_document_says_what_the_pure_parser_says(
    broken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, pure = both(broken, monkeypatch)
    assert fast.syntax_errors, "the break is found"
    assert fast.syntax_errors == pure.syntax_errors
    assert fast.root == pure.root


def test_the_composers_limits_hold_on_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    deep = big(tail="deep: " + "[" * 1000 + "]" * 1000 + "\n")
    fast, pure = both(deep, monkeypatch)
    assert [issue.message for issue in fast.syntax_errors] == [
        issue.message for issue in pure.syntax_errors
    ]
    assert "nested too deeply" in fast.syntax_errors[0].message


def test_a_yaml_1_1_directive_is_read_by_both_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel's pure parser used to fail on ``%YAML`` (an ``IndexError`` reading its directive
    without a document record); both now resolve ``yes``/``on`` the YAML 1.1 way."""
    small = "%YAML 1.1\n---\nenabled: yes\nother: on\n"
    document = parse_document(small)
    assert not document.syntax_errors
    assert [(e.key, e.value.scalar) for e in document.root.entries] == [
        ("enabled", True),
        ("other", True),
    ]
    fast, pure = both(big(head="%YAML 1.1\n---\nflag: yes\nproviders:\n"), monkeypatch)
    assert fast.root is not None and fast.root == pure.root
    assert fast.root.entries[0].value.scalar is True
