"""``server.markdown``'s boundary, table by table: catalog text never becomes markup.

Each card is rendered by markdown-it (CommonMark, raw HTML allowed, as an editor may allow it)
and the HTML inspected. The end-to-end proof through the real server is
``tests/server/test_hostile_catalog.py``.
"""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest
from markdown_it import MarkdownIt

from modelforge_lsp.catalog import Cost, ModelInfo, ProviderInfo
from modelforge_lsp.catalog.tiers import PriceTier
from modelforge_lsp.server.markdown import model_card, provider_card

RENDER = MarkdownIt("commonmark", {"html": True}).enable("table")


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize(
    ("doc", "link"),
    [
        pytest.param("https://docs.acme.example/api", "https://docs.acme.example/api", id="https"),
        pytest.param(" https://x.example", "https://x.example", id="leading-space"),
        pytest.param(
            "https://ok.example/)[x](command:evil)",
            "https://ok.example/%29%5Bx%5D%28command:evil%29",
            id="paren-break-out",
        ),
        pytest.param(
            'https://ok.example/ "t" <b>', "https://ok.example/%20%22t%22%20%3Cb%3E", id="quote"
        ),
        pytest.param("command:workbench.action.terminal.new", None, id="command"),
        pytest.param("javascript:alert(1)//https://x", None, id="javascript"),
        pytest.param("file:///etc/passwd", None, id="file"),
        pytest.param("http://plain.example", None, id="plain-http"),
        pytest.param("https:nohost", None, id="no-host"),
        pytest.param("docs.acme.example", None, id="not-a-url"),
    ],
)
def test_only_https_docs_become_links(doc: str, link: str | None) -> None:
    html = RENDER.render(provider_card(ProviderInfo(id="acme", name="Acme", doc=doc), True))
    expected = ([] if link is None else [link]) + ["https://models.dev/?search=acme"]
    assert hrefs(html) == expected
    assert "<b>" not in html


@pytest.mark.parametrize(
    "family",
    [
        "`",
        "``",
        "a`b",
        "a``b``c",
        "` [x](command:y) `",
        "```",
        "x <img src=1 onerror=alert(1)> y",
    ],
)
def test_code_spans_hold_any_backticks(family: str) -> None:
    model = ModelInfo(provider_id="acme", id="m", name="M", family=family)
    html = RENDER.render(model_card(model, True))
    escaped = family.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<code>{escaped}</code>" in html, html
    assert hrefs(html) == ["https://models.dev/?search=m"]


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert(1)</script>",
        "![x](https://evil.example/pixel.png)",
        "[click](command:evil)",
        "<https://evil.example>",
        "https://evil.example www.evil.example user@evil.example",
        "**bold** _it_ ~~s~~ | a | b |",
        "&lt;img src=x onerror=alert(1)&gt;",
    ],
)
def test_names_are_text(name: str) -> None:
    provider = ProviderInfo(id="acme", name=name, models=MappingProxyType({}))
    model = ModelInfo(provider_id="acme", id="m", name=name, input_modalities=(name,))
    for card in (provider_card(provider, True), model_card(model, True, provider=provider)):
        html = RENDER.render(card)
        assert "<script" not in html and "<img" not in html and "<em>" not in html, html
        assert "<del>" not in html and "<table>\n<thead>\n<tr>\n<th>a" not in html
        assert all(href.startswith("https://models.dev/") for href in hrefs(html)), html


@pytest.mark.parametrize("tables", [True, False])
def test_long_prompt_prices_are_on_the_card(tables: bool) -> None:
    cost = Cost(input=1.25, output=10.0, tiers=(PriceTier(200_000, input=2.5, output=15.0),))
    card = model_card(ModelInfo("google", "g", "G", cost=cost), True, tables=tables)
    rows = [line for line in card.splitlines() if "over 200K" in line]
    assert len(rows) == 2, card
    assert "$2.50" in rows[0] and rows[0].lstrip("| ").startswith("input over 200K")
    assert "$15.00" in rows[1] and "output over 200K" in rows[1]
