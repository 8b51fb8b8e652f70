"""Start-up and settings: ``initialize``, ``initialized``, ``workspace/didChangeConfiguration``.

The handshake comes in two steps. ``initialize`` carries the client's capabilities and our
``initializationOptions``; we read the settings and start reading the catalog from disk (never
the network) in a worker thread, and pygls answers at once with the capabilities of the
handlers we registered -- the requests that need the catalog wait for it, nothing else does.
Once the client sends ``initialized`` we may talk back: report invalid options (one warning
naming them), pull section ``modelforge`` with ``workspace/configuration`` if the client can answer,
and register for configuration changes if the client wants that done dynamically.

Later changes arrive as ``workspace/didChangeConfiguration``: with the settings inline
(nested ``{"modelforge": {...}}`` or flat), or with ``null`` meaning "pull them". Each change is
laid over the ``initializationOptions`` (an empty object from a client that cannot be pulled
means "back to those") and applied as a whole (``ModelForgeServer.use_settings``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from modelforge_lsp.catalog import CatalogSettings
from modelforge_lsp.server.settings import (
    SECTION,
    client_defaults,
    merge_settings,
    parse_settings,
    unwrap_section,
)

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register"]


class SettingsSync:
    """Turns the client's raw settings into ``ServerSettings`` and reports bad ones once."""

    def __init__(self, server: ModelForgeServer) -> None:
        self.server = server
        self.initialization_options: Any = None
        self.ready = False
        """Set at ``initialized``: before it, problems wait (the client is not listening yet)."""
        self._reported: set[str] = set()
        self._unreported: list[str] = []

    async def apply(self, overlay: Any, *, wait: bool = True) -> None:
        """Use the initialization options with ``overlay`` on top (``wait``: see
        ``ModelForgeServer.use_settings``)."""
        raw = merge_settings(self.initialization_options, unwrap_section(overlay))
        settings, problems = parse_settings(raw)
        self._unreported += [*problems, *CatalogSettings.from_env().problems]
        await self.server.use_settings(settings, wait=wait)
        self.report_problems()

    def report_problems(self) -> None:
        """One ``window/showMessage`` warning for the problems not reported before."""
        if not self.ready:
            return
        new = [p for p in dict.fromkeys(self._unreported) if p not in self._reported]
        self._unreported.clear()
        if not new:
            return
        self._reported.update(new)
        self.server.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Warning,
                message="ModelForge: invalid settings ignored (defaults used): " + "; ".join(new),
            )
        )

    async def pull(self) -> None:
        """Ask the client for section ``modelforge`` (``workspace/configuration``)."""
        if not self.server.client_supports("workspace.configuration"):
            return
        items = [types.ConfigurationItem(section=SECTION)]
        answer = await self.server.workspace_configuration_async(
            types.ConfigurationParams(items=items)
        )
        if answer and isinstance(answer[0], Mapping):
            await self.apply(answer[0])


def register(server: ModelForgeServer) -> None:
    sync = SettingsSync(server)

    @server.feature(types.INITIALIZE)
    async def initialize(ls: ModelForgeServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        client = params.client_info.name if params.client_info is not None else None
        sync.initialization_options = merge_settings(
            client_defaults(client), unwrap_section(params.initialization_options)
        )
        await sync.apply(None, wait=False)  # answered now; the catalog is read meanwhile

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ModelForgeServer, params: types.InitializedParams) -> None:
        ls.client_ready = True
        sync.ready = True
        sync.report_problems()
        if ls.client_supports("workspace.did_change_configuration.dynamic_registration"):
            registration = types.Registration(
                id="modelforge-configuration",
                method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
            )
            ls.spawn(
                "client/registerCapability",
                ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                ),
            )
        await sync.pull()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: ModelForgeServer, params: types.DidChangeConfigurationParams
    ) -> None:
        settings, can_pull = params.settings, ls.client_supports("workspace.configuration")
        if isinstance(settings, Mapping) and (settings or not can_pull):
            await sync.apply(settings)
        else:  # null (or nothing) and a client we can ask: "settings changed, pull them"
            await sync.pull()
