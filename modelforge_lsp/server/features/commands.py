"""``workspace/executeCommand``: ``modelforge.refreshCatalog`` and ``modelforge.catalogStatus``.

Commands are the server's own verbs. The client learns their names from ``initialize``
(``executeCommandProvider.commands``; pygls advertises every ``@server.command``) and runs them
from a palette, a code lens or a code action. A long command should show that it is working:
with **work-done progress** the server creates a token (``window/workDoneProgress/create``),
then sends ``$/progress`` begin, report(s) and end, and the editor draws a progress bar. The
refresh downloads in a worker thread, so its byte counts reach the event loop through
``call_soon_threadsafe``.

Both commands return JSON the caller can show or test against; the refresh also says its
outcome in one ``window/showMessage`` line.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException

from modelforge_lsp import __version__
from modelforge_lsp.catalog import Catalog, CatalogSource, ServedCatalog, format_age
from modelforge_lsp.catalog import catalog_status as build_catalog_status
from modelforge_lsp.server.settings import camel_case
from modelforge_lsp.urls import redact_url

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["CATALOG_STATUS", "COMMANDS", "REFRESH_CATALOG", "register"]

REFRESH_CATALOG = "modelforge.refreshCatalog"
CATALOG_STATUS = "modelforge.catalogStatus"
COMMANDS = (REFRESH_CATALOG, CATALOG_STATUS)

log = logging.getLogger(__name__)

_VERBS = {
    "updated": "updated from models.dev",
    "not_modified": "confirmed current by models.dev",
    "already_fresh": "already fresh (another process just refreshed it)",
}


class WorkDone:
    """Work-done progress for one command, if the client supports it (silent otherwise)."""

    def __init__(self, server: ModelForgeServer, title: str) -> None:
        self.server = server
        self.title = title
        self.token = f"modelforge-{uuid.uuid4()}"
        self.enabled = server.client_supports("window.work_done_progress")
        self._percentage = -1

    async def begin(self) -> None:
        if not self.enabled:
            return
        try:
            await self.server.work_done_progress.create_async(self.token)
        except JsonRpcException as error:  # the client refused: work without a progress bar
            log.warning("no progress bar: %s", error)
            self.enabled = False
            return
        self.server.work_done_progress.begin(
            self.token, types.WorkDoneProgressBegin(title=self.title, percentage=0)
        )

    def report_bytes(self, received: int, total: int | None) -> None:
        """A ``ProgressCallback`` for ``CatalogSource.refresh``; called on the worker thread."""
        loop = self.server.loop
        if not self.enabled or loop is None:
            return
        percentage = min(99, received * 100 // total) if total else None
        if percentage is not None and percentage <= self._percentage:
            return
        self._percentage = percentage if percentage is not None else self._percentage
        message = f"{received / 1_000_000:.1f} MB"
        loop.call_soon_threadsafe(
            self.server.work_done_progress.report,
            self.token,
            types.WorkDoneProgressReport(message=message, percentage=percentage),
        )

    def end(self, message: str) -> None:
        if self.enabled:
            self.server.work_done_progress.end(
                self.token, types.WorkDoneProgressEnd(message=message)
            )


def _counts(served: ServedCatalog | None) -> dict[str, Any]:
    if served is None:
        return {"origin": None, "age": None, "providers": 0, "models": 0}
    return {
        "origin": served.origin,
        "age": None if served.age is None else format_age(served.age),
        "providers": served.providers,
        "models": served.models,
    }


def _served(catalog: Catalog | None) -> ServedCatalog | None:
    return None if catalog is None else ServedCatalog.of(catalog)


def _refusal(source: CatalogSource) -> str | None:
    """Why the settings forbid a refresh, in the editor's words (``None``: they allow it)."""
    if not source.settings.enabled:
        return (
            "the catalog is disabled (setting modelforge.catalog.enabled or "
            "MODELFORGE_CATALOG_ENABLED); enable it to refresh"
        )
    if source.settings.offline:
        return (
            "offline mode is on (setting modelforge.catalog.offline or MODELFORGE_OFFLINE); "
            "turn it off to fetch models.dev"
        )
    return None


