"""The real server process on a catalog from a hostile mirror (issue 10, classes 1, 2 and 6).

The cache is filled from the fake models.dev serving ``tests/hostile_catalog.py``'s catalog:
names with HTML, command links, autolinks and code-span break-outs; a ``command:`` docs URL;
``NaN``, infinite and negative figures. Hover and completion cards are rendered with a real
CommonMark renderer (markdown-it, raw HTML allowed as an editor's renderer may allow it) and the
HTML is inspected: no element or link a catalog string asked for may appear. The refresh command
is driven against a mirror that suddenly lost nearly every model.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from markdown_it import MarkdownIt

from modelforge_lsp.catalog import CatalogSettings, CatalogSource
from modelforge_lsp.server.features.commands import REFRESH_CATALOG
from tests.fake_modelsdev import CATALOG_FILE, FakeModelsDev
from tests.hostile_catalog import HOSTILE_FAMILY, hostile_document
from tests.server.conftest import (
    SERVER,
    RecordingClient,
    close_document,
    execute,
    open_document,
    uri_for,
)

MARKDOWN = [types.MarkupKind.Markdown, types.MarkupKind.PlainText]
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=MARKDOWN),
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(documentation_format=MARKDOWN)
        ),
    ),
    window=types.WindowClientCapabilities(work_done_progress=True),
)
CONFIG = """\
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      gpt-4o: {}
      gpt-4o-mini: {}
      gpt-4.1: {}
  anthropic:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      claude-haiku-4-5: {}
"""
WHOLE = types.Range(types.Position(0, 0), types.Position(1000, 0))
RENDER = MarkdownIt("commonmark", {"html": True}).enable("table")


async def seed(url: str, cache_dir: Path) -> None:
    outcome = await asyncio.to_thread(
        CatalogSource(CatalogSettings(url=url, cache_dir=cache_dir)).refresh
    )
    assert outcome.status == "updated", outcome.error


@pytest_lsp.fixture(config=SERVER)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    cache_dir = tmp_path / "cache"
    modelsdev_server.set_document(hostile_document())
    await seed(modelsdev_server.url, cache_dir)
    options = {"catalog": {"url": modelsdev_server.url, "cacheDir": str(cache_dir)}}
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


def assert_inert_html(markdown: str) -> str:
    """Render ``markdown`` as an editor would; no catalog string may have become HTML."""
    html = RENDER.render(markdown)
    for tag in ("<img", "<script", "<b>", '<a href="command:', "<strong>loud"):
        assert tag not in html, (tag, markdown, html)
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith("https://"), (href, html)
    return html


async def hover(client: RecordingClient, uri: str, line: int, character: int) -> str:
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert result is not None, f"no hover at {line}:{character}"
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_cards_show_catalog_text_as_text(client: RecordingClient) -> None:
    uri = uri_for("hostile-hover")
    open_document(client, uri, CONFIG)
    try:
        card = await hover(client, uri, 5, 8)  # gpt-4o: the hostile name and family
        html = assert_inert_html(card)
        assert "&lt;img src=x onerror=" in html and "&lt;script&gt;" in html  # shown, inert
        family = HOSTILE_FAMILY.replace("<", "&lt;").replace(">", "&gt;")
        assert f"<code>{family}</code>" in html  # one code span holds it all
        assert "\x1b" not in card and "\x07" not in card and "\u202e" not in card

        provider = await hover(client, uri, 8, 4)  # anthropic: its docs URL is a command
        html = assert_inert_html(provider)
        assert "command:" not in html  # not a URL: dropped at parse time, never a link

        mini = await hover(client, uri, 6, 8)  # NaN and infinite prices: the card still comes
        assert "nan" not in mini.lower() and "inf" not in mini.lower()
        assert await hover(client, uri, 7, 8)  # gpt-4.1: an infinite context
    finally:
        close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_cards_are_inert(client: RecordingClient) -> None:
    text = CONFIG.split("      gpt-4o: {}", maxsplit=1)[0] + "      gpt-4\n"  # none configured
    uri = uri_for("hostile-completion")
    open_document(client, uri, text)
    try:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=5, character=11),
            )
        )
        assert isinstance(result, types.CompletionList)
        items = {item.label: item for item in result.items}
        assert {"gpt-4o", "gpt-4o-mini", "gpt-4.1"} <= set(items)
        for label in ("gpt-4o", "gpt-4o-mini", "gpt-4.1"):
            resolved = await client.completion_item_resolve_async(items[label])
            documentation = resolved.documentation
            assert isinstance(documentation, types.MarkupContent), label
            assert_inert_html(documentation.value)
            assert "nan" not in (resolved.detail or "").lower()
    finally:
        close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_inlay_hints_survive_bad_figures(client: RecordingClient) -> None:
    uri = uri_for("hostile-hints")
    open_document(client, uri, CONFIG)
    try:
        found = await client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=WHOLE)
        )
        assert found, "no inlay hints at all"
        lines = {hint.position.line for hint in found}
        assert lines == {5, 6, 7, 12}  # every model, the ones with bad figures too
        for hint in found:
            assert isinstance(hint.label, str)
            assert "nan" not in hint.label.lower() and "inf" not in hint.label.lower()
    finally:
        close_document(client, uri)


@pytest_lsp.fixture(config=SERVER)
async def shrinking(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    cache_dir = tmp_path / "cache"
    await seed(modelsdev_server.url, cache_dir)  # the whole fixture: 24 models
    full = json.loads(CATALOG_FILE.read_text())
    modelsdev_server.set_document({"groq": full["groq"]})  # the mirror now serves 1
    options = {"catalog": {"url": modelsdev_server.url, "cacheDir": str(cache_dir)}}
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_refresh_that_loses_most_models_is_held_back(shrinking: RecordingClient) -> None:
    client = shrinking
    held = await execute(client, REFRESH_CATALOG)
    assert held["status"] == "failed" and held["heldBack"] is True
    assert held["models"] == 24  # the cached copy still serves
    assert "has 1 models where the cached copy has 24" in held["error"]
    assert any("held back" in m.message for m in client.messages), client.messages

    taken = await execute(client, REFRESH_CATALOG, {"acceptShrink": True})
    assert taken["status"] == "updated" and taken["heldBack"] is False
    assert taken["models"] == 1
