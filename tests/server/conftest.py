"""Helpers for the server's end-to-end tests: the real server process driven by pytest-lsp.

Every test server is kept off the internet: its ``initializationOptions`` always name a temp
``cacheDir`` and either ``offline: true`` (the bundled snapshot) or the fake models.dev's URL.
Each test opens its own URIs, so tests can share one server per module.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.server.slow_check_server import CHECK_DELAY_VARIABLE

SERVER_COMMAND = [sys.executable, "-m", "modelforge_lsp"]
UNREACHABLE_URL = "http://127.0.0.1:9/api.json"
"""A catalog URL nothing listens on: an accidental fetch fails fast and never leaves the host."""

MF302_TEXT = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-mnii: {}\n"
    "    auth_strategy: api_key\n"
)
"""``check`` reports MF302 (did you mean gpt-4o-mini?) on ``gpt-4o-mnii``: line 4, cols 6-17, and
nothing else (``auth_strategy`` last, so the model's line number stays 4)."""
MF302_RANGE = types.Range(types.Position(4, 6), types.Position(4, 17))
CLEAN_TEXT = MF302_TEXT.replace("mnii", "mini")
SYNTAX_ERROR_TEXT = "providers:\n  openai: {llm_type: openai_compatible\n"


class RecordingClient(LanguageClient):
    """A pytest-lsp client that also keeps every ``publishDiagnostics`` (in arrival order) and
    every ``client/registerCapability``."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]


def _record_publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _record_registration(client: RecordingClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_recording_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published, client.registrations = [], []
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _record_publish,
        types.CLIENT_REGISTER_CAPABILITY: _record_registration,
    }
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_recording_client)


def slow_check_server(delay_ms: int) -> ClientServerConfig:
    """``SERVER``, but every check takes ``delay_ms`` longer (``slow_check_server.py``)."""
    return ClientServerConfig(
        server_command=[sys.executable, str(Path(__file__).with_name("slow_check_server.py"))],
        client_factory=make_recording_client,
        server_env={**os.environ, CHECK_DELAY_VARIABLE: str(delay_ms)},
    )


def framed(*messages: dict[str, object]) -> bytes:
    """``messages`` as they travel over stdio: each behind its LSP header."""
    out = b""
    for message in messages:
        body = json.dumps(message).encode()
        out += b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n" % len(body)
        out += body
    return out


def offline_options(cache_dir: Path, **extra: Any) -> dict[str, Any]:
    """``initializationOptions`` for a server on the bundled snapshot, never the network."""
    catalog = {"offline": True, "url": UNREACHABLE_URL, "cacheDir": str(cache_dir)}
    return {"catalog": catalog, **extra}


def uri_for(name: str) -> str:
    return f"file:///workspace/{name}/.model-forge/config.yaml"


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="yaml", version=version, text=text
            )
        )
    )


def replace_text(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """A full-text ``didChange``."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def edit_text(
    client: LanguageClient, uri: str, version: int, range_: types.Range, text: str
) -> None:
    """An incremental ``didChange``: replace ``range_`` with ``text``."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=range_, text=text),
            ],
        )
    )


def close_document(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def wait_for(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:
    """Poll ``predicate`` until it returns something truthy (returned); fail after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (result := predicate()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        await asyncio.sleep(0.02)
    return result


def publishes(client: RecordingClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [params for params in client.published if params.uri == uri]


async def wait_for_publish(
    client: RecordingClient, uri: str, version: int | None = None
) -> types.PublishDiagnosticsParams:
    """The first publish for ``uri`` (at ``version``, if given)."""

    def found() -> types.PublishDiagnosticsParams | None:
        for params in publishes(client, uri):
            if version is None or params.version == version:
                return params
        return None

    result: types.PublishDiagnosticsParams = await wait_for(
        found, what=f"diagnostics of {uri} v{version}"
    )
    return result


async def execute(client: LanguageClient, command: str, *arguments: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command, arguments=list(arguments))
    )
