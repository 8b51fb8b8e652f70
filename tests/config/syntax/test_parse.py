"""``parse_document``: spans, scalars, duplicates, syntax issues, limits -- and it never raises."""

from __future__ import annotations

import math
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.config.syntax import ConfigDocument, Position, Span, Value, parse_document

DATA = Path(__file__).parents[2] / "data" / "config"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(text))]


def offset(text: str, position: Position) -> int:
    """The index in ``text`` of a position, with the LSP's line breaks."""
    return line_starts(text)[position.line] + position.character


def spanned(text: str, span: Span) -> str:
    """The text a span covers."""
    return text[offset(text, span.start) : offset(text, span.end)]


def value_at(document: ConfigDocument, *path: str) -> Value:
    entry = document.entry_at(path)
    assert entry is not None, f"no entry at {path}"
    return entry.value


def parsed(text: str) -> ConfigDocument:
    """A document that must parse cleanly."""
    document = parse_document(text)
    assert document.syntax_errors == (), document.syntax_errors
    assert document.root is not None
    return document


def all_spans(document: ConfigDocument) -> list[Span]:
    spans = [issue.span for issue in document.syntax_errors]
    for duplicate in document.duplicate_keys:
        spans += [duplicate.first, duplicate.duplicate]

    def visit(value: Value) -> None:
        spans.append(value.span)
        for entry in value.entries:
            spans.append(entry.key_span)
            visit(entry.value)
        for item in value.items:
            visit(item)

    if document.root is not None:
        visit(document.root)
    return spans


def assert_spans_inside(document: ConfigDocument) -> None:
    lines = _LINE_BREAK.split(document.text)
    for span in all_spans(document):
        assert span.start <= span.end, span
        for position in (span.start, span.end):
            assert 0 <= position.line < len(lines), (span, len(lines))
            assert 0 <= position.character <= len(lines[position.line]), span


# --- spans ---------------------------------------------------------------------------------------

SPAN_CASES = [
    pytest.param("a: hello\n", ("a",), "hello", id="plain"),
    pytest.param("a: 'it''s'\n", ("a",), "'it''s'", id="single-quoted"),
    pytest.param('a: "x\\ty"\n', ("a",), '"x\\ty"', id="double-quoted"),
    pytest.param("a: one\n  two\nb: 1\n", ("a",), "one\n  two", id="plain-multiline"),
    pytest.param('a: "one\n  two"\nb: 1\n', ("a",), '"one\n  two"', id="quoted-multiline"),
    pytest.param("a: |\n  x\n  y\n\n# c\nb: 1\n", ("a",), "|\n  x\n  y", id="literal-block"),
    pytest.param("a: >-\n  x\n\n  y\n\nb: 1\n", ("a",), ">-\n  x\n\n  y", id="folded-block"),
    pytest.param("a: {b: 1, c: [x]}  # c\n", ("a",), "{b: 1, c: [x]}", id="flow-map"),
    pytest.param("a: {b: 1, c: [x]}\n", ("a", "c"), "[x]", id="flow-seq-in-flow-map"),
    pytest.param("a: {b: 1}\n", ("a", "b"), "1", id="value-in-flow-map"),
    pytest.param(
        "a:\n  b: 1\n  c:\n    d: 2\n\n# end\n", ("a",), "b: 1\n  c:\n    d: 2", id="block-map"
    ),
    pytest.param("a:\n- x\n- y\n# end\nb: 1\n", ("a",), "- x\n- y", id="block-seq"),
    pytest.param("a: &x 1\n", ("a",), "&x 1", id="anchored"),
    pytest.param("a: !!str 1\n", ("a",), "!!str 1", id="tagged"),
    pytest.param("a: &x {b: 1}\nc: *x\n", ("c",), "*x", id="alias"),
    pytest.param("a: &x {b: 1}\nc: *x\n", ("c", "b"), "1", id="through-alias"),
]


