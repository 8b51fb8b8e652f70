"""``hover.tables``: price tables as aligned lines for clients that show markdown tables raw.

Neovim's hover float renders markdown but prints ``|---|---:|`` as typed, so its plugin sends
``hover: {tables: false}``; VS Code keeps the default (tables). Checked through the real server
(hover and the completion card of ``completionItem/resolve``) and on the card itself.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.server.markdown import model_card
from modelforge_lsp.server.settings import parse_settings
from tests.server.conftest import SERVER, close_document, offline_options, open_document, uri_for

MARKDOWN = [types.MarkupKind.Markdown, types.MarkupKind.PlainText]
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=MARKDOWN),
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(documentation_format=MARKDOWN)
        ),
    )
)
CONFIG = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-mini:\n"
ALIGNED = """\
**Price per 1M tokens (USD)**
```
input       $0.15
output      $0.60
cache read  $0.08
```"""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"), hover={"tables": False})
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


def position(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


@pytest.mark.asyncio(loop_scope="module")
async def test_hover_lays_prices_out_as_aligned_lines(client: LanguageClient) -> None:
    uri = uri_for("hover-tables")
    open_document(client, uri, CONFIG)
    try:
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri=uri), position(4, 8))
        )
    finally:
        close_document(client, uri)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert ALIGNED in hover.contents.value
    assert "|" not in hover.contents.value


@pytest.mark.asyncio(loop_scope="module")
async def test_completion_cards_follow_the_setting(client: LanguageClient) -> None:
    uri = uri_for("resolve-tables")
    open_document(client, uri, CONFIG.replace("gpt-4o-mini:", "gpt-4o-mi"))
    try:
        result = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri=uri), position(4, 15))
        )
    finally:
        close_document(client, uri)
    assert isinstance(result, types.CompletionList)
    item = next(item for item in result.items if item.label == "gpt-4o-mini")
    resolved = await client.completion_item_resolve_async(item)
    assert isinstance(resolved.documentation, types.MarkupContent)
    assert ALIGNED in resolved.documentation.value


def test_the_setting_defaults_to_tables_and_rejects_non_booleans() -> None:
    assert parse_settings({})[0].hover.tables is True
    assert parse_settings({"hover": {"tables": False}})[0].hover.tables is False
    settings, problems = parse_settings({"hover": {"tables": "no"}})
    assert settings.hover.tables is True
    assert problems == ("hover.tables: expected true or false, got 'no'",)


def test_the_card_keeps_every_price_either_way() -> None:
    model = Catalog(load_snapshot().catalog.providers).model("openai", "gpt-4o-mini")
    assert model is not None
    table = model_card(model, True)
    lines = model_card(model, True, tables=False)
    assert "| input | $0.15 |" in table and ALIGNED in lines
    assert table.split("| price per 1M")[0] == lines.split("**Price per 1M")[0]
    assert table.split("| cache read | $0.08 |")[1] == lines.split(ALIGNED)[1]
