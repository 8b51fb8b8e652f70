"""``textDocument/prepareRename`` and ``textDocument/rename``: keys and ``current_model`` in step.

The returned edits are applied as a client would (UTF-16 ranges) and the result compared with
the text expected.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.server.conftest import (
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    uri_for,
)
from tests.server.test_code_action import apply_edits, edits_of

TEXT = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o-mini:
      gpt-4o:
  github-copilot:
    llm_type: github_copilot
    models:
      gpt-4o-mini:
current_model:
  provider: openai
  model: gpt-4o-mini
"""
CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        rename=types.RenameClientCapabilities(prepare_support=True)
    ),
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
    ),
)
REQUEST_FAILED = types.LSPErrorCodes.RequestFailed.value


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=CAPABILITIES, initialization_options=options)
    )
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def document(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def prepare(client: RecordingClient, uri: str, line: int, character: int) -> object:
    return await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(document(uri), types.Position(line, character))
    )


async def rename(
    client: RecordingClient, uri: str, line: int, character: int, new_name: str
) -> types.WorkspaceEdit | None:
    return await client.text_document_rename_async(
        types.RenameParams(document(uri), types.Position(line, character), new_name)
    )


def on_line(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


@pytest.mark.asyncio(loop_scope="module")
async def test_rename_is_advertised_with_prepare(client: RecordingClient) -> None:
    capabilities: types.ServerCapabilities = client.server_capabilities  # type: ignore[attr-defined]
    assert capabilities.rename_provider == types.RenameOptions(prepare_provider=True)


@pytest.mark.parametrize(
    ("line", "character", "expected"),
    [
        pytest.param(4, 10, on_line(4, 6, 17), id="alias-key"),
        pytest.param(12, 9, on_line(12, 9, 20), id="current-model-value"),
        pytest.param(11, 14, on_line(11, 12, 18), id="current-provider-value"),
        pytest.param(6, 2, on_line(6, 2, 16), id="provider-key"),
        pytest.param(2, 16, None, id="an-enum-value"),
        pytest.param(3, 6, None, id="a-schema-key"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_prepare_rename(
    client: RecordingClient, line: int, character: int, expected: types.Range | None
) -> None:
    uri = uri_for("prepare")
    open_document(client, uri, TEXT)
    assert await prepare(client, uri, line, character) == expected
    close_document(client, uri)


@pytest.mark.parametrize(
    ("line", "character", "new_name", "expected"),
    [
        pytest.param(
            4, 8, "mini",
            TEXT.replace("      gpt-4o-mini:\n      gpt-4o:", "      mini:\n      gpt-4o:")
            .replace("model: gpt-4o-mini", "model: mini"),
            id="alias-key-updates-current-model",
        ),
        pytest.param(
            12, 12, "mini",
            TEXT.replace("      gpt-4o-mini:\n      gpt-4o:", "      mini:\n      gpt-4o:")
            .replace("model: gpt-4o-mini", "model: mini"),
            id="from-current-model",
        ),
        pytest.param(
            9, 8, "mini", TEXT.replace("      gpt-4o-mini:\ncurrent", "      mini:\ncurrent"),
            id="same-alias-under-another-provider",
        ),
        pytest.param(
            11, 13, "my-openai",
            TEXT.replace("  openai:", "  my-openai:")
            .replace("provider: openai", "provider: my-openai"),
            id="provider-from-current-model",
        ),
        pytest.param(
            4, 8, "mini # cheap",
            TEXT.replace("      gpt-4o-mini:\n      gpt", '      "mini # cheap":\n      gpt')
            .replace("model: gpt-4o-mini", 'model: "mini # cheap"'),
            id="quoted-when-plain-would-not-read-back",
        ),
    ],
)  # fmt: skip
@pytest.mark.asyncio(loop_scope="module")
async def test_rename(
    client: RecordingClient, line: int, character: int, new_name: str, expected: str
) -> None:
    uri = uri_for("rename")
    open_document(client, uri, TEXT)
    edit = await rename(client, uri, line, character, new_name)
    assert apply_edits(TEXT, edits_of(edit, uri, version=1)) == expected
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    text = (
        'providers: {openai: {models: {"🚀 中": {}, gpt-4o-mini: {}}}}\n'
        "current_model: {provider: openai, model: gpt-4o-mini}  # 🚀\n"
    )
    open_document(client, uri, text)
    key = text.index("gpt-4o-mini") + 1  # the rocket: one code point, two UTF-16 units
    assert await prepare(client, uri, 0, key + 3) == on_line(0, key, key + 11)
    edit = await rename(client, uri, 0, key + 3, "mini")
    assert apply_edits(text, edits_of(edit, uri, version=1)) == text.replace("gpt-4o-mini", "mini")
    close_document(client, uri)


@pytest.mark.parametrize(
    ("line", "character", "new_name", "message"),
    [
        pytest.param(4, 8, "gpt-4o", "provider 'openai' already has a model alias 'gpt-4o'",
                     id="alias-collision"),
        pytest.param(1, 4, "github_copilot", "a provider 'github-copilot' is already configured",
                     id="provider-collision-in-another-spelling"),
        pytest.param(4, 8, "", "a model alias cannot be empty", id="empty"),
        pytest.param(4, 8, " mini", "cannot start or end with spaces", id="leading-space"),
        pytest.param(4, 8, "mi\nni", "cannot contain line breaks", id="newline"),
    ],
)  # fmt: skip
@pytest.mark.asyncio(loop_scope="module")
async def test_a_refused_rename_is_an_error_response(
    client: RecordingClient, line: int, character: int, new_name: str, message: str
) -> None:
    uri = uri_for("refused")
    open_document(client, uri, TEXT)
    try:
        with pytest.raises(JsonRpcException) as refused:
            await rename(client, uri, line, character, new_name)
        assert refused.value.code == REQUEST_FAILED
        assert message in refused.value.message
        errors = [m for m in client.log_messages if m.type == types.MessageType.Error]
        assert errors == []  # a refusal is not a server error
    finally:
        close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_refused_rename_changes_nothing(client: RecordingClient) -> None:
    """Whatever the error path, a refused rename never returns edits."""
    uri = uri_for("refused-no-edit")
    open_document(client, uri, TEXT)
    try:
        edit = await rename(client, uri, 4, 8, "gpt-4o")
    except JsonRpcException:
        edit = None
    assert edit is None
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_nothing_to_rename_is_null(client: RecordingClient) -> None:
    uri = uri_for("nothing")
    open_document(client, uri, TEXT)
    assert await rename(client, uri, 2, 16, "anything") is None
    close_document(client, uri)
    assert await rename(client, uri_for("never-opened"), 0, 0, "x") is None