@pytest.mark.parametrize(("text", "path", "expected"), SPAN_CASES)
def test_value_span_covers_exactly_the_value_source(
    text: str, path: tuple[str, ...], expected: str
) -> None:
    document = parsed(text)
    assert spanned(text, value_at(document, *path).span) == expected


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        pytest.param("providers:\n  openai:\n", ("providers", "openai"), "openai", id="plain"),
        pytest.param("'a b': 1\n", ("a b",), "'a b'", id="single-quoted"),
        pytest.param('{"a": 1}', ("a",), '"a"', id="json"),
        pytest.param("x: {k: 1}\n", ("x", "k"), "k", id="flow"),
    ],
)
def test_key_span_covers_the_key_source(text: str, path: tuple[str, ...], expected: str) -> None:
    entry = parsed(text).entry_at(path)
    assert entry is not None
    assert spanned(text, entry.key_span) == expected


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        pytest.param("models:\n", ("models",), Span.at(0, 7, 7), id="end-of-text"),
        pytest.param("models:\nother: 1\n", ("models",), Span.at(0, 7, 7), id="next-key"),
        pytest.param("a:\n  b:   # note\n  c: 1\n", ("a", "b"), Span.at(1, 4, 4), id="comment"),
        pytest.param("a:\n  b:\n\n\n", ("a", "b"), Span.at(1, 4, 4), id="blank-lines"),
        pytest.param('"m" :\n', ("m",), Span.at(0, 5, 5), id="quoted-key-space"),
        pytest.param("x: {b: , c: 1}\n", ("x", "b"), Span.at(0, 6, 6), id="flow-colon"),
        pytest.param("x: {b, c: 1}\n", ("x", "b"), Span.at(0, 5, 5), id="flow-no-colon"),
    ],
)
def test_empty_value_is_an_empty_span_right_after_the_colon(
    text: str, path: tuple[str, ...], expected: Span
) -> None:
    value = value_at(parsed(text), *path)
    assert value.is_null
    assert value.span == expected


def test_empty_list_item_is_an_empty_span_right_after_the_dash() -> None:
    text = "a:\n  - \n  # c\n  -\n  - x\n"
    items = value_at(parsed(text), "a").items
    assert [item.span for item in items[:2]] == [Span.at(1, 3, 3), Span.at(3, 3, 3)]
    assert spanned(text, items[2].span) == "x"


def test_block_collection_ends_at_its_last_value_not_at_the_next_key() -> None:
    text = "providers:\n  openai:\n    models:\n      gpt-4o:\n  # c\n\nsettings: {}\n"
    document = parsed(text)
    assert value_at(document, "providers").span == Span(Position(1, 2), Position(3, 13))
    assert value_at(document, "providers", "openai", "models").span.end == Position(3, 13)


def test_columns_are_code_points_with_emoji_and_cjk() -> None:
    text = 'name: "😀中文"\n😀: 中文 x  # 注释\nk: [😀, é]\n'
    document = parsed(text)
    assert value_at(document, "name").span == Span.at(0, 6, 11)
    assert value_at(document, "name").scalar == "😀中文"
    entry = document.entry_at(("😀",))
    assert entry is not None
    assert entry.key_span == Span.at(1, 0, 1)
    assert entry.value.span == Span.at(1, 3, 7)
    assert entry.value.scalar == "中文 x"
    assert [item.span for item in value_at(document, "k").items] == [
        Span.at(2, 4, 5),
        Span.at(2, 7, 8),
    ]


def test_crlf_line_endings() -> None:
    text = "a: 1\r\nb:\r\n  c: 'x'\r\n"
    document = parsed(text)
    assert value_at(document, "b", "c").span == Span.at(2, 5, 8)
    assert value_at(document, "b").span == Span(Position(2, 2), Position(2, 8))


def test_byte_order_mark_and_unicode_line_separators_keep_columns_of_the_text() -> None:
    text = "\ufeffa: 1\nb: x\u2028y\nc: 2\n"
    document = parsed(text)
    assert value_at(document, "a").span == Span.at(0, 4, 5)
    assert spanned(text, value_at(document, "b").span) == "x\u2028y"
    assert value_at(document, "c").span == Span.at(2, 3, 4)


