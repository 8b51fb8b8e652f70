"""``textDocument/completion`` and ``completionItem/resolve`` through the real server process.

Two clients: one that takes snippets and markdown (like VS Code), one that takes neither (a
minimal client), so both renderings of the same candidates are checked.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.server.conftest import (
    SERVER,
    close_document,
    offline_options,
    open_document,
    uri_for,
)

RICH_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(
                snippet_support=True,
                documentation_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText],
                tag_support=types.CompletionItemTagOptions(
                    value_set=[types.CompletionItemTag.Deprecated]
                ),
                label_details_support=True,
            )
        )
    )
)
PLAIN_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        completion=types.CompletionClientCapabilities(
            completion_item=types.ClientCompletionItemOptions(
                snippet_support=False, documentation_format=[types.MarkupKind.PlainText]
            )
        )
    )
)


async def start(
    lsp_client: LanguageClient, capabilities: types.ClientCapabilities, cache: object
) -> None:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            initialization_options=offline_options(cache),  # type: ignore[arg-type]
        )
    )


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    await start(lsp_client, RICH_CAPABILITIES, tmp_path_factory.mktemp("cache"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(SERVER.server_command), scope="module")
async def plain_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    await start(lsp_client, PLAIN_CAPABILITIES, tmp_path_factory.mktemp("cache"))
    yield
    await lsp_client.shutdown_session()


async def complete_at(
    client: LanguageClient, name: str, text: str, line: int, character: int
) -> types.CompletionList:
    """Open ``text`` as a new document, ask for completion at (line, character) in UTF-16."""
    uri = uri_for(name)
    open_document(client, uri, text)
    try:
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
    finally:
        close_document(client, uri)
    assert isinstance(result, types.CompletionList)
    return result


def by_label(result: types.CompletionList, label: str) -> types.CompletionItem:
    return next(item for item in result.items if item.label == label)


def new_text(item: types.CompletionItem) -> str:
    assert isinstance(item.text_edit, types.TextEdit)
    return item.text_edit.new_text


MODELS = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-mi\n"


@pytest.mark.asyncio(loop_scope="module")
async def test_models_of_the_provider_with_price_details(client: LanguageClient) -> None:
    result = await complete_at(client, "models", MODELS, 4, 15)
    assert result.items
    assert {item.data["provider"] for item in result.items} == {"openai"}  # type: ignore[index]
    first = result.items[0]
    assert first.label == "gpt-4o-mini"
    assert first.kind == types.CompletionItemKind.Constant
    assert first.detail is not None
    assert "$0.15" in first.detail
    assert "ctx" in first.detail
    assert all("$" in (item.detail or "") for item in result.items[:5])
    assert first.text_edit == types.TextEdit(
        range=types.Range(types.Position(4, 6), types.Position(4, 15)), new_text="gpt-4o-mini:"
    )
    # no filterText: Neovim's omnifunc then starts the completion where the textEdit does
    assert all(item.filter_text is None for item in result.items)
    sort_texts = [item.sort_text or "" for item in result.items]
    assert sort_texts == sorted(sort_texts)
    assert first.documentation is None, "documentation comes with resolve"


@pytest.mark.asyncio(loop_scope="module")
async def test_resolve_adds_the_markdown_card(client: LanguageClient) -> None:
    result = await complete_at(client, "resolve", MODELS, 4, 15)
    resolved = await client.completion_item_resolve_async(by_label(result, "gpt-4o-mini"))
    documentation = resolved.documentation
    assert isinstance(documentation, types.MarkupContent)
    assert documentation.kind == types.MarkupKind.Markdown
    assert "| input | $0.15 |" in documentation.value
    assert "| output | $0.60 |" in documentation.value


@pytest.mark.asyncio(loop_scope="module")
async def test_deprecated_models_are_tagged_and_last(client: LanguageClient) -> None:
    text = "providers:\n  github-copilot:\n    models:\n      \n"
    result = await complete_at(client, "deprecated", text, 3, 6)
    gpt5 = by_label(result, "gpt-5")
    assert list(gpt5.tags or ()) == [types.CompletionItemTag.Deprecated]
    assert gpt5.deprecated is True
    tagged = [bool(item.tags) for item in result.items]
    assert tagged.index(True) > 0
    assert all(tagged[tagged.index(True) :])
    assert not by_label(result, "gpt-5.5").tags


@pytest.mark.asyncio(loop_scope="module")
async def test_snippet_client_gets_a_provider_block(client: LanguageClient) -> None:
    result = await complete_at(client, "snippet", "providers:\n  github_cop\n", 1, 12)
    item = by_label(result, "github_copilot")  # the runtime's spelling of the key
    assert item.kind == types.CompletionItemKind.Module
    assert item.insert_text_format == types.InsertTextFormat.Snippet
    assert item.insert_text_mode == types.InsertTextMode.AsIs
    lines = new_text(item).split("\n")
    assert lines[:10] == [
        "github_copilot:",
        "    llm_type: github_copilot",
        "    base_url: https://api.githubcopilot.com",
        "    auth_strategy: device_flow",
        "    auth_details:",
        "      client_id: 01ab8ac9400c4e429b23",
        "      device_code_url: https://github.com/login/device/code",
        "      token_url: https://github.com/login/oauth/access_token",
        "      scope: read:user",
        "    models:",
    ]
    assert lines[10].startswith("      ${1:")
    assert lines[10].endswith("}:$0")
    assert item.detail is not None and item.detail.startswith("GitHub Copilot · ")


@pytest.mark.asyncio(loop_scope="module")
async def test_plain_client_gets_the_block_as_plain_text(plain_client: LanguageClient) -> None:
    text = "providers:\n    openai: {}\n    githu\n"
    result = await complete_at(plain_client, "plain", text, 2, 9)
    item = by_label(result, "github_copilot")
    assert item.insert_text_format in (None, types.InsertTextFormat.PlainText)
    block = new_text(item)
    assert "$" not in block
    lines = block.split("\n")
    assert lines[0] == "github_copilot:"
    assert lines[1] == "        llm_type: github_copilot"
    assert lines[-2] == "        models:"
    assert lines[-1].startswith("            ")
    assert lines[-1].endswith(":")
    resolved = await plain_client.completion_item_resolve_async(item)
    documentation = resolved.documentation
    assert isinstance(documentation, types.MarkupContent)
    assert documentation.kind == types.MarkupKind.PlainText
    assert "set MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN in the environment" in documentation.value
    assert "`" not in documentation.value
    assert "**" not in documentation.value


@pytest.mark.asyncio(loop_scope="module")
async def test_document_that_does_not_parse(client: LanguageClient) -> None:
    text = "providers:\n  broken: {llm_type: x, models: [a\n  openai:\n    llm_type: op\n"
    result = await complete_at(client, "unparsed", text, 3, 16)
    first = result.items[0]
    assert first.label == "openai_compatible"
    assert first.kind == types.CompletionItemKind.EnumMember
    assert first.text_edit == types.TextEdit(
        range=types.Range(types.Position(3, 14), types.Position(3, 16)),
        new_text="openai_compatible",
    )
    assert isinstance(first.documentation, types.MarkupContent)
    assert "API protocol" in first.documentation.value


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_utf16_after_an_emoji(client: LanguageClient) -> None:
    # code points: "gp" is at 25-27; each rocket is two UTF-16 units, so the client says 29-31
    # (read as code points, 31 would be past ", x:" -- another place altogether)
    line = '    models: {"🚀🚀🚀🚀": {}, gp, x: {}}'
    text = f"providers:\n  openai:\n{line}\n"
    result = await complete_at(client, "utf16", text, 2, 31)
    item = by_label(result, "gpt-4o-mini")
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range == types.Range(types.Position(2, 29), types.Position(2, 31))
    assert item.text_edit.new_text == "gpt-4o-mini"


@pytest.mark.asyncio(loop_scope="module")
async def test_current_model_offers_the_files_aliases(client: LanguageClient) -> None:
    text = (
        "providers:\n  openai:\n    models:\n      gpt-4o-mini:\n      fast:\n"
        "        api_model_name: gpt-4o\ncurrent_model:\n  provider: openai\n  model: \n"
    )
    result = await complete_at(client, "current", text, 8, 9)
    assert [item.label for item in result.items] == ["gpt-4o-mini", "fast"]
    assert all(item.kind == types.CompletionItemKind.Reference for item in result.items)
    assert "$2.50" in (by_label(result, "fast").detail or "")


@pytest.mark.asyncio(loop_scope="module")
async def test_kinds_say_what_an_item_is(client: LanguageClient) -> None:
    text = "providers:\n  openai:\n    ba\n"
    fields = await complete_at(client, "kinds-field", text, 2, 6)
    assert by_label(fields, "base_url").kind == types.CompletionItemKind.Field
    top = await complete_at(client, "kinds-top", "cur\n", 0, 3)
    assert by_label(top, "current_model").kind == types.CompletionItemKind.Property
    value = "providers:\n  openai:\n    models:\n      x:\n        api_model_name: gpt-4o-mi\n"
    values = await complete_at(client, "kinds-value", value, 4, 33)
    assert by_label(values, "gpt-4o-mini").kind == types.CompletionItemKind.Constant


@pytest.mark.asyncio(loop_scope="module")
async def test_image_generators_are_no_chat_models(client: LanguageClient) -> None:
    text = "providers:\n  openai:\n    models:\n      gpt\n"
    chat = await complete_at(client, "images-out", text, 3, 9)
    assert len(chat.items) > 20
    assert not [item.label for item in chat.items if "image" in item.label]
    typed = text.replace("gpt\n", "gpt-image\n")
    images = await complete_at(client, "images-typed", typed, 3, 15)
    assert "gpt-image-1" in [item.label for item in images.items]
    assert all((item.detail or "").startswith("image generation") for item in images.items)


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_document_gets_null(client: LanguageClient) -> None:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri_for("never-opened")),
            position=types.Position(line=0, character=0),
        )
    )
    assert result is None
