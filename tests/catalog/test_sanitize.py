"""``catalog.sanitize`` and the parser's use of it: catalog data is made plain data once.

The end-to-end proofs (the real CLI and server against a hostile mirror) are in
``tests/cli/test_hostile_catalog.py`` and ``tests/server/test_hostile_catalog.py``; these pin the
boundary itself, table by table.
"""

from __future__ import annotations

import copy
import json
import math
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelforge_lsp.catalog import catalog_to_json, parse_catalog
from modelforge_lsp.catalog.sanitize import (
    clean_text,
    figure,
    loads_catalog,
    unique_keys,
    unsafe_identifier,
    web_url,
)
from modelforge_lsp.errors import CatalogFormatError
from tests.fake_modelsdev import CATALOG_FILE
from tests.hostile_catalog import hostile_catalog


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("GPT-4o", "GPT-4o", id="plain"),
        pytest.param("a\x1b]0;title\x07b", "a]0;titleb", id="osc-title"),
        pytest.param("x\x1b[2Jy", "x[2Jy", id="csi-clear"),
        pytest.param("\x9b31mred", "31mred", id="c1-csi"),
        pytest.param("two\nlines\r\n\ttab", "two lines tab", id="breaks-become-spaces"),
        pytest.param("abc\u202egnp.exe", "abcgnp.exe", id="bidi-override"),
        pytest.param("\ufeffname\u2028x", "name x", id="bom-and-line-separator"),
        pytest.param("[link=file:///x]y[/link] <b>", "[link=file:///x]y[/link] <b>", id="markup"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@given(st.text())
def test_clean_text_leaves_nothing_a_terminal_obeys(text: str) -> None:
    cleaned = clean_text(text)
    assert not [ch for ch in cleaned if unicodedata.category(ch) in ("Cc", "Zl", "Zp")], cleaned
    assert unsafe_identifier(cleaned) is None
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize(
    ("value", "integer", "kept"),
    [
        pytest.param(2.5, False, 2.5, id="price"),
        pytest.param(0, False, 0.0, id="free"),
        pytest.param(math.nan, False, None, id="nan"),
        pytest.param(math.inf, False, None, id="inf"),
        pytest.param(-math.inf, True, None, id="-inf-limit"),
        pytest.param(-0.01, False, None, id="negative"),
        pytest.param(10**400, False, None, id="too-large-for-a-float"),
        pytest.param(128000.0, True, 128000, id="whole-float-limit"),
        pytest.param(1e308, False, None, id="finite-but-absurd-price"),
        pytest.param(10**13, True, None, id="absurd-limit"),
        pytest.param(-0.0, False, 0.0, id="negative-zero"),
    ],
)
def test_figure(value: float, integer: bool, kept: float | None) -> None:
    number, why = figure(value, integer=integer)
    assert number == kept
    assert (why is None) == (kept is not None)


def test_parser_drops_bad_figures_keeps_the_model_and_says_why() -> None:
    parsed = parse_catalog(hostile_catalog())
    openai = next(p for p in parsed.providers if p.id == "openai")
    mini = openai.models["gpt-4o-mini"]
    assert mini.cost is not None
    assert (mini.cost.input, mini.cost.output, mini.cost.cache_read) == (None, None, None)
    assert openai.models["gpt-4.1"].limit.context is None
    assert openai.models["gpt-4.1"].limit.output is None
    reasons = {(s.path, s.reason) for s in parsed.skipped}
    assert (
        "openai/gpt-4o-mini",
        "field 'cost.input' is nan, not a finite number; the figure was dropped",
    ) in reasons
    assert (
        "openai/gpt-4.1",
        "field 'limit.output' is -5, a negative figure; the figure was dropped",
    ) in reasons
    assert "evil\x1b[2J" not in openai.models  # an id with a control character is no id
    assert ("openai/evil[2J", "the id holds the control character U+001B") in reasons


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        pytest.param("https://api.example/v1", True, id="https"),
        pytest.param("http://localhost:11434/v1", True, id="http"),
        pytest.param("https://${RESOURCE}.openai.azure.com", True, id="templated"),
        pytest.param("command:workbench.action.terminal.new", False, id="command"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("https://a.example/v1 # comment", False, id="space"),
        pytest.param("https://a.example/v1: {x: 1}", False, id="yaml-in-a-url"),
        pytest.param("https://", False, id="no-host"),
        pytest.param("/relative/path", False, id="relative"),
    ],
)
def test_web_url(url: str, kept: bool) -> None:
    value, why = web_url(url)
    assert (value == url, why is None) == (kept, kept)


def test_provider_urls_that_are_not_urls_are_dropped() -> None:
    parsed = parse_catalog(hostile_catalog())
    providers = {p.id: p for p in parsed.providers}
    assert providers["anthropic"].doc is None and providers["anthropic"].models
    assert providers["groq"].api is None
    reasons = {s.path: s.reason for s in parsed.skipped}
    assert reasons["anthropic"].startswith("field 'doc' is 'command:")
    assert "not an http(s) URL" in reasons["groq"]


def test_parser_cleans_every_string_and_the_cache_form_stays_clean() -> None:
    parsed = parse_catalog(hostile_catalog())
    text = json.dumps(catalog_to_json(parsed.providers), allow_nan=False)  # no NaN left
    assert "\\u001b" not in text and "\\u0007" not in text and "\\u202e" not in text
    again = parse_catalog(json.loads(text))
    assert again.providers == parsed.providers and not again.skipped


def test_duplicate_keys_are_refused_at_any_depth() -> None:
    text = CATALOG_FILE.read_text()
    assert loads_catalog(text) == json.loads(text)
    for forged, key in (
        ('{"openai": {}, "openai": {"models": {}}}', "openai"),
        ('{"p": {"models": {"m": {"cost": {"input": 1, "input": 0}}}}}', "input"),
    ):
        with pytest.raises(CatalogFormatError, match=f"repeats the key '{key}'"):
            loads_catalog(forged.encode())


def test_unique_keys_is_the_same_refusal_for_a_decoder_of_its_own() -> None:
    with pytest.raises(CatalogFormatError, match="repeats the key 'm'"):
        json.loads('{"p": {"models": {"m": {}, "m": {}}}}', object_pairs_hook=unique_keys)


def test_not_json_is_a_format_error() -> None:
    for junk in (b"\xff\xfe", b"{", "[" * 100_000):
        with pytest.raises(CatalogFormatError, match="not UTF-8 JSON"):
            loads_catalog(junk)


def test_wrong_types_still_skip_the_model() -> None:
    raw: dict[str, Any] = copy.deepcopy(hostile_catalog())
    raw["openai"]["models"]["gpt-4o"]["cost"] = {"input": "1.0"}
    parsed = parse_catalog(raw)
    openai = next(p for p in parsed.providers if p.id == "openai")
    assert "gpt-4o" not in openai.models
