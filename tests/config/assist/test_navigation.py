"""``config.assist``: outline, definitions, links, price hints and rename, on YAML and JSON.

Cursor positions are marked with ``‸`` in the text (removed before parsing); rename results are
checked by applying the edits and reading the new text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.assist import (
    Link,
    ModelHint,
    RenameRejected,
    Symbol,
    definition_at,
    document_symbols,
    links,
    model_hints,
    prepare_rename,
    rename_at,
)
from modelforge_lsp.config.checks import TextEdit
from modelforge_lsp.config.syntax import ConfigDocument, Position, Span, parse_document

DATA = Path(__file__).parents[2] / "data" / "config"
REALISTIC = (DATA / "valid_realistic.yaml").read_text()
JSON_CONFIG = (DATA / "config.json").read_text()
CURSOR = "‸"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def at(marked: str) -> tuple[ConfigDocument, Position]:
    """The parsed text without the cursor mark ``‸``, and the position of the mark."""
    index = marked.index(CURSOR)
    before = _LINE_BREAK.split(marked[:index])
    text = marked[:index] + marked[index + 1 :]
    return parse_document(text), Position(len(before) - 1, len(before[-1]))


def spanned(document: ConfigDocument, span: Span) -> str:
    assert span.start.line == span.end.line, span
    return document.lines[span.start.line][span.start.character : span.end.character]


def offset(text: str, position: Position) -> int:
    lines = _LINE_BREAK.split(text)
    starts = [0]
    for match in _LINE_BREAK.finditer(text):
        starts.append(match.end())
    assert position.line < len(lines)
    return starts[position.line] + position.character


def apply(text: str, edits: Sequence[TextEdit]) -> str:
    """``text`` with ``edits`` (non-overlapping) applied."""
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        start, end = offset(text, edit.span.start), offset(text, edit.span.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


BLOCK = """\
providers:
  openai:
    llm_type: openai_compatible
    base_url: https://api.openai.com/v1
    models:
      gpt-4o-mini:
      'quoted-alias':
        api_model_name: gpt-4o
  github-copilot:
    llm_type: github_copilot
    models:
      gpt-4o-mini:
current_model:
  provider: {provider}
  model: {model}
"""


def block(provider: str = "openai", model: str = "gpt-4o-mini", cursor: str = "") -> str:
    """``BLOCK`` with the given ``current_model``; ``cursor`` = "provider"/"model" marks the
    start of that value."""
    marks = {"provider": provider, "model": model}
    if cursor:
        marks[cursor] = CURSOR + marks[cursor]
    return BLOCK.format(**marks)


# -- outline ---------------------------------------------------------------------------------


def outline(symbols: Sequence[Symbol]) -> list[tuple[str, str, list[object]]]:
    return [(s.name, s.kind, outline(s.children)) for s in symbols]


def assert_nested(document: ConfigDocument, symbols: Sequence[Symbol], outer: Span | None) -> None:
    """LSP's rules: selection inside range, children inside their parent, the name is the key."""
    for symbol in symbols:
        assert symbol.span.start <= symbol.selection.start <= symbol.selection.end
        assert symbol.selection.end <= symbol.span.end
        if outer is not None:
            assert outer.start <= symbol.span.start and symbol.span.end <= outer.end
        assert symbol.name.strip()
        assert_nested(document, symbol.children, symbol.span)


