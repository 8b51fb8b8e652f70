"""Documents built to hurt a parser, through the real server: each gets an answer that says what
is wrong, and other documents are answered meanwhile.

The attacks issue 10 did not spell out: a YAML alias bomb ("billion laughs", nine levels of
nine aliases), flow nesting 100,000 brackets deep, block nesting a thousand levels deep, a
document of 100,000 tiny keys, a single 1 MB line, a JSON config holding a 10 MB string -- and
a text holding U+2028, which pygls used to count as a line break, so every incremental edit
below it landed on the wrong line of the server's copy (found by ``bench/fuzz_soak.py``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.config.checks.findings import MAX_MESSAGE
from tests.server.conftest import (
    CLEAN_TEXT,
    SERVER,
    RecordingClient,
    edit_text,
    offline_options,
    open_document,
    uri_for,
)

LAUGHS = "\n".join(
    [
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)),
        "providers:",
        "  openai:",
        "    llm_type: openai_compatible",
        "    models: *l9",
        "",
    ]
)
DEEP_FLOW = "providers: " + "[" * 100_000 + "]" * 100_000 + "\n"
DEEP_BLOCK = "".join("  " * level + f"k{level}:\n" for level in range(1_000))
MANY_KEYS = "".join(f"k{index}: 1\n" for index in range(100_000))
LONG_LINE = "current_model: {provider: " + "x" * 1_000_000 + ", model: gpt-4o}\n"
BIG_STRING = '{"providers": {"openai": {"llm_type": "openai_compatible", "base_url": "'
BIG_STRING += "x" * 10_000_000 + '"}}}\n'

HOSTILE = [
    pytest.param(LAUGHS, "alias", id="billion-laughs"),
    pytest.param(DEEP_FLOW, "nested too deeply", id="deep-flow"),
    pytest.param(DEEP_BLOCK, "nested too deeply", id="deep-block"),
    pytest.param(MANY_KEYS, "more than 150,000 keys", id="many-keys"),
    pytest.param(LONG_LINE, "MF401", id="one-megabyte-line"),
    pytest.param(BIG_STRING, "too large to check", id="ten-megabyte-string"),
]


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


def pull(client: RecordingClient, uri: str) -> asyncio.Future[Any]:
    """A pull-diagnostics request, sent now."""
    return asyncio.wrap_future(
        client.text_document_diagnostic(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
    )


def requests(client: RecordingClient, uri: str) -> list[asyncio.Future[Any]]:
    """Hover, completion, symbols and inlay hints on ``uri``, sent now."""
    document = types.TextDocumentIdentifier(uri=uri)
    at = types.Position(line=0, character=3)
    everywhere = types.Range(start=types.Position(0, 0), end=types.Position(200_000, 0))
    return [
        asyncio.wrap_future(future)
        for future in (
            client.text_document_hover(types.HoverParams(text_document=document, position=at)),
            client.text_document_completion(
                types.CompletionParams(text_document=document, position=at)
            ),
            client.text_document_document_symbol(types.DocumentSymbolParams(document)),
            client.text_document_inlay_hint(types.InlayHintParams(document, everywhere)),
        )
    ]


def described(report: Any) -> str:
    return " | ".join(f"{item.code} {item.message}" for item in report.items)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("text", "expected"), HOSTILE)
async def test_a_hostile_document_is_answered_and_others_are_too(
    client: RecordingClient, text: str, expected: str, request: pytest.FixtureRequest
) -> None:
    hostile, small = uri_for(f"hostile-{request.node.callspec.id}"), uri_for("small")
    open_document(client, hostile, text)
    open_document(client, small, CLEAN_TEXT)
    diagnostics = pull(client, hostile)
    others = requests(client, hostile)
    small_hover = client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=small),
            position=types.Position(line=4, character=9),
        )
    )
    hover = await small_hover
    assert hover is not None and "gpt-4o-mini" in str(hover.contents)
    report = await diagnostics
    assert expected in described(report), described(report)
    assert all(len(item.message) <= MAX_MESSAGE for item in report.items)  # a 1 MB name is cut
    await asyncio.gather(*others)  # answered (empty or not), never an error or a hang
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert errors == []


@pytest.mark.asyncio(loop_scope="module")
async def test_an_edit_below_a_line_separator_lands_where_the_editor_made_it(
    client: RecordingClient,
) -> None:
    uri = uri_for("line-separator")
    text = (
        'settings: {note: "pasted from a web page:\u2028 a line separator, \x85 a NEL"}\n'
        "providers:\n  openai:\n    llm_type: openai_compatible\n    models: {}\n"
    )
    open_document(client, uri, text)
    where = types.Range(start=types.Position(3, 14), end=types.Position(3, 31))
    edit_text(client, uri, 2, where, "bogus_type")
    report = await pull(client, uri)
    (finding,) = [item for item in report.items if "bogus_type" in item.message]
    assert finding.range == types.Range(types.Position(3, 14), types.Position(3, 24))
