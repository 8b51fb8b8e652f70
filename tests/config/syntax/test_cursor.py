"""``cursor_context``: what is under the cursor, read from the text (which rarely parses)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.config.syntax import CursorContext, Position, Span, cursor_context

CURSOR = "‸"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def at(marked: str) -> tuple[str, Position]:
    """The text without the cursor mark ``‸``, and the position of the mark."""
    index = marked.index(CURSOR)
    text = marked[:index] + marked[index + 1 :]
    before = _LINE_BREAK.split(marked[:index])
    return text, Position(len(before) - 1, len(before[-1]))


def context(marked: str) -> CursorContext:
    return cursor_context(*at(marked))


CONFIG = """\
providers:
  openai:
    llm_type: openai_compatible
    base_url: https://api.openai.com/v1   # comment
    models:
      gpt-4o-mini:
        api_model_name: gpt-4o
      {line}
current_model:
  provider: openai
"""


def config(line: str) -> str:
    return CONFIG.format(line=line)


CASES = [
    pytest.param(
        config("gpt-4o-mi‸"),
        {
            "role": "key",
            "path": ("providers", "openai", "models"),
            "key": "gpt-4o-mi",
            "word": "gpt-4o-mi",
            "prefix": "gpt-4o-mi",
            "word_span": Span.at(7, 6, 15),
            "indent": 6,
            "sibling_keys": ("gpt-4o-mini",),
            "in_flow": False,
        },
        id="half-typed-key",
    ),
    pytest.param(
        config("gpt-4o-m‸ini:"),
        {"role": "key", "key": "gpt-4o-mini", "word": "gpt-4o-mini", "prefix": "gpt-4o-m"},
        id="key-with-colon",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type: ‸"),
        {
            "role": "value",
            "path": ("providers", "openai"),
            "key": "llm_type",
            "word": "",
            "prefix": "",
            "word_span": Span.at(2, 14, 14),
            "indent": 4,
            "sibling_keys": ("base_url", "models"),
        },
        id="value-position",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type:‸"),
        {"role": "value", "key": "llm_type", "word": ""},
        id="right-after-colon",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type‸:"),
        {"role": "key", "key": "llm_type", "word": "llm_type", "prefix": "llm_type"},
        id="right-before-colon",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type: open‸"),
        {"role": "value", "key": "llm_type", "word": "open", "prefix": "open"},
        id="half-typed-value",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type: open‸ai_compatible"),
        {"role": "value", "word": "openai_compatible", "prefix": "open"},
        id="inside-value",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", "llm_type: 'op‸en'"),
        {"role": "value", "key": "llm_type", "word": "open", "prefix": "op"},
        id="single-quoted-value",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", 'llm_type: "op‸'),
        {"role": "value", "key": "llm_type", "word": "op", "word_span": Span.at(2, 15, 17)},
        id="unclosed-quote",
    ),
    pytest.param(
        config("").replace("llm_type: openai_compatible", 'llm_type: "a #b‸" # real'),
        {"role": "value", "key": "llm_type", "word": "a #b", "prefix": "a #b"},
        id="hash-inside-quotes",
    ),
    pytest.param(
        config("").replace("https://api.openai.com/v1", "https://x.io/v1#frag‸"),
        {"role": "value", "key": "base_url", "word": "https://x.io/v1#frag"},
        id="hash-inside-plain",
    ),
    pytest.param(
        config('"gpt-‸4o":'),
        {"role": "key", "key": "gpt-4o", "word": "gpt-4o", "prefix": "gpt-"},
        id="quoted-key",
    ),
    pytest.param(
        config("").replace("api_model_name: gpt-4o", "api_model_name: gpt-‸4o"),
        {
            "role": "value",
            "path": ("providers", "openai", "models", "gpt-4o-mini"),
            "key": "api_model_name",
            "word": "gpt-4o",
        },
        id="hover-model-value",
    ),
    pytest.param(
        config("").replace("gpt-4o-mini:", "gpt-4o-‸mini:"),
        {"role": "key", "path": ("providers", "openai", "models"), "word": "gpt-4o-mini"},
        id="hover-model-alias",
    ),
    pytest.param(
        config("").replace("https://api.openai.com/v1", "https://api.open‸ai.com/v1"),
        {"role": "value", "key": "base_url", "word": "https://api.openai.com/v1"},
        id="url-value-with-colons",
    ),
    pytest.param(
        config("  ‸"),
        {
            "role": "key",
            "path": ("providers", "openai", "models", "gpt-4o-mini"),
            "key": "",
            "indent": 8,
            "sibling_keys": ("api_model_name",),
        },
        id="blank-line-deeper",
    ),
    pytest.param(
        config("‸"),
        {"role": "key", "path": ("providers", "openai", "models"), "indent": 6},
        id="blank-line-same",
    ),
    pytest.param(
        config("").replace("      \ncurrent", "‸\ncurrent"),
        {"role": "key", "path": (), "indent": 0, "sibling_keys": ("providers", "current_model")},
        id="blank-line-top",
    ),
    pytest.param(
        config("    ‸"),
        {
            "role": "none",
            "key": None,
            "path": ("providers", "openai", "models", "gpt-4o-mini"),
            "sibling_keys": (),
        },
        id="blank-under-scalar",
    ),
    pytest.param(
        config("# a comm‸ent"),
        {"role": "none", "key": None, "word": "", "path": ("providers", "openai", "models")},
        id="comment-line",
    ),
    pytest.param(
        config("").replace("# comment", "# comm‸ent"),
        {"role": "none", "key": None, "word": ""},
        id="after-hash",
    ),
    pytest.param(
        config("").replace("v1   # comment", "v1 ‸  # comment"),
        {"role": "value", "key": "base_url", "word": ""},
        id="before-trailing-comment",
    ),
    pytest.param(
        "providers:\n  openai: {llm_type: op‸}\n",
        {
            "role": "value",
            "path": ("providers", "openai"),
            "key": "llm_type",
            "word": "op",
            "in_flow": True,
            "indent": 2,
        },
        id="flow-map-value",
    ),
    pytest.param(
        "providers:\n  openai: {llm_type: x, models: {}, ‸}\n",
        {
            "role": "key",
            "path": ("providers", "openai"),
            "key": "",
            "sibling_keys": ("llm_type", "models"),
            "in_flow": True,
        },
        id="flow-map-new-key",
    ),
    pytest.param(
        "providers:\n  openai: {llm_ty‸, models: {gpt-4o: {}}}\n",
        {"role": "key", "path": ("providers", "openai"), "key": "llm_ty", "in_flow": True},
        id="flow-map-half-key",
    ),
    pytest.param(
        "providers: {openai: {models: {gpt-4o: {api_model_name: gp‸}}}}\n",
        {
            "role": "value",
            "path": ("providers", "openai", "models", "gpt-4o"),
            "key": "api_model_name",
            "word": "gp",
        },
        id="nested-flow",
    ),
    pytest.param(
        "fallbacks: [gpt-4o, gpt‸]\n",
        {"role": "value", "path": (), "key": "fallbacks", "word": "gpt", "in_flow": True},
        id="flow-seq-item",
    ),
    pytest.param(
        "settings:\n  fallbacks:\n    - gpt-4o\n    - gp‸\n",
        {"role": "value", "path": ("settings",), "key": "fallbacks", "word": "gp", "indent": 6},
        id="block-seq-item",
    ),
    pytest.param(
        "items:\n  - name: a\n    val‸\n  - name: b\n    other: 1\n",
        {"role": "key", "path": ("items",), "key": "val", "sibling_keys": ("name",)},
        id="mapping-in-list-item",
    ),
    pytest.param(
        "providers:\n  - openai:\n      llm_type: ‸\n",
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type"},
        id="dash-parent",
    ),
    pytest.param(
        "providers:\n  broken: {llm_type: x, models: [a\n  openai:\n    llm_type: op‸\n",
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type", "in_flow": False},
        id="unclosed-flow-on-another-line",
    ),
    pytest.param(
        "providers:\n  openai:\n    llm_type: op‸\n  other: [\n  x: {\n",
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type", "in_flow": False},
        id="unclosed-flow-after",
    ),
    pytest.param(
        "providers:\n  a: 'unclosed\n  openai:\n    models:\n      gp‸\n",
        {"role": "key", "path": ("providers", "openai", "models"), "word": "gp"},
        id="unclosed-quote-on-another-line",
    ),
    pytest.param(
        "providers:\r\n  openai:\r\n    llm_type: op‸\r\n    models: {}\r\n",
        {
            "role": "value",
            "path": ("providers", "openai"),
            "key": "llm_type",
            "word": "op",
            "word_span": Span.at(2, 14, 16),
            "sibling_keys": ("models",),
        },
        id="crlf",
    ),
    pytest.param(
        "providers:\n\topenai:\n\t\tllm_type: op‸\n",
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type", "indent": 2},
        id="tabs-one-column-each",
    ),
    pytest.param(
        "providers:\n    openai:\n\tllm_type: op‸\n",
        {"role": "value", "path": ("providers",), "key": "llm_type", "indent": 1},
        id="tab-is-one-column-not-eight",
    ),
    pytest.param(
        '{\n  "providers": {\n    "openai": {\n      "llm_type": "op‸",\n'
        '      "base_url": "https://x"\n    }\n  }\n}\n',
        {
            "role": "value",
            "path": ("providers", "openai"),
            "key": "llm_type",
            "word": "op",
            "sibling_keys": ("base_url",),
            "in_flow": True,
        },
        id="json-pretty",
    ),
    pytest.param(
        '{\n  "providers": {\n    "openai": {\n      "llm_type": "x",\n      "‸"\n',
        {"role": "key", "path": ("providers", "openai"), "key": "", "sibling_keys": ("llm_type",)},
        id="json-new-key",
    ),
    pytest.param(
        '{"providers": {"openai": {"llm_type": "op‸"}}}',
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type", "in_flow": True},
        id="json-one-line",
    ),
    pytest.param(
        "providers:\n  openai:\n    description: |\n      some: text\n        mo‸re\n",
        {
            "role": "value",
            "path": ("providers", "openai"),
            "key": "description",
            "word": "more",
            "prefix": "mo",
        },
        id="inside-block-scalar",
    ),
    pytest.param(
        "providers:\n  openai:\n    description: |\n      text\n    llm_type: ‸\n",
        {"role": "value", "path": ("providers", "openai"), "key": "llm_type"},
        id="after-block-scalar",
    ),
    pytest.param(
        "providers:\n  😀: {名前: 中‸文}\n",
        {
            "role": "value",
            "path": ("providers", "😀"),
            "key": "名前",
            "word": "中文",
            "word_span": Span.at(1, 10, 12),
        },
        id="non-ascii",
    ),
    pytest.param(
        "pro‸",
        {"role": "key", "path": (), "key": "pro", "indent": 0},
        id="top-level-key",
    ),
    pytest.param(
        "‸",
        {"role": "key", "path": (), "key": "", "word_span": Span.at(0, 0, 0)},
        id="empty-text",
    ),
]


@pytest.mark.parametrize(("marked", "expected"), CASES)
def test_cursor_context(marked: str, expected: dict[str, Any]) -> None:
    found = context(marked)
    assert {name: getattr(found, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("position", "line_text"),
    [
        pytest.param(Position(2, 99), "    llm_type: op", id="beyond-line-end"),
        pytest.param(Position(2, 16), "    llm_type: op", id="at-line-end"),
    ],
)
def test_cursor_beyond_or_at_line_end_is_the_line_end(position: Position, line_text: str) -> None:
    text = "providers:\n  openai:\n    llm_type: op\n"
    found = cursor_context(text, position)
    assert (found.role, found.key, found.word, found.prefix) == ("value", "llm_type", "op", "op")
    assert found.word_span == Span.at(2, 14, len(line_text))


@pytest.mark.parametrize(
    ("text", "position"),
    [
        pytest.param("providers:\n  openai:\n", Position(7, 3), id="past-the-end"),
        pytest.param("providers:\n  openai:", Position(2, 0), id="just-past-the-end"),
        pytest.param("", Position(3, 5), id="empty"),
    ],
)
def test_line_past_the_end_is_an_empty_line(text: str, position: Position) -> None:
    found = cursor_context(text, position)
    assert (found.role, found.path, found.key, found.word) == ("key", (), "", "")
    assert found.word_span == Span.at(position.line, 0, 0)


def test_full_path() -> None:
    hover_value = context(config("").replace("api_model_name: gpt-4o", "api_model_name: gp‸t-4o"))
    assert hover_value.full_path == (
        "providers",
        "openai",
        "models",
        "gpt-4o-mini",
        "api_model_name",
    )
    alias = context(config("gpt-4o‸"))
    assert alias.full_path == ("providers", "openai", "models", "gpt-4o")
    assert context(config("# c‸")).full_path == ("providers", "openai", "models")
    assert context(config("‸")).full_path == ("providers", "openai", "models")


def test_sibling_keys_come_from_the_whole_mapping() -> None:
    text = "providers:\n  a:\n    llm_type: x\n    ‸\n    models: {}\n    base_url: y\n  b: {}\n"
    assert context(text).sibling_keys == ("llm_type", "models", "base_url")


# --- never raises --------------------------------------------------------------------------------

PIECES = [
    "providers",
    "openai",
    "gpt-4o",
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
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    '"',
    "\\",
    "#",
    " # c",
    "|",
    ">",
    "&a ",
    "*a",
    "😀",
    "中",
]
texts = st.one_of(
    st.text(max_size=120), st.lists(st.sampled_from(PIECES), max_size=50).map("".join)
)
positions = st.builds(Position, st.integers(0, 30), st.integers(0, 200))


@settings(max_examples=2000, deadline=None)
@given(texts, positions)
def test_any_text_and_position_gives_a_context(text: str, position: Position) -> None:
    found = cursor_context(text, position)
    lines = _LINE_BREAK.split(text)
    line = lines[position.line] if position.line < len(lines) else ""
    span = found.word_span
    assert span.start.line == span.end.line == position.line
    assert 0 <= span.start.character <= span.end.character <= len(line)
    assert found.word == line[span.start.character : span.end.character]
    assert found.word.startswith(found.prefix)
    assert found.role in ("key", "value", "none")
    if found.role == "none":
        assert found.key is None
    if found.role == "key":
        assert found.key == found.word
    assert len(set(found.sibling_keys)) == len(found.sibling_keys)
    assert "" not in found.sibling_keys


def test_without_siblings_only_the_lines_own_keys_are_read() -> None:
    text = "providers:\n  openai:\n    llm_type: openai_compatible\n    base_url: x\n    mo\n"
    position = Position(4, 6)
    full = cursor_context(text, position)
    bare = cursor_context(text, position, siblings=False)
    assert set(full.sibling_keys) == {"llm_type", "base_url"}
    assert bare.sibling_keys == ()
    assert (bare.path, bare.role, bare.key, bare.word_span) == (
        full.path,
        full.role,
        full.key,
        full.word_span,
    )