def test_outline_of_a_realistic_config(catalog: Catalog) -> None:
    document = parse_document(REALISTIC)
    symbols = document_symbols(document, catalog)
    assert [(s.name, s.kind) for s in symbols] == [
        ("providers", "section"),
        ("current_model", "section"),
        ("settings", "section"),
    ]
    providers = {p.name: p for p in symbols[0].children}
    assert list(providers) == [
        "openai", "anthropic", "github_copilot", "google", "ollama", "openrouter",
    ]  # fmt: skip
    assert all(p.kind == "provider" for p in providers.values())
    openai = providers["openai"]
    assert openai.detail == "OpenAI · openai_compatible"
    assert [(m.name, m.kind) for m in openai.children] == [
        ("gpt-4o-mini", "model"),
        ("gpt-4.1", "model"),
    ]
    assert openai.children[0].detail == "$0.15 / $0.60 per 1M · 128K ctx"
    assert spanned(document, openai.children[0].selection) == "gpt-4o-mini"
    sonnet = providers["anthropic"].children[0]
    assert sonnet.name == "sonnet" and sonnet.detail.startswith("$3.00 / $15.00 per 1M")
    ollama = providers["ollama"]
    assert ollama.detail == "ollama"
    assert [m.detail for m in ollama.children] == ["", ""]  # local: no catalog figures
    current = symbols[1]
    assert current.detail == "github_copilot / claude-sonnet-4.5"
    assert [(f.name, f.kind, f.detail) for f in current.children] == [
        ("provider", "field", "github_copilot"),
        ("model", "field", "claude-sonnet-4.5"),
    ]
    assert [(f.name, f.detail) for f in symbols[2].children] == [("show_telemetry", "true")]
    assert_nested(document, symbols, None)


def test_outline_of_a_json_config_matches_its_yaml_twin(catalog: Catalog) -> None:
    document = parse_document(JSON_CONFIG)
    symbols = document_symbols(document, catalog)
    assert outline(symbols)[0][2][0] == (
        "openai",
        "provider",
        [("gpt-4o-mini", "model", []), ("gpt-4o", "model", [])],
    )
    assert spanned(document, symbols[0].children[0].selection) == '"openai"'
    assert symbols[0].children[0].children[0].detail.startswith("$0.15 / $0.60 per 1M")
    assert_nested(document, symbols, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("providers: [\n", [], id="does-not-parse"),
        pytest.param("- a\n- b\n", [], id="not-a-mapping"),
        pytest.param(
            "providers:\n  x:\n    models:\n      m:\nunknown: 3\n",
            [("providers", "section", [("x", "provider", [("m", "model", [])])]),
             ("unknown", "field", [])],
            id="unknown-top-level-key",
        ),
        pytest.param(
            'providers:\n  "":\n    models: {"": {}}\n',
            [("providers", "section", [('""', "provider", [('""', "model", [])])])],
            id="blank-keys-get-a-visible-name",
        ),
        pytest.param(
            "providers:\n  a: &p\n    models:\n      m1:\n  b: *p\n",
            [("providers", "section", [("a", "provider", [("m1", "model", [])]),
                                       ("b", "provider", [])])],
            id="alias-copies-are-not-nested-outside-their-parent",
        ),
        pytest.param(
            "providers:\n  a:\n    models: &m\n      m1:\n  b:\n    models: *m\n",
            [("providers", "section", [("a", "provider", [("m1", "model", [])]),
                                       ("b", "provider", [])])],
            id="aliased-models-mapping",
        ),
        pytest.param(
            "providers:\n  openai: oops\n  ok:\n    models: 3\n",
            [("providers", "section", [("openai", "provider", []), ("ok", "provider", [])])],
            id="wrong-kinds-elsewhere",
        ),
    ],
)  # fmt: skip
def test_outline_shapes(catalog: Catalog, text: str, expected: list[object]) -> None:
    document = parse_document(text)
    symbols = document_symbols(document, catalog)
    assert outline(symbols) == expected
    assert_nested(document, symbols, None)


def test_outline_without_a_catalog_has_no_prices() -> None:
    symbols = document_symbols(parse_document(REALISTIC), None)
    models = [m for p in symbols[0].children for m in p.children]
    assert models and all(m.detail == "" for m in models)
    assert symbols[0].children[0].detail == "openai_compatible"


