"""Defaults by client: Neovim without our plugin gets hover prices it can read.

Neovim's hover float prints markdown tables as typed. Our plugin sends ``hover.tables: false``;
a user who starts the server from ``vim.lsp.start`` or nvim-lspconfig sends nothing, so the
server also goes by the ``clientInfo`` Neovim sends in ``initialize``. Tried through the real
server; an explicit setting still wins.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from modelforge_lsp.server.settings import client_defaults
from tests.server.conftest import SERVER, close_document, offline_options, open_document, uri_for
from tests.server.test_hover_tables import ALIGNED, CAPABILITIES, CONFIG

NEOVIM = types.ClientInfo(name="Neovim", version="0.7.2")


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=CAPABILITIES, client_info=NEOVIM, initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_neovim_without_the_plugin_gets_aligned_prices(client: LanguageClient) -> None:
    uri = uri_for("neovim-defaults")
    open_document(client, uri, CONFIG)
    try:
        hover = await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(4, 8))
        )
    finally:
        close_document(client, uri)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert ALIGNED in hover.contents.value
    assert "|" not in hover.contents.value


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Neovim", {"hover": {"tables": False}}, id="neovim"),
        pytest.param(" neovim ", {"hover": {"tables": False}}, id="spelled-loosely"),
        pytest.param("Visual Studio Code", {}, id="vscode"),
        pytest.param(None, {}, id="no-client-info"),
    ],
)
def test_client_defaults(name: str | None, expected: dict[str, object]) -> None:
    assert client_defaults(name) == expected
