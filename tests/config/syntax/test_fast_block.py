"""The fast path for plain block YAML (``fast_block``): the full path's document, or no answer.

Every text here is parsed twice -- ``parse_document`` and ``parse._parse_full`` (no fast path)
-- and the two documents must agree in every field (``repr``: a NaN equals itself there). The
generated texts are built to stay inside the subset, and the tests say so, so they cannot pass
by falling back; the fallback triggers are each shown to fall back.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.config.syntax import ConfigDocument, parse_document
from modelforge_lsp.config.syntax.fast_block import block_tree
from modelforge_lsp.config.syntax.parse import _parse_full
from modelforge_lsp.config.syntax.reading import MAX_DEPTH, MAX_NODES

DATA = Path(__file__).parents[2] / "data"
PAD = "# padding: the C parser reads texts from FAST_PARSE_CHARS characters on\n" * 60
"""Prefixed to a small text, past ``FAST_PARSE_CHARS``: libyaml's events are the reference."""
SCALARS = [
    "x",
    "openai_compatible",
    "https://api.example.com/v1",
    "x:y",
    "a b  c",
    "a#b",
    "-1",
    "+1",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    "1e3",
    ".inf",
    "-.Inf",
    ".nan",
    "true",
    "False",
    "yes",
    "off",
    "null",
    "~",
    "Null",
    "2025-01-01",
    "<<",
    "=",
    "é 中文 😀",
    "a, b [c] {d}",
    "b &c *d !e |f >g",
]
KEYS = [
    "providers",
    "openai",
    "gpt-4o",
    "1",
    "true",
    "~",
    "k",
    "k",
    "a:b",
    "a  b",
    "x#y",
    "a:",
    "²",
]


def document_fields(document: ConfigDocument) -> str:
    return repr(
        (
            document.root,
            document.syntax_errors,
            document.duplicate_keys,
            document.alias_limited,
            document.too_large,
        )
    )


def assert_same(text: str) -> None:
    assert document_fields(parse_document(text)) == document_fields(_parse_full(text))


def config(providers: int, models: int) -> str:
    """A config shaped like the bench's (``bench/lsp_bench.generate_config``)."""
    lines = ["providers:"]
    for p in range(providers):
        lines += [f"  p{p}:", "    llm_type: openai_compatible"]
        lines += [f'    base_url: "https://p{p}.example/v1"', "    auth_strategy: api_key"]
        lines += ["    headers:", "      X-Title: modelforge", "    models:"]
        lines += [f"      vendor/model-{p}-{m}: {{}}" for m in range(models)]
        lines.append(f'      "vendor/model-{p}:free": {{}}')
    lines += ["current_model:", "  provider: p0", "  model: vendor/model-0-0", ""]
    return "\n".join(lines)


_KEY_LINE = re.compile(r"( *(?:- +)?)([^ :#][^:#]*):( +.*)?$")


