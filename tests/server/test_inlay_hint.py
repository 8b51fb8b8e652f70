"""``textDocument/inlayHint``: price and context after each known model; off by setting.

A settings change (or catalog refresh) must make the client ask again
(``workspace/inlayHint/refresh``), since the text did not change.
"""

from __future__ import annotations

from pathlib import Path

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
    wait_for,
)

REALISTIC = (Path(__file__).parent.parent / "data" / "config" / "valid_realistic.yaml").read_text()
WHOLE = types.Range(types.Position(0, 0), types.Position(1000, 0))
MINI = "$0.15 / $0.60 per 1M · 128K ctx"


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A client that supports ``workspace/inlayHint/refresh`` and counts the refreshes."""
    lsp_client.inlay_refreshes = 0  # type: ignore[attr-defined]

    @lsp_client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def refresh(client: RecordingClient, params: None) -> None:
        client.inlay_refreshes += 1  # type: ignore[attr-defined]

    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
        )
    )
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def disabled_client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
):
    """A client whose ``initializationOptions`` turn inlay hints off."""
    options = offline_options(tmp_path_factory.mktemp("cache"), inlayHints={"enabled": False})
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


async def hints(
    client: RecordingClient, uri: str, range_: types.Range = WHOLE
) -> list[types.InlayHint]:
    return list(
        await client.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=range_)
        )
        or []
    )


def refreshes(client: RecordingClient) -> int:
    return client.inlay_refreshes  # type: ignore[attr-defined,no-any-return]


@pytest.mark.asyncio(loop_scope="module")
async def test_each_known_model_gets_its_price_and_context(client: RecordingClient) -> None:
    uri = uri_for("hints")
    open_document(client, uri, REALISTIC)
    found = await hints(client, uri)
    lines = REALISTIC.splitlines()
    hinted = [lines[h.position.line].split(":")[0].strip() for h in found]
    assert hinted == [
        "gpt-4o-mini",
        "gpt-4.1",
        "sonnet",
        "claude-haiku-4-5",
        "gpt-4.1",
        "claude-sonnet-4.5",
        "gemini-2.5-pro",
        "fast",
        "anthropic/claude-sonnet-4.5",
    ]  # fmt: skip  (the ollama models are local: no hints)
    first = found[0]
    assert first.label == MINI
    assert first.position == types.Position(7, len("      gpt-4o-mini: {}"))
    assert first.padding_left is True
    assert all(isinstance(h.label, str) and "$" in h.label and " ctx" in h.label for h in found)
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_only_the_requested_range_is_answered(client: RecordingClient) -> None:
    uri = uri_for("range")
    open_document(client, uri, REALISTIC)
    found = await hints(client, uri, types.Range(types.Position(8, 0), types.Position(17, 0)))
    assert [h.position.line for h in found] == [8, 15]
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_positions_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    line = '    models: {"🚀 中": {api_model_name: gpt-4o-mini}}  # 🚀'
    open_document(client, uri, "providers:\n  openai:\n" + line + "\n")
    [hint] = await hints(client, uri)
    after_entry = line.index("}}") + 1  # code points; the rocket is two UTF-16 units
    assert hint.position == types.Position(2, after_entry + 1)
    assert hint.label == MINI
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_and_closed_documents_get_none(client: RecordingClient) -> None:
    uri = uri_for("unknown-model")
    open_document(client, uri, "providers:\n  openai:\n    models:\n      gpt-4o-mnii:\n")
    assert await hints(client, uri) == []
    close_document(client, uri)
    assert await hints(client, uri_for("never-opened")) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_initialization_options_can_turn_them_off(
    client: RecordingClient, disabled_client: RecordingClient
) -> None:
    uri = uri_for("disabled")
    open_document(disabled_client, uri, REALISTIC)
    open_document(client, uri, REALISTIC)
    assert await hints(disabled_client, uri) == []
    assert await hints(client, uri)  # the same text with hints on
    close_document(disabled_client, uri)
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_did_change_configuration_turns_them_off_and_on(client: RecordingClient) -> None:
    uri = uri_for("toggle")
    open_document(client, uri, REALISTIC)
    assert await hints(client, uri)
    before = refreshes(client)
    off = types.DidChangeConfigurationParams(
        settings={"modelforge": {"inlayHints": {"enabled": False}}}
    )
    client.workspace_did_change_configuration(off)
    await wait_for(lambda: refreshes(client) > before, what="workspace/inlayHint/refresh (off)")
    assert await hints(client, uri) == []
    before = refreshes(client)
    on = types.DidChangeConfigurationParams(
        settings={"modelforge": {"inlayHints": {"enabled": True}}}
    )
    client.workspace_did_change_configuration(on)
    await wait_for(lambda: refreshes(client) > before, what="workspace/inlayHint/refresh (on)")
    assert len(await hints(client, uri)) == 9
    close_document(client, uri)