# --- scalars -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("true", True, id="true"),
        pytest.param("False", False, id="False"),
        pytest.param("yes", "yes", id="yes-is-a-string-in-1.2"),
        pytest.param("on", "on", id="on-is-a-string-in-1.2"),
        pytest.param("~", None, id="tilde"),
        pytest.param("null", None, id="null"),
        pytest.param("Null", None, id="Null"),
        pytest.param("", None, id="empty"),
        pytest.param("42", 42, id="int"),
        pytest.param("-7", -7, id="negative"),
        pytest.param("+12", 12, id="plus"),
        pytest.param("017", 17, id="leading-zero-is-decimal"),
        pytest.param("0o17", 15, id="octal"),
        pytest.param("0x1F", 31, id="hex"),
        pytest.param("1.5", 1.5, id="float"),
        pytest.param("1e3", 1000.0, id="exponent"),
        pytest.param(".5", 0.5, id="leading-dot"),
        pytest.param(".inf", math.inf, id="inf"),
        pytest.param("-.INF", -math.inf, id="minus-inf"),
        pytest.param("'42'", "42", id="quoted-int"),
        pytest.param('"true"', "true", id="quoted-bool"),
        pytest.param("2001-12-14", "2001-12-14", id="date-is-a-string"),
        pytest.param("gpt-4o-mini", "gpt-4o-mini", id="model-id"),
        pytest.param("llama3.1:8b", "llama3.1:8b", id="colon-inside"),
        pytest.param("!!str 1", "1", id="explicit-str"),
        pytest.param("!!int '3'", 3, id="explicit-int"),
        pytest.param("!!float 1", 1.0, id="explicit-float"),
        pytest.param("!custom x", "x", id="custom-tag"),
    ],
)
def test_scalars_resolve_to_yaml_1_2_core_types(source: str, expected: object) -> None:
    value = value_at(parsed(f"v: {source}\n"), "v")
    assert value.kind == "scalar"
    assert value.scalar == expected
    assert type(value.scalar) is type(expected)


def test_nan() -> None:
    scalar = value_at(parsed("v: .nan\n"), "v").scalar
    assert isinstance(scalar, float)
    assert math.isnan(scalar)


@pytest.mark.parametrize(
    ("source", "style", "text"),
    [
        pytest.param("plain words", "plain", "plain words", id="plain"),
        pytest.param("'it''s'", "single", "it's", id="single"),
        pytest.param('"tab\\there"', "double", "tab\there", id="double"),
        pytest.param("|\n  a\n  b\n", "literal", "a\nb\n", id="literal"),
        pytest.param(">\n  a\n  b\n", "folded", "a b\n", id="folded"),
    ],
)
def test_scalar_style_and_text(source: str, style: str, text: str) -> None:
    value = value_at(parsed(f"v: {source}\n"), "v")
    assert (value.style, value.text) == (style, text)


def test_non_string_keys_become_their_source_text() -> None:
    document = parsed("1: one\ntrue: yes\n~: nothing\n1.5: x\n? [a, b]\n: pair\n")
    assert document.root is not None
    assert [entry.key for entry in document.root.entries] == ["1", "true", "~", "1.5", "[a, b]"]


def test_kinds_of_top_level_documents() -> None:
    assert parsed("just text\n").root == Value(
        "scalar", Span.at(0, 0, 9), scalar="just text", text="just text"
    )
    sequence = parsed("- a\n- b\n").root
    assert sequence is not None
    assert sequence.kind == "seq"
    assert [item.scalar for item in sequence.items] == ["a", "b"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\n\n   \n", id="blank"),
        pytest.param("# just a comment\n  # another\n", id="comments"),
        pytest.param("---\n", id="bare-document-start"),
        pytest.param("--- # c\n...\n", id="empty-explicit-document"),
    ],
)
def test_empty_config_is_valid_and_has_no_root(text: str) -> None:
    document = parse_document(text)
    assert document.root is None
    assert document.syntax_errors == ()
    assert not document.too_large


# --- duplicates ----------------------------------------------------------------------------------