def mutate(rng: random.Random, text: str) -> str:
    """``text`` edited the way a user types: mostly still inside the subset, sometimes not."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines))
        line = lines[at]
        match = _KEY_LINE.match(line)
        edit = rng.randrange(12)
        if edit == 0 and match:  # rename a key (maybe to a sibling's name)
            lines[at] = f"{match[1]}{rng.choice(KEYS)}:{match[3] or ''}"
        elif edit == 1:  # copy a line elsewhere
            lines.insert(at, rng.choice(lines))
        elif edit == 2 and len(lines) > 1:
            del lines[at]
        elif edit == 3:  # indentation
            lines[at] = " " * rng.randint(0, 2) + line[rng.randint(0, 2) :]
        elif edit == 4 and match:  # a quoted key or value
            quote = rng.choice("\"'")
            value = (match[3] or " v").strip()
            lines[at] = f"{match[1]}{quote}{match[2]}{quote}: {quote}{value}{quote}"
        elif edit == 5:
            lines[at] = line + rng.choice(["  # note", " #", "#x"])
        elif edit == 6:
            lines.insert(at, " " * rng.randint(0, 8) + rng.choice(["# comment", "", "   "]))
        elif edit == 7:
            lines[at] = line + " " * rng.randint(1, 3)
        elif edit == 8 and match:  # an empty value
            lines[at] = f"{match[1]}{match[2]}:"
        elif edit == 9:  # a sequence item, or one less
            indent = len(line) - len(line.lstrip(" "))
            stripped = line[indent:]
            item = stripped[2:] if stripped.startswith("- ") else "- " + stripped
            lines[at] = line[:indent] + item
        elif edit == 10 and match:
            lines[at] = f"{match[1]}{match[2]}: {rng.choice([*SCALARS, '{}', '[]'])}"
        elif edit == 11:
            lines.insert(0, "---")
    return "\n".join(lines)


def mutated_corpus(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    bases = [config(2, 3), config(3, 20), (DATA / "config" / "config.yaml").read_text()]
    texts = []
    for _ in range(count):
        text = mutate(rng, rng.choice(bases))
        texts.append(PAD + text if rng.random() < 0.3 else text)
    return texts


# --- the generated subset -----------------------------------------------------------------------


FLOWS = [
    "{provider: openai, model: gpt-4o}",
    "{ provider: openai,  model: gpt-4o }",
    "[a, b]",
    "[1, 2.5, true, ~, null]",
    "{ }",
    "[ ]",
    "{a}",
    "{a: }",
    "{a: 1, b}",
    "[a: 1]",
    "{x-y: 1.5e3, z: -1}",
    "[é, ²]",
]
"""One-line flow collections the subset takes (``fast_flow``)."""


@st.composite
def subset_yaml(draw: st.DrawFn) -> str:
    """A block-YAML text inside the subset: nested mappings and sequences (indented, at their
    key's column, or ``- key:`` on the dash's line), every scalar style it allows, empty values,
    comments, blank lines, trailing blanks, duplicate keys, an indented root, an optional
    ``---``, with or without a final line break; past ``FAST_PARSE_CHARS`` or not."""
    out: list[str] = []

    def tail() -> str:
        return draw(st.sampled_from(["", "", "  ", " # note"]))

    def leaf() -> str:
        text = draw(st.sampled_from([*SCALARS, "{}", "[]", *FLOWS]))
        quote = draw(st.sampled_from(["", "", '"', "'"]))
        return text if text[0] in "{[" else quote + text + quote

    def node(column: int, depth: int, head: str) -> None:
        """The value after ``head`` (``key:`` or ``-`` at ``column``, with what leads it)."""
        kind = draw(st.sampled_from(["leaf", "empty", "map", "seq"] if depth < 4 else ["leaf"]))
        if kind == "leaf":
            out.append(f"{head} {leaf()}{tail()}")
        elif kind == "empty":
            out.append(head + tail())
        elif kind == "map" and head.endswith("-") and draw(st.booleans()):
            gap = draw(st.integers(1, 2))
            body("map", len(head) + gap, depth, head + " " * gap)  # ``- key: ...``
        elif kind == "seq" and head.endswith(":") and draw(st.booleans()):
            out.append(head + tail())
            body("seq", column, depth, " " * column)  # at the key's own column
        else:
            out.append(head + tail())
            inner = column + draw(st.integers(1, 3))
            body(kind, inner, depth, " " * inner)

    def body(kind: str, column: int, depth: int, first_head: str) -> None:
        for index in range(draw(st.integers(1, 3))):
            if index and draw(st.integers(0, 3)) == 0:
                out.append(draw(st.sampled_from(["", "   ", "# c", " " * column + "# c"])))
            lead = first_head if index == 0 else " " * column
            if kind == "map":
                key = draw(st.sampled_from(KEYS))
                key = draw(st.sampled_from([key, key, f'"{key}"', f"'{key}'"]))
                node(column, depth + 1, f"{lead}{key}:")
            else:
                node(column, depth + 1, f"{lead}-")

    if draw(st.booleans()):
        out.append(draw(st.sampled_from(["---", "# head", ""])))
    column = draw(st.integers(0, 2))
    body(draw(st.sampled_from(["map", "seq"])), column, 0, " " * column)
    text = "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n# end\n", "\n  \n"]))
    return PAD + text if draw(st.booleans()) else text


@settings(max_examples=600, deadline=None)
@given(subset_yaml())
def test_generated_subset_takes_the_fast_path_to_the_same_document(text: str) -> None:
    assert block_tree(text) is not None, text
    assert_same(text)


def test_configs_of_every_size_take_the_fast_path_to_the_same_document() -> None:
    texts = [
        config(1, 1),
        config(3, 30),
        config(40, 100),
        (DATA / "config" / "config.yaml").read_text(),
    ]
    for text in texts:
        assert block_tree(text) is not None
        assert_same(text)


def test_mutated_configs_give_the_same_document_whichever_path_they_take() -> None:
    texts = mutated_corpus(400, seed=11)
    fast = 0
    for text in texts:
        fast += block_tree(text) is not None
        assert_same(text)
    assert fast > len(texts) // 3  # most edits keep to the subset


def test_test_data_configs_give_the_same_document() -> None:
    for path in sorted(DATA.rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.stat().st_size < 200_000:
            assert_same(path.read_text())


def test_duplicate_keys_take_the_fast_path_and_keep_the_first() -> None:
    text = "a: 1\nb:\n  c: 1\n  c: 2\na:\n  d: 1\n  d: 2\n'a': 3\n"
    document = parse_document(text)
    assert block_tree(text) is not None
    assert [d.path for d in document.duplicate_keys] == [("b", "c"), ("a",), ("a",)]
    assert_same(text)


MODEL_LINES = [
    "a:: {}",
    "a:b: {}",
    "a  b: {}",
    "x#y: {}",
    "²: {}",
    "é: {}",
    "-1: {}",
    "'q': {}",
    '"a b": {}',
    "a #b: {}",
    "a : {}",
    "a: b: {}",
    "a: {}  ",
    "a: {} # c",
    "a:  {}",
]


@pytest.mark.parametrize("line", MODEL_LINES)
def test_model_lines_read_without_the_regex_are_what_the_regex_reads(line: str) -> None:
    head = "m:\n  x: {}\n"  # a key line before: the line is read without the regex
    texts = [f"{head}  {line}\n", f"{head}  {line}\n  y: {{}}\n  {line}\n", f"{head}{line}\n"]
    texts.append(f"m:\n- x\n{line}\n")  # after a sequence at its key's column: its mapping's
    for text in texts:
        assert_same(text)
        assert_same(PAD + text)


# --- what falls back ----------------------------------------------------------------------------

FALLBACKS = {
    "anchor": "a: &x 1\n",
    "alias": "a: 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "nested flow": "a: {b: {c: 1}}\n",
    "nested flow sequence": "a: [1, [2]]\n",
    "flow over two lines": "a: {b: 1,\n  c: 2}\n",
    "quoted in a flow": "a: {b: 'x'}\n",
    "anchor in a flow": "a: [&x 1]\n",
    "trailing comma in a flow": "a: {b: 1,}\n",
    "duplicate in a flow": "a: {b: 1, b: 2}\n",
    "unclosed flow": "a: [1, 2\n",
    "text after a flow": "a: {b: 1}c\n",
    "mismatched brackets": "a: {b: 1]\n",
    "flow key in a flow": "a: {[b]: 1}\n",
    "explicit key in a flow": "a: {?  ,b}\n",
    "error in a duplicate's flow": "a: 1\na: {b: 1, b: 2}\n",
    "more flow lines than fast_flow reads": "".join(f"k{n}: [x]\n" for n in range(65)),
    "literal block": "a: |\n  x\n",
    "folded block": "a: >-\n  x\n",
    "multi-line plain": "a: b\n  c\n",
    "multi-line quoted": 'a: "b\n  c"\n',
    "plain alone on its line": "a:\n  b\n",
    "tab in indentation": "a:\n\tb: 1\n",
    "tab in a value": "a: b\tc\n",
    "odd indentation": "a:\n    b: 1\n  c: 2\n",
    "deeper after a value": "a: 1\n  b: 2\n",
    "dash among keys": "a: 1\n- x\n",
    "nested dash on the dash's line": "- - x\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "byte order mark": "\ufeffa: 1\n",
    "crlf": "a: 1\r\nb: 2\r\n",
    "cr": "a: 1\rb: 2\r",
    "line separator": "a: b\u2028c\n",
    "next line": "a: b\x85c\n",
    "control character": "a: \x07\n",
    "delete character": "a: \x7f\n",
    "null character": "a: \x00\n",
    "control character past ASCII": "a: \x9f\u00e9\n",
    "explicit key": "? a\n: b\n",
    "flow key": "[a]: b\n",
    "json": '{"a": 1}\n',
    "escape": 'a: "x\\ty"\n',
    "doubled quote": "a: 'it''s'\n",
    "second document": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "second header": "---\n---\na: 1\n",
    "scalar document": "hello\n",
    "value after value": "a: b: c\n",
    "unclosed quote": 'a: "b\n',
    "comment without a blank": "a: {}#c\n",
    "key near the simple-key limit": "k" * 1_001 + ": 1\n",
}


@pytest.mark.parametrize("text", list(FALLBACKS.values()), ids=list(FALLBACKS))
def test_text_outside_the_subset_falls_back_to_the_full_path(text: str) -> None:
    assert block_tree(text) is None
    assert block_tree(PAD + text) is None
    assert_same(text)
    assert_same(PAD + text)


def test_nesting_near_the_depth_limit_falls_back() -> None:
    def nested(levels: int) -> str:
        return "".join(" " * level + "k:\n" for level in range(levels))

    assert block_tree(nested(MAX_DEPTH // 4)) is not None
    assert_same(nested(MAX_DEPTH // 4))
    assert block_tree(nested(MAX_DEPTH - 10)) is None


def test_a_tree_near_the_node_limit_falls_back() -> None:
    under = "".join(f"k{n}: 1\n" for n in range(MAX_NODES // 2 - 1_000))
    assert block_tree(under) is not None
    near = "".join(f"k{n}: 1\n" for n in range(MAX_NODES // 2 - 100))  # parses, the full way
    assert block_tree(near) is None
    over = "".join(f"k{n}: 1\n" for n in range(MAX_NODES // 2 + 1))  # the full way's issue
    assert block_tree(over) is None


@pytest.mark.parametrize(
    "last",
    [
        "current_model: {provider: p, model: {name: m}}",
        "current_model: [p, m",
        "current_model: {provider: 'p'}",
        "other: &anchor x",
        "other: *anchor",
        "other: !!str x",
        "notes: |",
        "- >",
    ],
)
def test_a_value_surely_outside_is_found_before_any_line_is_read(
    last: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2 MB config ending in a flow mapping was read whole, then again by the full path."""
    from modelforge_lsp.config.syntax import fast_block

    def refuse(*_: object) -> None:
        raise AssertionError("the lines were read")

    monkeypatch.setattr(fast_block._Reader, "read", refuse)
    text = "providers:\n  p:\n    models:\n" + "      m: {}\n" * 50 + last + "\n"
    assert fast_block.block_tree(text) is None


