"""``textDocument/documentSymbol``: the outline, as a tree or (for old clients) a flat list."""

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
)

REALISTIC = (Path(__file__).parent.parent / "data" / "config" / "valid_realistic.yaml").read_text()
Kind = types.SymbolKind


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A client that shows a symbol tree."""
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            document_symbol=types.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=True
            )
        )
    )
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def flat_client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A client that only understands ``SymbolInformation`` lists."""
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


async def symbols(
    client: RecordingClient, uri: str
) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(result or [])  # type: ignore[arg-type]


def tree(found: list[types.DocumentSymbol]) -> list[tuple[str, Kind, list[object]]]:
    return [(s.name, s.kind, tree(list(s.children or []))) for s in found]


def contains(outer: types.Range, inner: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(outer.start) <= key(inner.start) and key(inner.end) <= key(outer.end)


def assert_well_formed(found: list[types.DocumentSymbol], parent: types.Range | None) -> None:
    for symbol in found:
        assert contains(symbol.range, symbol.selection_range), symbol.name
        if parent is not None:
            assert contains(parent, symbol.range), symbol.name
        assert_well_formed(list(symbol.children or []), symbol.range)


@pytest.mark.asyncio(loop_scope="module")
async def test_the_outline_is_a_tree_of_providers_and_models(client: RecordingClient) -> None:
    uri = uri_for("outline")
    open_document(client, uri, REALISTIC)
    found = await symbols(client, uri)
    assert all(isinstance(s, types.DocumentSymbol) for s in found)
    roots: list[types.DocumentSymbol] = found  # type: ignore[assignment]
    assert_well_formed(roots, None)
    shape = tree(roots)
    assert [(name, kind) for name, kind, _ in shape] == [
        ("providers", Kind.Namespace),
        ("current_model", Kind.Namespace),
        ("settings", Kind.Namespace),
    ]
    openai = shape[0][2][0]
    assert openai == (
        "openai",
        Kind.Module,
        [("gpt-4o-mini", Kind.Class, []), ("gpt-4.1", Kind.Class, [])],
    )
    assert shape[1][2] == [("provider", Kind.Property, []), ("model", Kind.Property, [])]
    provider = roots[0].children[0]  # type: ignore[index]
    assert provider.detail == "OpenAI · openai_compatible"
    end = len("        api_model_name: gpt-4.1")  # the last line of the provider
    assert provider.range == types.Range(types.Position(2, 2), types.Position(9, end))
    assert provider.selection_range == types.Range(types.Position(2, 2), types.Position(2, 8))
    model = provider.children[0]  # type: ignore[index]
    assert model.detail == "$0.15 / $0.60 per 1M · 128K ctx"
    assert model.selection_range == types.Range(types.Position(7, 6), types.Position(7, 17))
    ollama = roots[0].children[4]  # type: ignore[index]
    assert ollama.name == "ollama"
    assert [m.detail for m in ollama.children or []] == [None, None]  # local: no prices
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    line = '    models: {"🚀 中": {}, gpt-4o-mini: {}}'
    open_document(client, uri, "providers:\n  openai:\n" + line + "\n")
    [providers] = await symbols(client, uri)
    assert isinstance(providers, types.DocumentSymbol)
    [openai] = providers.children or []
    rocket, mini = openai.children or []
    assert rocket.name == "🚀 中"
    start = line.index("gpt-4o-mini") + 1  # the rocket: one code point, two UTF-16 units
    assert mini.selection_range == types.Range(
        types.Position(2, start), types.Position(2, start + len("gpt-4o-mini"))
    )
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_document_that_does_not_parse_has_no_symbols(client: RecordingClient) -> None:
    uri = uri_for("broken")
    open_document(client, uri, "providers:\n  openai: {llm_type: openai_compatible\n")
    assert await symbols(client, uri) == []
    close_document(client, uri)
    assert await symbols(client, uri_for("never-opened")) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_old_clients_get_a_flat_list_with_containers(flat_client: RecordingClient) -> None:
    uri = uri_for("flat")
    open_document(flat_client, uri, REALISTIC)
    found = await symbols(flat_client, uri)
    assert all(isinstance(s, types.SymbolInformation) for s in found)
    flat: list[types.SymbolInformation] = found  # type: ignore[assignment]
    named = [(s.name, s.container_name) for s in flat]
    assert named[:5] == [
        ("providers", None),
        ("openai", "providers"),
        ("gpt-4o-mini", "openai"),
        ("gpt-4.1", "openai"),
        ("anthropic", "providers"),
    ]
    assert ("show_telemetry", "settings") in named
    mini = flat[2]
    assert mini.kind == Kind.Class
    assert mini.location.uri == uri
    assert mini.location.range.start == types.Position(7, 6)
    close_document(flat_client, uri)