# -- definition ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        pytest.param(block(cursor="provider"), (1, "openai"), id="provider"),
        pytest.param(block(model="gpt-4o-mini", cursor="model"), (5, "gpt-4o-mini"), id="model"),
        pytest.param(
            block(provider="github_copilot", cursor="provider"), None,
            id="another-spelling-is-not-the-key",  # the runtime matches keys exactly
        ),
        pytest.param(
            block(provider="github-copilot", cursor="model"), (11, "gpt-4o-mini"),
            id="model-under-dash-provider",
        ),
        pytest.param(block(model="quoted-alias", cursor="model"), (6, "'quoted-alias'"),
                     id="quoted-alias"),
        pytest.param(
            block(provider="openai", model="gpt-4o-mini‸"), (5, "gpt-4o-mini"),
            id="cursor-at-end-of-value",
        ),
        pytest.param(block(provider="anthropic", cursor="provider"), None, id="unknown-provider"),
        pytest.param(block(model="gpt-5", cursor="model"), None, id="unknown-model"),
        pytest.param(block(model="GPT-4o-mini", cursor="model"), None, id="aliases-are-exact"),
        pytest.param(
            block(provider="nowhere", model="gpt-4o-mini", cursor="model"), None,
            id="model-of-unknown-provider",
        ),
        pytest.param(block().replace("  openai:", "  ‸openai:"), None, id="on-the-key-itself"),
        pytest.param(
            block(cursor="model").replace("llm_type: openai_compatible", "llm_typo: 3"),
            (5, "gpt-4o-mini"), id="errors-elsewhere",
        ),
        pytest.param(
            '{"providers": {"openai": {"models": {"gpt-4o-mini": {}}}},'
            ' "current_model": {"provider": "openai", "model": "gpt‸-4o-mini"}}',
            (0, '"gpt-4o-mini"'), id="json",
        ),
        pytest.param(
            '{"providers": {"openai": {"models": {"gpt-4o-mini": {},}}},'
            ' "current_model": {"provider": "ope‸nai"}}',
            (0, '"openai"'), id="json-with-a-trailing-comma-elsewhere",
        ),
        pytest.param("current_model:\n  provider: ‸openai\n", None, id="no-providers"),
        pytest.param("current_model: [\n  provider: ‸openai\n", None, id="does-not-parse"),
    ],
)  # fmt: skip
def test_definition(marked: str, expected: tuple[int, str] | None) -> None:
    """``expected``: the line of the key jumped to, and the key's text there."""
    document, position = at(marked)
    target = definition_at(document, position)
    if expected is None:
        assert target is None
    else:
        assert target is not None
        assert (target.start.line, spanned(document, target)) == expected


# -- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "providers:\n  x:\n    base_url: https://api.example.com/v1\n",
            [("https://api.example.com/v1", "https://api.example.com/v1")], id="plain",
        ),
        pytest.param(
            "providers:\n  x:\n    base_url: 'http://localhost:11434'  # local\n",
            [("http://localhost:11434", "http://localhost:11434")], id="single-quoted",
        ),
        pytest.param(
            '{"providers": {"x": {"auth_details": {"token_url": "https://gh.io/t"}}}}',
            [("https://gh.io/t", "https://gh.io/t")], id="json-nested-url-key",
        ),
        pytest.param(
            'providers:\n  x:\n    base_url: "https:\\/\\/api.example.com"\n',
            [("https:\\/\\/api.example.com", "https://api.example.com")],
            id="escaped-link-spans-inside-the-quotes",
        ),
        pytest.param(
            "providers:\n  x:\n    base_url: ftp://files.example.com\n", [], id="not-http",
        ),
        pytest.param(
            "providers:\n  x:\n    base_url: https://${GATEWAY_HOST}/v1\n", [],
            id="environment-placeholder",
        ),
        pytest.param("providers:\n  x:\n    base_url: http://[\n", [], id="unsplittable"),
        pytest.param(
            "providers:\n  x:\n    base_url: https://\n", [], id="no-host",
        ),
        pytest.param(
            "providers:\n  x:\n    models:\n      m:\n        api_model_name: https://a.io\n", [],
            id="not-a-url-key",
        ),
        pytest.param(
            "providers:\n  a:\n    base_url: &u https://a.io\n  b:\n    base_url: *u\n",
            [("https://a.io", "https://a.io"), ("*u", "https://a.io")],
            id="anchor-and-alias",
        ),
        pytest.param("providers: {\n  base_url: https://a.io\n", [], id="does-not-parse"),
    ],
)  # fmt: skip
def test_links(text: str, expected: list[tuple[str, str]]) -> None:
    document = parse_document(text)
    found = links(document)
    assert [(spanned(document, link.span), link.url) for link in found] == expected
    assert all(isinstance(link, Link) for link in found)