def test_duplicate_keys_keep_the_first_and_record_both_spans() -> None:
    text = "providers:\n  openai:\n    llm_type: a\n    llm_type: b\n    llm_type: c\n"
    document = parse_document(text)
    assert value_at(document, "providers", "openai", "llm_type").scalar == "a"
    openai = value_at(document, "providers", "openai")
    assert [entry.key for entry in openai.entries] == ["llm_type"]
    assert [(d.path, d.first, d.duplicate) for d in document.duplicate_keys] == [
        (("providers", "openai", "llm_type"), Span.at(2, 4, 12), Span.at(3, 4, 12)),
        (("providers", "openai", "llm_type"), Span.at(2, 4, 12), Span.at(4, 4, 12)),
    ]
    assert document.syntax_errors == ()


def test_duplicates_in_flow_maps_and_list_items_and_quoted_spellings() -> None:
    text = 'a: {x: 1, "x": 2}\nb:\n  - k: 1\n    k: 2\n  - k: 3\n'
    document = parse_document(text)
    assert [(d.path, spanned(text, d.duplicate)) for d in document.duplicate_keys] == [
        (("a", "x"), '"x"'),
        (("b", "k"), "k"),
    ]


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    text = "providers:\n  a:\n    models: {}\n  b:\n    models: {}\n"
    assert parse_document(text).duplicate_keys == ()


# --- syntax errors -------------------------------------------------------------------------------

BROKEN = [
    pytest.param(
        "a:\n\tb: 1\n",
        "tabs are not allowed for indentation in YAML; use spaces",
        Span.at(1, 0, 1),
        id="tab-indent",
    ),
    pytest.param(
        "a:\n  b: 1\n  \tc: 2\n",
        "tabs are not allowed for indentation in YAML; use spaces",
        Span.at(2, 2, 3),
        id="tab-after-spaces",
    ),
    pytest.param(
        "a: x\ty\n", "a tab is not allowed here in YAML; use spaces", Span.at(0, 4, 5), id="tab"
    ),
    pytest.param(
        "a: b: c\n", "mapping values are not allowed here", Span.at(0, 4, 5), id="mapping-values"
    ),
    pytest.param(
        "a: {b: 1\nc: 2\n",
        "expected ',' or '}', but got ':' (while parsing a flow mapping at line 1, column 4)",
        Span.at(1, 1, 2),
        id="unclosed-flow-map",
    ),
    pytest.param(
        "a: [1, 2\n",
        "expected ',' or ']', but got '<stream end>' (while parsing a flow sequence at line 1",
        Span.at(1, 0, 0),
        id="unclosed-flow-seq",
    ),
    pytest.param(
        'a: "abc\n',
        "found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)",
        Span.at(1, 0, 0),
        id="unclosed-quote",
    ),
    pytest.param(
        "a:\n    b: 1\n  c: 2\n",
        "expected <block end>, but found '<block mapping start>'",
        Span.at(2, 2, 4),
        id="bad-indentation",
    ),
    pytest.param(
        "a: b\x07\n", "character U+0007 is not allowed in YAML", Span.at(0, 4, 5), id="control"
    ),
    pytest.param("a: *nope\n", "found undefined alias 'nope'", Span.at(0, 3, 8), id="alias"),
    pytest.param(
        "a: " + "[" * 300 + "]" * 300 + "\n",
        "the config is nested too deeply (more than 200 levels)",
        Span.at(0, 202, 203),
        id="too-deep",
    ),
    pytest.param(
        '{\n  "a": 1,\n  "b": [1, 2\n}\n',
        "expected ',' or ']', but got '}'",
        Span.at(3, 0, 1),
        id="json-unclosed",
    ),
]


@pytest.mark.parametrize(("text", "message", "span"), BROKEN)
def test_syntax_errors_give_one_issue_and_no_root(text: str, message: str, span: Span) -> None:
    document = parse_document(text)
    assert document.root is None
    assert len(document.syntax_errors) == 1
    issue = document.syntax_errors[0]
    assert issue.message.startswith(message), issue.message
    assert issue.span == span
    assert_spans_inside(document)