async def refresh_catalog(ls: ModelForgeServer, *, accept_shrink: bool = False) -> dict[str, Any]:
    """Fetch models.dev now, swap the catalog in and re-check open documents.

    A catalog that lost over half of the cached models is held back (``heldBack``, the reason in
    ``error`` and a warning message) unless ``accept_shrink``.
    """
    source = ls.source
    if source is None:
        return {"status": "failed", **_counts(None), "error": "the server is not initialised"}
    error = _refusal(source)
    status, held_back = "failed", False
    if error is None:
        progress = WorkDone(ls, "Refreshing the models.dev catalog")
        await progress.begin()
        try:
            outcome = await asyncio.to_thread(
                source.refresh,
                force=True,
                on_progress=progress.report_bytes,
                accept_shrink=accept_shrink,
            )
        finally:
            progress.end("done")
        status, held_back = outcome.status, outcome.held_back
        error = None if outcome.error is None else str(outcome.error)
        if outcome.catalog is not None:
            ls.set_base_catalog(outcome.catalog, source)
    result = {
        "status": status,
        **_counts(_served(ls.catalog)),
        "error": error,
        "heldBack": held_back,
    }
    described = ls.catalog.provenance.describe() if ls.catalog else "no catalog"
    if error is None:
        message = (
            f"ModelForge: catalog {_VERBS.get(status, status)}: {result['providers']} providers, "
            f"{result['models']} models."
        )
        kind = types.MessageType.Info
    else:
        message = f"ModelForge: catalog refresh failed: {error}. Still using: {described}."
        kind = types.MessageType.Warning
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))
    return result


async def catalog_status(ls: ModelForgeServer) -> dict[str, Any]:
    """Where the catalog comes from, how fresh the cache is, and how the index is used.

    The facts are ``catalog.CatalogStatus``, as ``modelforge cache status`` shows them; this
    spells them in camelCase and adds what only the server knows (open documents).
    """
    status = await asyncio.to_thread(build_catalog_status, ls.catalog, ls.source)
    served, source = status.catalog, status.source
    result: dict[str, Any] = {
        "version": __version__,
        "documents": len(ls.open_documents()),
        "customProviders": len(ls.settings.custom_providers),
        "catalog": {
            **_counts(served),
            "description": None if served is None else served.description,
            "stale": None if served is None else served.stale,
            "offline": None if served is None else served.offline,
        },
    }
    if served is not None:
        result["stats"] = {camel_case(name): value for name, value in asdict(served.usage).items()}
    if source is not None:
        settings, cache = source.settings, source.cache
        result["settings"] = {
            "url": redact_url(settings.url),
            "cacheDir": str(cache.directory),
            "ttlSeconds": int(settings.ttl.total_seconds()),
            "offline": settings.offline,
            "enabled": settings.enabled,
        }
        result["cache"] = {
            "freshness": cache.freshness.name.lower(),
            "age": None if cache.age is None else format_age(cache.age),
            "fetchedAt": None if cache.metadata is None else cache.metadata.fetched_at.isoformat(),
            "totalBytes": cache.total_bytes,
            "refused": cache.refused,  # why nothing in the cache directory was believed
        }
        result["loadSeconds"] = source.load_seconds
        result["lastRefreshError"] = source.last_refresh_error
    return result


def register(server: ModelForgeServer) -> None:
    # pygls resolves a command handler's type hints at run time to convert its arguments, and
    # the server type is imported here for type checking only, so the handlers take no ``ls``
    # and close over ``server``. The refresh takes one optional argument, ``{"acceptShrink":
    # true}``; anything else passed is ignored.
    @server.command(REFRESH_CATALOG)
    async def refresh(*arguments: object) -> dict[str, Any]:
        accept = any(isinstance(a, dict) and a.get("acceptShrink") is True for a in arguments)
        return await refresh_catalog(server, accept_shrink=accept)

    @server.command(CATALOG_STATUS)
    async def status(*_arguments: object) -> dict[str, Any]:
        return await catalog_status(server)