def test_links_of_the_realistic_config() -> None:
    found = links(parse_document(REALISTIC))
    assert [link.url for link in found] == [
        "https://api.openai.com/v1",
        "https://api.anthropic.com/v1",
        "https://github.com/login/device/code",
        "https://github.com/login/oauth/access_token",
        "http://localhost:11434",
        "https://openrouter.ai/api/v1",
    ]


# -- inlay hints -----------------------------------------------------------------------------

MINI = "$0.15 / $0.60 per 1M · 128K ctx"


@pytest.mark.parametrize(
    ("marked", "label"),
    [
        pytest.param(
            "providers:\n  openai:\n    models:\n      gpt-4o-mini:‸\n", MINI, id="block",
        ),
        pytest.param(
            "providers:\n  openai:\n    models:\n      gpt-4o-mini:‸   # cheap\n", MINI,
            id="before-a-comment",
        ),
        pytest.param(
            "providers:\n  openai:\n    models:\n      mini:‸  # alias\n"
            "        api_model_name: gpt-4o-mini\n",
            MINI, id="api-model-name-hint-on-the-alias-line",
        ),
        pytest.param(
            "providers:\n  openai:\n    models:\n      mini: {api_model_name: gpt-4o-mini}‸\n",
            MINI, id="flow-entry-on-one-line",
        ),
        pytest.param(
            '{"providers": {"github_copilot": {"models": {"gpt-4.1": {}‸}}}}',
            "$0.00 / $0.00 per 1M · 128K ctx", id="json-underscore-spelling",
        ),
        pytest.param(
            '{\n  "providers": {"openai": {"models": {\n    "gpt-4o-mini": {‸\n'
            '      "api_model_name": "gpt-4o-mini"\n    }\n  }}}\n}',
            MINI, id="json-entry-over-several-lines",
        ),
        pytest.param(
            "providers:\n  openai:\n    models:\n      gpt-4o-mnii:\n", None, id="unknown-model",
        ),
        pytest.param(
            "providers:\n  my-gateway:\n    models:\n      gpt-4o-mini:\n", None,
            id="unknown-provider",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: ollama\n    models:\n      gpt-4o-mini:\n", None,
            id="local-provider",
        ),
        pytest.param(
            "providers:\n  openai:\n    models:\n      gpt-4o-mini:‸\n  broken: [1, 2\n", None,
            id="does-not-parse",
        ),
    ],
)  # fmt: skip
def test_model_hints(catalog: Catalog, marked: str, label: str | None) -> None:
    text = marked.replace(CURSOR, "")
    hints = model_hints(parse_document(text), catalog)
    if label is None:
        assert hints == []
    else:
        _, position = at(marked)
        assert hints == [ModelHint(position, label)]


def test_model_hints_of_the_realistic_config(catalog: Catalog) -> None:
    document = parse_document(REALISTIC)
    hints = model_hints(document, catalog)
    hinted = [document.lines[h.position.line].strip().split(":")[0] for h in hints]
    assert hinted == [
        "gpt-4o-mini",
        "gpt-4.1",
        "sonnet",
        "claude-haiku-4-5",
        "gpt-4.1",
        "claude-sonnet-4.5",
        "gemini-2.5-pro",
        "fast",
        "anthropic/claude-sonnet-4.5",
    ]  # fmt: skip  (ollama's models are local: no hints)
    assert all(" per 1M" in h.label and " ctx" in h.label for h in hints)
    assert model_hints(document, None) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "providers:\n  openai: &p\n    models:\n      gpt-4o-mini:\n  azure: *p\n",
            id="aliased-provider",
        ),
        pytest.param(
            "providers:\n  openai:\n    models: &m\n      gpt-4o-mini:\n  azure:\n    models: *m\n",
            id="aliased-models-mapping",
        ),
    ],
)
def test_an_alias_adds_no_second_hint(catalog: Catalog, text: str) -> None:
    hints = model_hints(parse_document(text), catalog)
    assert [(h.position.line, h.label) for h in hints] == [(3, MINI)]


