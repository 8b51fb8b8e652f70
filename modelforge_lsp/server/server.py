"""``ModelForgeServer``: the state every feature shares -- settings, catalog, open documents.

A pygls ``LanguageServer`` with handlers registered on it, which get the server as their first
argument (``ls``) and only translate between LSP and this state: each ``features/<name>.py``
stays a thin translator; ``app.py`` wires them onto it, and this module imports none of them:

* ``settings`` -- the editor's ``ServerSettings`` (kept current by ``features/configuration``).
* ``catalog`` -- the models.dev ``Catalog`` with the user's custom providers, read from disk in
  a thread ``initialize`` starts but does not wait for (what needs it awaits
  ``catalog_loaded()``, ``loading.py``); a background refresh hands a newer one over later.
  ``catalog_for(uri)`` adds a document's project custom providers (``projects.py``).
* ``check_settings_for(project)`` -- a project settings file's checks with the editor's settings
  on top, the same layering ``modelforge config validate`` applies.
* ``state_for(uri)`` -- the ``DocumentState`` of an open document (parse once per version);
  ``state_to_answer(uri, request)`` -- the same for a request that reads the text, or ``None``
  (answered empty at once, logged) when the document is over the size limit (``state.py``).
* ``await parse(state)`` -- that version's parse, made in a worker thread. The one threading
  rule: a handler that needs the parse is ``async def`` and awaits this; it never touches
  ``state.document`` on the event loop, where a large file's parse would stall every request.
* ``await check_document(state)`` -- that version's findings, made off the event loop (and
  frozen, ``collector.py``), cached until the catalog or the settings change.

Features learn about changes through listeners: ``on_document_event`` (open/change/save/close)
and ``on_change`` (the catalog or the settings changed: re-check everything).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from urllib.parse import unquote

import attrs
from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer

from modelforge_lsp import __version__
from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource, RefreshOutcome
from modelforge_lsp.config.checks import CheckSettings
from modelforge_lsp.config.files import ProjectLookup, ProjectSettings
from modelforge_lsp.config.syntax import DEFAULT_MAX_BYTES, ConfigDocument
from modelforge_lsp.server.collector import IdleCollector
from modelforge_lsp.server.guard import RequestRefused, guarded
from modelforge_lsp.server.loading import CATALOG_METHODS, after, settle
from modelforge_lsp.server.projects import Projects, directory_of
from modelforge_lsp.server.protocol import ModelForgeProtocol
from modelforge_lsp.server.settings import ServerSettings
from modelforge_lsp.server.state import CheckResult, DocumentState, Generation
from modelforge_lsp.server.warm import warm_up
from modelforge_lsp.urls import redact_text

if TYPE_CHECKING:
    from pygls.server import ServerErrors

__all__ = ["ChangeKind", "DocumentEvent", "ModelForgeServer"]

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
DocumentEvent = Literal["opened", "changed", "saved", "closed"]
ChangeKind = Literal["catalog", "settings"]


class ModelForgeServer(LanguageServer):
    """Holds the catalog, settings and per-document state shared by every feature module."""

    def __init__(self) -> None:
        super().__init__("modelforge-lsp", __version__, protocol_cls=ModelForgeProtocol)
        self.settings = ServerSettings()
        self.settings_generation = 0
        self.catalog: Catalog | None = None
        """``None`` until the first load is done, or if no catalog could be read at all."""
        self.catalog_generation = 0
        self.source: CatalogSource | None = None
        self._catalog_load: asyncio.Task[Any] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._base_catalog: Catalog | None = None
        self._projects = Projects()
        self.projects = self._projects.settings
        self._documents: dict[str, DocumentState] = {}
        self._openings = 0
        self._document_listeners: list[Callable[[DocumentEvent, DocumentState], None]] = []
        self._change_listeners: list[Callable[[ChangeKind], None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._settings_lock = asyncio.Lock()
        self.collector = IdleCollector(lambda: cast(ModelForgeProtocol, self.protocol).last_message)
        self.client_ready = False
        """Set by the ``initialized`` notification: from then on the server may send requests."""
        self.after_warm_up: Callable[[], object] = lambda: None  # (``__main__``: code_cache)

    # -- registration: every handler guarded ------------------------------------------------

    def feature(self, feature_name: str, options: Any | None = None) -> Callable[[F], F]:
        """``LanguageServer.feature``, the handler wrapped by ``guard.guarded`` -- and, for
        ``loading.CATALOG_METHODS``, made to await ``catalog_loaded()`` first."""
        register = super().feature(feature_name, options)
        waits = feature_name in CATALOG_METHODS
        return lambda h: register(
            guarded(self, feature_name, after(self.catalog_loaded, h) if waits else h)
        )

    def command(self, command_name: str) -> Callable[[F], F]:
        """``LanguageServer.command``, guarded, run once the catalog is loaded."""
        register = super().command(command_name)
        return lambda h: register(guarded(self, command_name, after(self.catalog_loaded, h)))

    async def catalog_loaded(self) -> None:
        """Return once the current settings' catalog is read (or could not be)."""
        await settle(lambda: self._catalog_load)

    def window_log_message(self, params: types.LogMessageParams) -> None:
        """Every line for the client's output is redacted: a URL in it may carry credentials."""
        super().window_log_message(attrs.evolve(params, message=redact_text(params.message)))

    def window_show_message(self, params: types.ShowMessageParams) -> None:
        """Every pop-up is redacted too (``urls.redact_text``), whoever composed it."""
        super().window_show_message(attrs.evolve(params, message=redact_text(params.message)))

    def report_exception(self, where: str, error: BaseException) -> None:
        """Log ``error`` here and in the client's output (``window/logMessage``, Error)."""
        trace = "".join(traceback.format_exception(error))
        data = getattr(error, "data", None)  # pygls's internal errors carry the handler's trace
        if isinstance(data, dict) and isinstance(data.get("traceback"), list):
            trace = "Traceback (most recent call last):\n" + "".join(data["traceback"]) + trace
        log.error("%s failed\n%s", where, trace)
        try:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error, message=f"{where} failed: {error!r}\n{trace}"
                )
            )
        except Exception:
            log.exception("could not send the error to the client")

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """pygls's own errors (malformed messages, bad params): logged, never a pop-up."""
        if isinstance(error, JsonRpcMethodNotFound | RequestRefused):
            log.warning("%s", error)
            return
        self.report_exception(f"pygls ({source.__name__})", error)

    def spawn(self, where: str, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coroutine`` as a background task whose exceptions are reported, not lost."""

        async def run() -> None:
            try:
                await coroutine
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.report_exception(where, error)

        task = asyncio.get_running_loop().create_task(run(), name=where)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def client_supports(self, capability: str) -> bool:
        """Whether the client declared ``capability`` (dotted: ``window.work_done_progress``)."""
        return bool(get_capability(self.client_capabilities, capability, None))

    # -- documents ---------------------------------------------------------------------------

    def state_for(self, uri: str) -> DocumentState | None:
        """The current state of the open document ``uri``, or ``None`` if it is not open."""
        return self._documents.get(unquote(uri))

    def state_to_answer(self, uri: str, request: str) -> DocumentState | None:
        """``state_for(uri)``, unless the document is too large to answer ``request`` about.

        The size limit's one gate for requests (diagnostics report MF102 instead): a refused
        request is answered empty at once, on the event loop, without a worker thread; the
        first refusal per request and version is logged, here and in the client's output.
        """
        state = self.state_for(uri)
        if state is None or not state.too_large:
            return state
        if request not in state.refused:
            state.refused.add(request)
            self._log_info(
                f"{request}: {state.uri} is too large to read ({state.size:,} bytes, the limit "
                f"is {DEFAULT_MAX_BYTES:,}); answered empty until it is smaller"
            )
        return None

    async def parse(self, state: DocumentState) -> ConfigDocument:
        """``state``'s parse, without blocking the event loop (see the module docstring).

        Made in a worker thread if no one has started it; if a thread already is making it (a
        check, another request), awaited without taking a second thread.
        """
        if (document := state.parsed) is not None:
            return document
        if (future := state.parse_future) is not None:
            return await asyncio.shield(asyncio.wrap_future(future))
        return await asyncio.shield(asyncio.to_thread(lambda: state.document))

    def open_documents(self) -> list[DocumentState]:
        return list(self._documents.values())

    def put_document(self, uri: str, version: int, text: str, *, opened: bool) -> DocumentState:
        """Record a new version of ``uri`` (``opened``: a ``didOpen``) and tell the listeners."""
        if opened:
            self._openings += 1
        previous = self.state_for(uri)
        opening = self._openings if opened or previous is None else previous.opening
        state = DocumentState(uri, version, text, self.workspace.position_codec, opening)
        self._documents[unquote(uri)] = state
        self._emit_document("opened" if opened else "changed", state)
        return state

    def document_saved(self, uri: str) -> None:
        if (state := self.state_for(uri)) is not None:
            self._emit_document("saved", state)

    def close_document(self, uri: str) -> None:
        if (state := self._documents.pop(unquote(uri), None)) is not None:
            self._emit_document("closed", state)

    def on_document_event(self, listener: Callable[[DocumentEvent, DocumentState], None]) -> None:
        self._document_listeners.append(listener)

    def _emit_document(self, event: DocumentEvent, state: DocumentState) -> None:
        for listener in self._document_listeners:
            guarded(self, f"document {event} listener", listener)(event, state)

    # -- settings and catalog ----------------------------------------------------------------

    @property
    def catalog_settings(self) -> CatalogSettings:
        """The environment's catalog settings with the editor's options on top."""
        return self.settings.catalog.apply(CatalogSettings.from_env())

    def check_settings_for(self, project: ProjectSettings) -> CheckSettings:
        """A project's settings with the editor's on top (``config validate`` does the same)."""
        enabled = self.source.settings.enabled if self.source else True
        return self.settings.checks.check_settings(catalog_enabled=enabled, project=project)

    def catalog_for(self, uri: str) -> Catalog | None:
        """The catalog for a document: with its project's custom providers, if it has any."""
        return self._projects.catalog_for(
            uri,
            self._base_catalog,
            self.catalog,
            self.catalog_generation,
            self.settings.custom_providers,
        )

    @property
    def generation(self) -> Generation:
        return self.catalog_generation, self.settings_generation

    def on_change(self, listener: Callable[[ChangeKind], None]) -> None:
        self._change_listeners.append(listener)

    def _emit_change(self, kind: ChangeKind) -> None:
        # Before ``initialized`` no document is open, and LSP forbids server requests (such as
        # ``workspace/diagnostic/refresh``) until ``initialize`` has been answered.
        if not self.client_ready:
            return
        for listener in self._change_listeners:
            guarded(self, f"{kind} change listener", listener)(kind)

    async def use_settings(self, settings: ServerSettings, *, wait: bool = True) -> None:
        """Switch to ``settings``: reload the catalog if its options changed, then re-check.
        Serialised, so two quick changes cannot finish out of order. ``wait=False``
        (``initialize``): return before the catalog is read; what needs it waits for it."""
        async with self._settings_lock:
            previous, self.settings = self.settings, settings
            if self.source is None or settings.catalog != previous.catalog:
                self.source = CatalogSource(self.catalog_settings)
                self._catalog_load = self.spawn("catalog load", self._load_catalog(self.source))
                if wait:
                    await self.catalog_loaded()
            elif self.catalog is not None and settings == previous:
                return
            self.settings_generation += 1
            self._rebuild_catalog()
            self._emit_change("settings")

    async def _load_catalog(self, source: CatalogSource) -> None:
        """Read ``source``'s catalog off the event loop and serve it, unless it was replaced.
        Announces no change: all that reads the catalog waited for this load."""
        catalog = await asyncio.to_thread(source.load, keep_directory=True)  # (see load)
        if source is not self.source:
            return
        log.info("catalog: %s", catalog.provenance.describe())
        first, self._base_catalog = self._base_catalog is None, catalog
        self._rebuild_catalog()
        self.start_background_refresh()
        if first:  # what a session's first requests would build, built meanwhile (``warm``)
            warming = (self.protocol._converter, self.catalog, self.after_warm_up)
            self.spawn("warm-up", asyncio.to_thread(warm_up, *warming))

    def _rebuild_catalog(self) -> None:
        base, extra = self._base_catalog, self.settings.custom_providers
        self.catalog = base.extended(extra) if base is not None and extra else base
        self.catalog_generation += 1
        self.collector.freeze_catalog()  # it lives on: collections need not walk it again

    def set_base_catalog(self, catalog: Catalog, source: CatalogSource) -> bool:
        """Swap in ``catalog`` (from ``source``) and re-check; ignored if the source is outdated."""
        if source is not self.source:
            return False
        self._base_catalog = catalog
        self._rebuild_catalog()
        self._emit_change("catalog")
        return True

    def start_background_refresh(self) -> None:
        """Stale-while-revalidate: fetch models.dev in a thread if the data on disk is stale."""
        source, loop = self.source, self.loop
        if source is None or loop is None:
            return

        def done(outcome: RefreshOutcome) -> None:  # on the refresh thread
            loop.call_soon_threadsafe(
                guarded(self, "background catalog refresh", self._background_refresh_done),
                source,
                outcome,
            )

        source.refresh_in_background(done)

    def _background_refresh_done(self, source: CatalogSource, outcome: RefreshOutcome) -> None:
        if outcome.catalog is None:
            serving = self.catalog.provenance.describe() if self.catalog else "no catalog"
            self._warn(f"catalog refresh failed: {outcome.error}; using {serving}")
            return
        self.set_base_catalog(outcome.catalog, source)

    def _log_info(self, message: str) -> None:
        """An information line in our log and in the client's output."""
        log.info("%s", message)
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Info, message=message)
        )

    def _warn(self, message: str) -> None:
        """A warning in our log and in the client's output (never a pop-up)."""
        log.warning("%s", message)
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=message)
        )

    # -- findings ----------------------------------------------------------------------------

    async def refresh_project(self, state: DocumentState) -> ProjectLookup:
        """Look at ``state``'s project settings file (off the loop) before answering for it.

        A file that appeared, changed or went away bumps the settings generation -- so result
        ids change and pulls get fresh diagnostics -- and re-checks every open document. The
        catalog with the project's providers is built here too, in the worker thread.
        """
        project = await asyncio.to_thread(self._look_at_project, state.uri)
        for problem in project.problems:
            self._warn(f"project settings: {problem}")
        if project.changed:
            self.settings_generation += 1
            self._emit_change("settings")
        return project

    def _look_at_project(self, uri: str) -> ProjectLookup:
        directory = directory_of(uri)
        if directory is None:  # untitled: and other unsaved documents have no project
            return ProjectLookup(ProjectSettings(), changed=False)
        project = self.projects.lookup(directory)
        self.catalog_for(uri)  # built on this worker thread, not later on the event loop
        return project

    async def check_document(
        self, state: DocumentState, project: ProjectLookup | None = None
    ) -> CheckResult:
        """The findings for ``state`` under the current catalog and settings (cached).

        A cached result is answered at once (code actions ask on every cursor move). Otherwise
        the project settings are looked at -- unless the caller just did (``project``) -- and
        the check runs in a worker thread so a large document never stalls the event loop; the
        result is cached on the state only if nothing changed while it ran.
        """
        await self.catalog_loaded()
        cached = state.findings_for(self.generation)
        if cached is not None:
            return CheckResult(state, cached, self.generation)
        if project is None:
            project = await self.refresh_project(state)
        generation = self.generation
        findings = await self.collector.run_check(
            state.run_checks,
            self.catalog_for(state.uri),
            self.check_settings_for(project.settings),
        )
        if self.generation == generation:
            state.findings, state.findings_generation = findings, generation
        return CheckResult(state, findings, generation)
