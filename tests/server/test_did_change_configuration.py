"""Settings at run time: ``workspace/didChangeConfiguration`` (pushed, nested or flat, or
``null`` meaning "pull"), ``workspace/configuration`` after ``initialized``, and invalid
``initializationOptions`` reported once with the defaults used."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types

from modelforge_lsp.server.features.commands import CATALOG_STATUS
from tests.server.conftest import (
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    execute,
    offline_options,
    open_document,
    publishes,
    uri_for,
    wait_for,
)

CUSTOM = {"my-gateway": {"models": {"house-model": {}}}}
INVALID = {
    "diagnostics": {"debounceMs": "soon"},
    "checks": {"severity": {"MF302": "loud"}},
    "inlayHints": {"enabled": "yes"},
}


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"), **INVALID)
    options["catalog"]["ttl"] = "forever"
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def pulling_client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory
):
    """A client that answers ``workspace/configuration`` (with ``customProviders``)."""
    lsp_client.set_configuration({"customProviders": CUSTOM}, section="modelforge")
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(
                dynamic_registration=True
            ),
        )
    )
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


def change_configuration(client: RecordingClient, settings: Any) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings))


async def status(client: RecordingClient) -> dict[str, Any]:
    result: dict[str, Any] = await execute(client, CATALOG_STATUS)
    return result


async def status_until(
    client: RecordingClient, predicate: Callable[[dict[str, Any]], bool]
) -> None:
    """Poll the status until ``predicate`` holds: a pull is a round trip to the client."""
    for _ in range(250):
        if predicate(await status(client)):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the settings never took effect")


@pytest.mark.asyncio(loop_scope="module")
async def test_invalid_options_are_reported_once_and_defaults_used(
    client: RecordingClient,
) -> None:
    [message] = await wait_for(lambda: client.messages, what="a warning")
    assert message.type == types.MessageType.Warning
    for option in ("catalog.ttl", "diagnostics.debounceMs", "checks.severity.MF302"):
        assert option in message.message
    assert "inlayHints.enabled" in message.message
    assert (await status(client))["settings"]["ttlSeconds"] == 24 * 3600  # the default

    change_configuration(client, {"modelforge": INVALID})  # the same mistakes again
    await status(client)
    assert len(client.messages) == 1

    change_configuration(client, {"modelforge": {"customProviders": ["not", "a", "map"]}})
    await wait_for(lambda: len(client.messages) == 2, what="a second warning")
    assert "customProviders" in client.messages[1].message
    assert "debounceMs" not in client.messages[1].message


@pytest.mark.asyncio(loop_scope="module")
async def test_nested_and_flat_settings_both_apply(client: RecordingClient) -> None:
    change_configuration(client, {"modelforge": {"customProviders": CUSTOM}})
    assert (await status(client))["customProviders"] == 1
    change_configuration(client, {"customProviders": {}})
    assert (await status(client))["customProviders"] == 0


@pytest.mark.asyncio(loop_scope="module")
async def test_severity_and_catalog_toggles_recheck_open_documents(
    client: RecordingClient,
) -> None:
    uri = uri_for("toggles")
    open_document(client, uri, MF302_TEXT)
    await wait_for(lambda: client.diagnostics.get(uri), what="the MF302 warning")
    change_configuration(client, {"checks": {"severity": {"MF302": "error"}}})
    await wait_for(
        lambda: [d.severity for d in client.diagnostics[uri]] == [types.DiagnosticSeverity.Error],
        what="MF302 as an error",
    )
    change_configuration(client, {"checks": {"catalog": False}})
    await wait_for(lambda: not client.diagnostics[uri], what="catalog checks off")
    change_configuration(client, {})  # back to the initializationOptions
    await wait_for(lambda: client.diagnostics[uri], what="MF302 back")
    assert all(p.version == 1 for p in publishes(client, uri))
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_settings_are_pulled_after_initialized(pulling_client: RecordingClient) -> None:
    await status_until(pulling_client, lambda s: s["customProviders"] == 1)
    [registration] = pulling_client.registrations  # so that the client tells us of changes
    assert registration.method == types.WORKSPACE_DID_CHANGE_CONFIGURATION
    assert registration.register_options == {"section": "modelforge"}
    pulling_client.set_configuration({"customProviders": {}}, section="modelforge")
    change_configuration(pulling_client, None)  # "settings changed: pull them"
    await status_until(pulling_client, lambda s: s["customProviders"] == 0)
    assert pulling_client.messages == []