# -- rename ----------------------------------------------------------------------------------


def renamed(marked: str, new_name: str) -> str:
    document, position = at(marked)
    edits = rename_at(document, position, new_name)
    assert isinstance(edits, list), edits
    return apply(document.text, edits)


@pytest.mark.parametrize(
    ("marked", "new_name", "expected"),
    [
        pytest.param(
            block().replace("      gpt-4o-mini:\n      'q", "      ‸gpt-4o-mini:\n      'q"),
            "mini",
            block(model="mini").replace("      gpt-4o-mini:\n      'q", "      mini:\n      'q"),
            id="alias-key-and-current-model",
        ),
        pytest.param(
            block(cursor="model"), "mini",
            block(model="mini").replace("      gpt-4o-mini:\n      'q", "      mini:\n      'q"),
            id="from-current-model-value",
        ),
        pytest.param(
            block(provider="github-copilot").replace(
                "  github-copilot:\n    llm_type: github_copilot\n    models:\n      gpt",
                "  github-copilot:\n    llm_type: github_copilot\n    models:\n      ‸gpt",
            ),
            "mini",
            block(provider="github-copilot", model="mini").replace(
                "github_copilot\n    models:\n      gpt-4o-mini:",
                "github_copilot\n    models:\n      mini:",
            ),
            id="alias-of-the-current-provider-with-a-dash",
        ),
        pytest.param(
            block(provider="github-copilot").replace("      gpt-4o-mini:\n      'q",
                                                     "      ‸gpt-4o-mini:\n      'q"),
            "mini",
            block(provider="github-copilot").replace("      gpt-4o-mini:\n      'q",
                                                     "      mini:\n      'q"),
            id="same-alias-under-another-provider-leaves-current-model",
        ),
        pytest.param(
            block(model="quoted-alias", cursor="model"), "it's",
            block(model="it's").replace("'quoted-alias'", "'it''s'"),
            id="single-quoted-key-stays-single-quoted",
        ),
        pytest.param(
            block(cursor="provider"), "open_ai",
            block(provider="open_ai").replace("  openai:", "  open_ai:"),
            id="provider-from-current-model",
        ),
        pytest.param(
            block(provider="github_copilot").replace("  github-copilot:", "  github-‸copilot:"),
            "copilot",
            block(provider="github_copilot").replace("  github-copilot:", "  copilot:"),
            id="another-spelling-in-current-model-is-not-a-reference",
        ),
        pytest.param(
            block(provider="github_copilot").replace("  github-copilot:", "  github_copilot‸:"),
            "github_copilot",
            block(provider="github_copilot").replace("  github-copilot:", "  github_copilot:"),
            id="provider-respelt-as-itself",
        ),
        pytest.param(
            block().replace("      gpt-4o-mini:\n      'q", "      ‸gpt-4o-mini:\n      'q"),
            "mini #1",
            block(model='"mini #1"').replace("      gpt-4o-mini:\n      'q",
                                             '      "mini #1":\n      \'q'),
            id="plain-text-that-needs-quotes-gets-double-quotes",
        ),
        pytest.param(
            block().replace("      gpt-4o-mini:\n      'q", "      ‸gpt-4o-mini:\n      'q"),
            "true",
            block(model='"true"').replace("      gpt-4o-mini:\n      'q",
                                          '      "true":\n      \'q'),
            id="a-name-yaml-would-read-as-a-boolean",
        ),
        pytest.param(
            "providers:\n  ollama:\n    models:\n      ‸llama3:\ncurrent_model:\n"
            "  provider: ollama\n  model: llama3\n",
            "llama3:8b",
            "providers:\n  ollama:\n    models:\n      llama3:8b:\ncurrent_model:\n"
            "  provider: ollama\n  model: llama3:8b\n",
            id="ollama-tag-with-a-colon",
        ),
        pytest.param(
            '{"providers": {"openai": {"models": {"‸gpt-4o-mini": {}}}},'
            ' "current_model": {"provider": "openai", "model": "gpt-4o-mini"}}',
            'say "hi" 😀',
            '{"providers": {"openai": {"models": {"say \\"hi\\" 😀": {}}}},'
            ' "current_model": {"provider": "openai", "model": "say \\"hi\\" 😀"}}',
            id="json-keeps-double-quotes-and-escapes",
        ),
        pytest.param(
            "providers:\n  openai:\n    models: {a: {}, ‸b: {}}\ncurrent_model: {provider: openai,"
            " model: b}\n",
            "c",
            "providers:\n  openai:\n    models: {a: {}, c: {}}\ncurrent_model: {provider: openai,"
            " model: c}\n",
            id="flow",
        ),
        pytest.param(
            block(cursor="model").replace("llm_type: openai_compatible", "llm_type: [oops]"),
            "mini",
            block(model="mini").replace("      gpt-4o-mini:\n      'q", "      mini:\n      'q")
            .replace("llm_type: openai_compatible", "llm_type: [oops]"),
            id="errors-elsewhere",
        ),
        pytest.param(
            block().replace("      gpt-4o-mini:\n      'q", "      ‸gpt-4o-mini:\n      'q"),
            "gpt-4o-mini", block(), id="same-name-changes-nothing",
        ),
    ],
)  # fmt: skip
def test_rename(marked: str, new_name: str, expected: str) -> None:
    result = renamed(marked, new_name)
    assert result == expected
    assert not parse_document(result).syntax_errors


