"""``textDocument/hover`` through the real server process: cards for models, providers, keys."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.conftest import SERVER, close_document, offline_options, open_document, uri_for

MARKDOWN_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(
            content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
        )
    )
)
PLAIN_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.PlainText])
    )
)

CONFIG = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o-mini:
      "🚀 fast": {api_model_name: gpt-4o}
current_model:
  provider: openai
  model: gpt-4o-mini
"""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=MARKDOWN_CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(SERVER.server_command), scope="module")
async def plain_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=PLAIN_CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


async def hover_at(
    client: LanguageClient, name: str, line: int, character: int, text: str = CONFIG
) -> types.Hover | None:
    uri = uri_for(name)
    open_document(client, uri, text)
    try:
        return await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
    finally:
        close_document(client, uri)


def content(hover: types.Hover | None, kind: types.MarkupKind) -> str:
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == kind
    return hover.contents.value


@pytest.mark.asyncio(loop_scope="module")
async def test_model_alias_shows_the_price_table(client: LanguageClient) -> None:
    hover = await hover_at(client, "model", 4, 10)
    text = content(hover, types.MarkupKind.Markdown)
    assert "**GPT-4o mini** `gpt-4o-mini`" in text
    assert "| input | $0.15 |" in text
    assert "| output | $0.60 |" in text
    assert "| cache read | $0.08 |" in text
    assert "context 128K" in text
    assert "https://models.dev/?search=gpt-4o-mini" in text
    assert hover is not None
    assert hover.range == types.Range(types.Position(4, 6), types.Position(4, 17))


@pytest.mark.asyncio(loop_scope="module")
async def test_capabilities_in_the_words_of_the_cli(client: LanguageClient) -> None:
    text = content(await hover_at(client, "capabilities", 4, 10), types.MarkupKind.Markdown)
    # ``modelforge info openai/gpt-4o-mini`` says "tools vision pdf structured files"
    assert "**Capabilities:** tools, vision, pdf, structured, files" in text


@pytest.mark.asyncio(loop_scope="module")
async def test_range_in_utf16_after_an_emoji(client: LanguageClient) -> None:
    # line 5: '      "🚀 fast": {api_model_name: gpt-4o}' -- gpt-4o is at code points 33-39,
    # UTF-16 34-40; the pointer at its end (40) would be past it if read as code points
    hover = await hover_at(client, "utf16", 5, 40)
    text = content(hover, types.MarkupKind.Markdown)
    assert "`gpt-4o`" in text
    assert "| input | $2.50 |" in text
    assert hover is not None
    assert hover.range == types.Range(types.Position(5, 34), types.Position(5, 40))


@pytest.mark.asyncio(loop_scope="module")
async def test_provider_key_shows_its_environment_variable(client: LanguageClient) -> None:
    hover = await hover_at(client, "provider", 1, 4)
    text = content(hover, types.MarkupKind.Markdown)
    assert "**OpenAI** `openai`" in text
    assert "`MODELFORGE_OPENAI_API_KEY`" in text  # the variable the runtime reads
    assert "`OPENAI_API_KEY`" not in text
    assert "**base_url:** `https://api.openai.com/v1`" in text
    assert "models" in text
    assert hover is not None
    assert hover.range == types.Range(types.Position(1, 2), types.Position(1, 8))


@pytest.mark.asyncio(loop_scope="module")
async def test_current_model_value_is_the_model(client: LanguageClient) -> None:
    text = content(await hover_at(client, "current", 8, 12), types.MarkupKind.Markdown)
    assert "| input | $0.15 |" in text


@pytest.mark.asyncio(loop_scope="module")
async def test_llm_type_shows_the_key_doc(client: LanguageClient) -> None:
    hover = await hover_at(client, "key", 2, 6)
    text = content(hover, types.MarkupKind.Markdown)
    assert "`llm_type`" in text
    assert "The API protocol used to talk to this provider." in text
    assert "`openai_compatible`" in text
    assert hover is not None
    assert hover.range == types.Range(types.Position(2, 4), types.Position(2, 12))


@pytest.mark.asyncio(loop_scope="module")
async def test_plaintext_client_gets_no_markdown(plain_client: LanguageClient) -> None:
    for line, character in ((4, 10), (1, 4), (2, 6)):
        text = content(
            await hover_at(plain_client, f"plain-{line}", line, character),
            types.MarkupKind.PlainText,
        )
        for syntax in ("**", "|", "`", "]("):
            assert syntax not in text, f"{syntax!r} in the plain-text card:\n{text}"
    model = content(await hover_at(plain_client, "plain-model", 4, 10), types.MarkupKind.PlainText)
    assert "input" in model
    assert "$0.15" in model


@pytest.mark.asyncio(loop_scope="module")
async def test_document_that_does_not_parse(client: LanguageClient) -> None:
    text = CONFIG + "  broken: {\n"
    hover = await hover_at(client, "unparsed", 4, 10, text)
    assert "| input | $0.15 |" in content(hover, types.MarkupKind.Markdown)


@pytest.mark.asyncio(loop_scope="module")
async def test_nothing_there_is_null(client: LanguageClient) -> None:
    assert (
        await hover_at(client, "blank", 3, 2, CONFIG.replace("    models:", "\n    models:"))
        is None
    )
    assert await hover_at(client, "past-the-end", 40, 0) is None
    assert await hover_at(client, "indent", 4, 3) is None