@pytest.mark.parametrize("flow", FLOWS)
def test_one_line_flow_collections_take_the_fast_path_to_the_same_document(flow: str) -> None:
    for text in (
        f"current_model: {flow}\n",
        f"providers:\n  p:\n    models:\n      m: {flow}  # note\n    list:\n    - {flow}\n",
        f"a:\n- x: {flow}\n  y: 1\n",
        f"a: 1\na: {flow}\n",  # a duplicate's value, read for nothing but its errors
        "providers:\n  p:\n    models:\n"
        + "".join(f"      m{n}: {{}}\n" for n in range(3_000))
        + f"k: {flow}\n",
    ):
        assert block_tree(text) is not None, text
        assert_same(text)


def test_a_big_config_ending_in_a_flow_mapping_takes_the_fast_path() -> None:
    """The 2 MB config of ``bench/big_config_bench.py`` ends this way: 0.9 s the full way."""
    text = config(40, 100) + "current_model: {provider: p0, model: vendor/model-0-0}\n"
    assert block_tree(text) is not None
    assert_same(text)


def test_empty_collections_and_quoted_braces_are_not_outside() -> None:
    from modelforge_lsp.config.syntax import fast_block

    text = 'providers:\n  p:\n    models:\n      m: {}\n      n: []\n    note: "{x} & *y"\n'
    assert fast_block.block_tree(text) is not None


INSIDE = ((0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0x2027), (0x202A, 0xD7FF), (0xE000, 0xFEFE))
INSIDE += ((0xFF00, 0xFFFD), (0x10000, 0x10FFFF))
"""The code points the fast path reads itself, as ranges: YAML's printable set without tabs,
carriage returns, NEL, the line and paragraph separators and the byte order mark."""


def _edges() -> list[int]:
    points = {p for low, high in INSIDE for p in (low - 1, low, high, high + 1)}
    return sorted(p for p in points if 0 <= p <= 0x10FFFF and p != 0x0A)


@pytest.mark.parametrize("point", _edges(), ids=lambda p: f"U+{p:04X}")
def test_each_edge_of_the_subsets_characters_is_read_or_left_as_its_range_says(point: int) -> None:
    text = f"a: \u00e9b{chr(point)}c\n"  # one non-ASCII letter: the regex decides, not isprintable
    inside = any(low <= point <= high for low, high in INSIDE)
    assert (block_tree(text) is not None) is inside
    assert_same(text)