@pytest.mark.parametrize(
    ("marked", "new_name", "message"),
    [
        pytest.param(block(cursor="model"), "quoted-alias",
                     "provider 'openai' already has a model alias 'quoted-alias'",
                     id="alias-collision"),
        pytest.param(block(cursor="provider"), "github_copilot",
                     "a provider 'github-copilot' is already configured ('_' and '-' name the "
                     "same provider)", id="provider-collision-in-another-spelling"),
        pytest.param(block(cursor="provider"), "github-copilot",
                     "a provider 'github-copilot' is already configured",
                     id="provider-collision"),
        pytest.param(block(cursor="model"), "", "a model alias cannot be empty", id="empty"),
        pytest.param(block(cursor="model"), "   ", "a model alias cannot be empty", id="blank"),
        pytest.param(block(cursor="model"), " mini", "cannot start or end with spaces",
                     id="leading-space"),
        pytest.param(block(cursor="model"), "mini ", "cannot start or end with spaces",
                     id="trailing-space"),
        pytest.param(block(cursor="model"), "a\nb", "cannot contain line breaks",
                     id="newline"),
        pytest.param(block(cursor="model"), "a\tb", "control characters", id="tab"),
        pytest.param(block(cursor="provider"), "my:gateway", "cannot contain ':'",
                     id="provider-with-a-colon"),
    ],
)  # fmt: skip
def test_rename_rejected(marked: str, new_name: str, message: str) -> None:
    document, position = at(marked)
    result = rename_at(document, position, new_name)
    assert isinstance(result, RenameRejected)
    assert message in result.message


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        pytest.param(block(cursor="model"), "gpt-4o-mini", id="current-model-value"),
        pytest.param(block(cursor="provider"), "openai", id="current-provider-value"),
        pytest.param(block(model="quoted-alias", cursor="model"), "quoted-alias",
                     id="value-naming-a-quoted-key"),
        pytest.param(block().replace("'quoted-alias'", "'quoted-‸alias'"), "quoted-alias",
                     id="quoted-key-without-its-quotes"),
        pytest.param(block().replace("  openai:", "  open‸ai:"), "openai", id="provider-key"),
        pytest.param(block(model="gpt-5", cursor="model"), None, id="unknown-model"),
        pytest.param(block(provider="nope", cursor="provider"), None, id="unknown-provider"),
        pytest.param(block().replace("llm_type: open", "llm_type: ‸open"), None,
                     id="other-value"),
        pytest.param(block().replace("    models:\n      gpt", "    mod‸els:\n      gpt"), None,
                     id="schema-key"),
        pytest.param(
            "providers:\n  openai:\n    models:\n      &a ‸gpt-4o-mini:\n", "gpt-4o-mini",
            id="anchored-key-without-its-anchor",
        ),
        pytest.param(
            'providers:\n  openai:\n    models:\n      "gpt\\u002d‸4o": {}\n', None,
            id="escaped-key-cannot-be-kept",
        ),
    ],
)  # fmt: skip
def test_prepare_rename(marked: str, expected: str | None) -> None:
    document, position = at(marked)
    span = prepare_rename(document, position)
    if expected is None:
        assert span is None
        assert rename_at(document, position, "new-name") is None
    else:
        assert span is not None
        assert span.contains(position)
        assert spanned(document, span) == expected