def test_json_trailing_commas_are_issues_and_the_tree_is_kept() -> None:
    text = '{\n  "a": [1, 2,],\n  "b": {"c": 1 ,  # note\n  },\n}\n'
    document = parse_document(text)
    assert [(issue.message, issue.span) for issue in document.syntax_errors] == [
        ("trailing comma before ']' is not allowed in JSON", Span.at(1, 12, 13)),
        ("trailing comma before '}' is not allowed in JSON", Span.at(2, 15, 16)),
        ("trailing comma before '}' is not allowed in JSON", Span.at(3, 3, 4)),
    ]
    assert document.root is not None
    assert [item.scalar for item in value_at(document, "a").items] == [1, 2]


def test_trailing_comma_in_yaml_flow_is_fine() -> None:
    assert parse_document("a: [1, 2,]\n").syntax_errors == ()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        pytest.param("a: 1\n---\nb: 2\n", Span.at(1, 0, 3), id="dashes"),
        pytest.param("---\na: 1\n--- \nb: 2\n", Span.at(2, 0, 3), id="explicit-first"),
        pytest.param("a: 1\n...\nb: 2\n", Span.at(2, 0, 2), id="after-end-marker"),
    ],
)
def test_second_document_is_an_issue_and_the_first_is_used(text: str, span: Span) -> None:
    document = parse_document(text)
    assert [(issue.message, issue.span) for issue in document.syntax_errors] == [
        ("only one YAML document per config file; the first one is used", span)
    ]
    assert document.root is not None
    assert [entry.key for entry in document.root.entries] == ["a"]


def test_a_directive_without_a_document_is_an_issue() -> None:
    """ruamel's pure parser raised IndexError here until it was given a document record."""
    document = parse_document("%YAML 1.2")
    assert document.root is None
    [issue] = document.syntax_errors
    assert issue.message == "expected '<document start>', but found ('<stream end>',)"


def test_parser_crash_is_an_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    from modelforge_lsp.config.syntax import build

    class Crashing:
        def get_event(self) -> None:
            raise RuntimeError("boom")

    monkeypatch.setattr(build, "open_parser", lambda text, fast: Crashing())
    document = parse_document("a: [1]\n")  # a flow collection: no fast path, the parser reads it
    assert document.root is None
    [issue] = document.syntax_errors
    assert issue.message == "the YAML parser failed on this text (RuntimeError: boom)"


def test_broken_second_document_is_reported_and_the_first_kept() -> None:
    document = parse_document("a: 1\n---\nb: c: d\n")
    assert document.root is not None
    assert len(document.syntax_errors) == 1


# --- aliases -------------------------------------------------------------------------------------


def billion_laughs() -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    return text


def count_values(value: Value) -> int:
    return (
        1 + sum(count_values(e.value) for e in value.entries) + sum(map(count_values, value.items))
    )


