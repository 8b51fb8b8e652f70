"""``textDocument/definition``: from ``current_model`` to the provider key or model alias."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from tests.server.conftest import (
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    uri_for,
)

TEXT = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o-mini:
  github-copilot:
    llm_type: github_copilot
    models:
      gpt-4o-mini:
current_model:
  provider: github-copilot
  model: gpt-4o-mini
"""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


async def definition(
    client: RecordingClient, uri: str, line: int, character: int
) -> types.Location | None:
    result = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, character),
        )
    )
    assert result is None or isinstance(result, types.Location)
    return result


def on_line(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


@pytest.mark.parametrize(
    ("line", "character", "expected"),
    [
        pytest.param(11, 12, on_line(8, 6, 17), id="model-to-its-alias-under-that-provider"),
        pytest.param(11, 9, on_line(8, 6, 17), id="start-of-the-value"),
        pytest.param(10, 14, on_line(5, 2, 16), id="provider-to-its-key-spelt-exactly"),
        pytest.param(10, 3, None, id="on-the-key-of-the-reference"),
        pytest.param(4, 8, None, id="on-an-alias-itself"),
        pytest.param(2, 20, None, id="another-value"),
        pytest.param(40, 0, None, id="past-the-end"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_definition(
    client: RecordingClient, line: int, character: int, expected: types.Range | None
) -> None:
    uri = uri_for("definition")
    open_document(client, uri, TEXT)
    location = await definition(client, uri, line, character)
    if expected is None:
        assert location is None
    else:
        assert location == types.Location(uri=uri, range=expected)
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_positions_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    text = (
        'providers: {"😀 中": {}, openai: {models: {"😀": {}, gpt-4o-mini: {}}}}\n'
        'current_model: {note: "😀😀", provider: openai, model: gpt-4o-mini}\n'
    )
    open_document(client, uri, text)
    cursor = text.splitlines()[1].index("gpt-4o-mini") + 2 + 2  # two emoji before: +2 units
    location = await definition(client, uri, 1, cursor)
    start = text.index("gpt-4o-mini") + 2  # two emoji earlier on line 0
    assert location == types.Location(uri=uri, range=on_line(0, start, start + 11))
    assert await definition(client, uri, 1, cursor - 4) is None  # in code points: wrong place
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_json_config(client: RecordingClient) -> None:
    uri = "file:///workspace/json/.model-forge/config.json"
    text = (
        '{\n  "providers": {"openai": {"models": {"gpt-4o-mini": {}}}},\n'
        '  "current_model": {"provider": "openai", "model": "gpt-4o-mini"}\n}\n'
    )
    open_document(client, uri, text)
    cursor = text.splitlines()[2].index('"gpt-4o-mini"') + 3
    location = await definition(client, uri, 2, cursor)
    start = text.splitlines()[1].index('"gpt-4o-mini"')
    assert location == types.Location(uri=uri, range=on_line(1, start, start + 13))
    close_document(client, uri)