# -- never raise -----------------------------------------------------------------------------

PIECES = [
    "providers:", "\n  openai:", "\n    llm_type: ", "ollama", "\n    models:",
    "\n      gpt-4o-mini:", "\n      'q':", "\n        api_model_name: ", "\ncurrent_model:",
    "\n  provider: ", "openai",
    "\n  model: ", "gpt-4o-mini", "\n    base_url: ", "https://a.io", "{", "}", "[", "]", ": ",
    ", ", "- ", "\t", "'", '"', "&a ", "*a", " # c", "😀", "中", "\r\n", "\n", "",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
)
positions = st.builds(Position, st.integers(-1, 12), st.integers(-1, 60))


def assert_in_text(document: ConfigDocument, span: Span) -> None:
    lines = document.lines
    for position in (span.start, span.end):
        assert 0 <= position.line < len(lines)
        assert 0 <= position.character <= len(lines[position.line])
    assert span.start <= span.end


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, positions, st.text(max_size=8))
def test_arbitrary_documents_and_positions_never_raise(
    catalog: Catalog, text: str, position: Position, new_name: str
) -> None:
    document = parse_document(text)
    for symbol in document_symbols(document, catalog):
        assert_in_text(document, symbol.span)
    for hint in model_hints(document, catalog):
        assert_in_text(document, Span(hint.position, hint.position))
    for link in links(document):
        assert_in_text(document, link.span)
    if (target := definition_at(document, position)) is not None:
        assert_in_text(document, target)
    if (name := prepare_rename(document, position)) is not None:
        assert_in_text(document, name)
    result = rename_at(document, position, new_name)
    if isinstance(result, list):
        for edit in result:
            assert_in_text(document, edit.span)
        apply(text, result)


KEY_POSITIONS = [
    pytest.param(REALISTIC, "      ‸gpt-4o-mini: {}", None, id="yaml-alias"),
    pytest.param(REALISTIC, "      ‸claude-sonnet-4.5:", "model", id="yaml-current-alias"),
    pytest.param(REALISTIC, "  ‸github_copilot:", "provider", id="yaml-current-provider"),
    pytest.param(JSON_CONFIG, '    "openai‸": {', "provider", id="json-current-provider"),
    pytest.param(JSON_CONFIG, '        "gpt-4o-mini‸": {', "model", id="json-current-alias"),
]


@pytest.mark.parametrize(("text", "marked_line", "reference"), KEY_POSITIONS)
@settings(max_examples=60, deadline=None)
@given(new_name=st.text(min_size=1, max_size=10))
def test_any_accepted_name_reads_back_exactly(
    text: str, marked_line: str, reference: str | None, new_name: str
) -> None:
    """Whatever name a rename accepts, the new text parses and says exactly that name, in the
    key and in the ``current_model`` reference to it."""
    marked = text.replace(marked_line.replace(CURSOR, ""), marked_line, 1)
    document, position = at(marked)
    result = rename_at(document, position, new_name)
    if isinstance(result, RenameRejected):
        return
    assert result is not None
    new = parse_document(apply(document.text, result))
    assert len(new.syntax_errors) == len(document.syntax_errors)
    assert new_name in {entry.key for _, entry in new.walk()}
    for field in ("provider", "model"):
        old = document.entry_at(("current_model", field))
        now = new.entry_at(("current_model", field))
        assert old is not None and now is not None
        assert now.value.scalar == (new_name if field == reference else old.value.scalar)