def test_alias_bomb_is_capped_and_small() -> None:
    text = billion_laughs()  # 9**9 (387 million) strings if expanded
    tracemalloc.start()
    try:
        document = parse_document(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000
    assert document.alias_limited
    assert document.root is not None
    assert count_values(document.root) <= 110_000
    issues = [issue for issue in document.syntax_errors if "too many alias" in issue.message]
    assert len(issues) == 1
    assert spanned(text, issues[0].span).startswith("*")


def test_ordinary_aliases_expand() -> None:
    text = "base: &base\n  llm_type: openai_compatible\nproviders:\n  a: *base\n  b: *base\n"
    document = parsed(text)
    assert not document.alias_limited
    for name in ("a", "b"):
        assert value_at(document, "providers", name, "llm_type").scalar == "openai_compatible"
    assert spanned(text, value_at(document, "providers", "b").span) == "*base"


def test_recursive_alias_is_an_issue_not_a_hang() -> None:
    text = "a: &x [1, *x]\nb: *x\n"
    document = parse_document(text)
    assert [spanned(text, issue.span) for issue in document.syntax_errors] == ["*x"]
    assert "recursive alias" in document.syntax_errors[0].message
    assert [item.scalar for item in value_at(document, "b").items] == [1, None]


def test_reused_anchor_uses_the_latest_definition_without_warnings(
    recwarn: pytest.WarningsRecorder,
) -> None:
    document = parsed("a: &x 1\nb: &x 2\nc: *x\n")
    assert value_at(document, "c").scalar == 2
    assert len(recwarn) == 0


# --- size limit ----------------------------------------------------------------------------------


def test_text_over_the_limit_is_not_parsed() -> None:
    text = "providers:\n" + "  # filler\n" * 100
    document = parse_document(text, max_bytes=100)
    assert document.too_large
    assert document.root is None
    [issue] = document.syntax_errors
    assert issue.span.start == Position(0, 0)
    assert issue.span.end.line == 0
    assert f"{len(text.encode())}" in issue.message.replace(",", "")
    assert "100 bytes" in issue.message


def test_the_limit_counts_utf8_bytes() -> None:
    text = "a: " + "😀" * 30  # 33 characters, 123 bytes
    assert parse_document(text, max_bytes=123).root is not None
    assert parse_document(text, max_bytes=122).too_large


# --- JSON ----------------------------------------------------------------------------------------


def shape(value: Value | None) -> Any:
    """A value without positions, for comparing trees."""
    if value is None:
        return None
    if value.kind == "map":
        return {entry.key: shape(entry.value) for entry in value.entries}
    if value.kind == "seq":
        return [shape(item) for item in value.items]
    return value.scalar


def test_json_config_gives_the_same_tree_as_its_yaml_twin() -> None:
    from_yaml = parsed((DATA / "config.yaml").read_text())
    json_text = (DATA / "config.json").read_text()
    from_json = parsed(json_text)
    assert shape(from_json.root) == shape(from_yaml.root)
    assert shape(value_at(from_json, "providers", "ollama", "models")) == {
        "llama3.1:8b": {"api_model_name": "llama3.1:8b"}
    }
    assert value_at(from_json, "settings", "show_telemetry").scalar is True
    entry = from_json.entry_at(("providers", "openai", "llm_type"))
    assert entry is not None
    assert spanned(json_text, entry.key_span) == '"llm_type"'
    assert spanned(json_text, entry.value.span) == '"openai_compatible"'


def test_compact_json_parses() -> None:
    document = parsed('{"a":1,"b":[true,null,"x"],"c":{"d":1.5E3}}')
    assert shape(document.root) == {"a": 1, "b": [True, None, "x"], "c": {"d": 1500.0}}


# --- never raises --------------------------------------------------------------------------------

YAMLISH_PIECES = [
    "providers",
    "openai",
    "gpt-4o",
    "llm_type",
    ":",
    ": ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "- ",
    "-",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    '"',
    "\\",
    "# c",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "|",
    ">-",
    "---",
    "...",
    "!!str ",
    "!x ",
    "%YAML 1.2",
    "<<: ",
    "1",
    "0x1F",
    "true",
    "~",
    "😀",
    "中文",
    "\ufeff",
    "\x00",
    "\u2028",
]
yamlish = st.lists(st.sampled_from(YAMLISH_PIECES), max_size=60).map("".join)


def assert_well_formed(document: ConfigDocument) -> None:
    assert_spans_inside(document)
    for issue in document.syntax_errors:
        assert not issue.message.startswith("internal error"), issue.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_without_raising(text: str) -> None:
    assert_well_formed(parse_document(text))


@settings(max_examples=1000, deadline=None)
@given(yamlish)
def test_yamlish_text_parses_without_raising(text: str) -> None:
    assert_well_formed(parse_document(text))


def test_realistic_config_spans_are_inside_and_exact() -> None:
    text = (DATA / "config.yaml").read_text()
    document = parsed(text)
    assert_well_formed(document)
    for _, entry in document.walk():
        assert spanned(text, entry.key_span) == entry.key
        if entry.value.kind == "scalar" and entry.value.style == "plain":
            assert spanned(text, entry.value.span) == entry.value.text
