"""``textDocument/documentLink``: the http(s) URLs of ``base_url`` and other ``*_url`` values."""

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
    base_url: https://api.openai.com/v1   # the default
  github_copilot:
    auth_details:
      device_code_url: "https://github.com/login/device/code"
      client_id: https://not-a-url-key.example
  gateway:
    base_url: ftp://files.example.com
"""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    lsp_client.server_capabilities = result.capabilities  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def document_links(client: RecordingClient, uri: str) -> list[types.DocumentLink]:
    result = await client.text_document_document_link_async(
        types.DocumentLinkParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(result or [])


def on_line(line: int, start: int, end: int) -> types.Range:
    return types.Range(types.Position(line, start), types.Position(line, end))


@pytest.mark.asyncio(loop_scope="module")
async def test_links_need_no_resolve(client: RecordingClient) -> None:
    capabilities: types.ServerCapabilities = client.server_capabilities  # type: ignore[attr-defined]
    assert capabilities.document_link_provider == types.DocumentLinkOptions(resolve_provider=False)


@pytest.mark.asyncio(loop_scope="module")
async def test_urls_under_url_keys_are_links(client: RecordingClient) -> None:
    uri = uri_for("links")
    open_document(client, uri, TEXT)
    found = await document_links(client, uri)
    assert [(link.range, link.target) for link in found] == [
        (on_line(3, 14, 39), "https://api.openai.com/v1"),
        (on_line(6, 24, 60), "https://github.com/login/device/code"),  # inside the quotes
    ]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    line = '  openai: {note: "🚀 中", base_url: "https://api.example.com/v1"}'
    open_document(client, uri, "providers:\n" + line + "\n")
    [link] = await document_links(client, uri)
    start = line.index("https") + 1  # the rocket: one code point, two UTF-16 units
    assert link.range == on_line(1, start, start + len("https://api.example.com/v1"))
    assert link.target == "https://api.example.com/v1"
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_broken_and_unknown_documents_have_no_links(client: RecordingClient) -> None:
    uri = uri_for("broken")
    open_document(client, uri, "providers:\n  openai: {base_url: https://a.io\n")
    assert await document_links(client, uri) == []
    close_document(client, uri)
    assert await document_links(client, uri_for("never-opened")) == []
