"""The source policy: answer from disk at once, refresh from models.dev only when allowed."""

from __future__ import annotations

import copy
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import (
    CatalogSettings,
    CatalogSource,
    ModelsDevCache,
    ModelsDevClient,
    RefreshOutcome,
    load_catalog,
)
from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.errors import (
    CatalogFormatError,
    CatalogHTTPError,
    CatalogNetworkError,
    CatalogRateLimited,
    CatalogTooLarge,
    CatalogUnavailable,
)
from tests.fake_modelsdev import Behaviour, FakeModelsDev

SMALL_MODEL_COUNT = 24


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_source(
    tmp_path: Path, modelsdev_server: FakeModelsDev, clock: Clock
) -> Callable[..., CatalogSource]:
    """A source on a temp cache dir, fetching from the fake server with near-zero backoff."""

    def make(**overrides: object) -> CatalogSource:
        settings = CatalogSettings(
            url=modelsdev_server.url,
            cache_dir=tmp_path / "cache",
            **overrides,  # type: ignore[arg-type]
        )
        return CatalogSource(
            settings,
            clock=clock,
            cache=ModelsDevCache(settings.cache_dir, ttl=settings.ttl, clock=clock),
            client_factory=lambda s: ModelsDevClient(
                s.url,
                connect_timeout=1,
                read_timeout=0.5,
                backoff_base=0.001,
                backoff_cap=0.01,
                max_bytes=1_000_000,
            ),
        )

    return make


def api_requests(server: FakeModelsDev) -> int:
    return sum(1 for r in server.requests if r.path == "/api.json")


def test_offline_load_catalog_returns_the_bundled_snapshot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, modelsdev_server: FakeModelsDev
) -> None:
    monkeypatch.setenv("MODELFORGE_OFFLINE", "1")
    monkeypatch.setenv("MODELFORGE_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("MODELFORGE_CATALOG_URL", modelsdev_server.url)
    catalog = load_catalog()
    assert catalog.provenance.origin == "snapshot"
    assert catalog.provenance.offline and catalog.provenance.stale
    assert 120 <= len(catalog.providers) <= 200 and 4000 <= catalog.model_count <= 8000
    model = catalog.model("openai", "gpt-4o-mini")
    assert model is not None and model.cost is not None
    assert (model.cost.input, model.cost.output, model.limit.context) == (0.15, 0.6, 128000)
    assert model.status is None
    assert catalog.model("github_copilot", "gpt-4.1") is not None
    assert catalog.search("claude sonet 4.5", provider="anthropic")[0].id == "claude-sonnet-4-5"
    assert modelsdev_server.requests == []


def test_load_never_touches_the_network(
    make_source: Callable[..., CatalogSource], modelsdev_server: FakeModelsDev
) -> None:
    source = make_source()
    catalog = source.load()
    assert catalog.provenance.origin == "snapshot"
    assert source.needs_refresh()
    assert modelsdev_server.requests == []


def test_refresh_fetches_stores_and_the_next_load_reads_the_cache(
    make_source: Callable[..., CatalogSource], modelsdev_server: FakeModelsDev, clock: Clock
) -> None:
    outcome = make_source().refresh()
    assert outcome.status == "updated", outcome.error
    assert outcome.catalog is not None and outcome.catalog.model_count == SMALL_MODEL_COUNT
    assert outcome.catalog.provenance.origin == "network"

    catalog = make_source().load()
    assert catalog.provenance.origin == "cache"
    assert not catalog.provenance.stale
    assert catalog.provenance.fetched_at == clock.now
    assert catalog.model_count == SMALL_MODEL_COUNT
    assert api_requests(modelsdev_server) == 1


def test_fresh_cache_is_not_fetched_again_unless_forced(
    make_source: Callable[..., CatalogSource], modelsdev_server: FakeModelsDev, clock: Clock
) -> None:
    source = make_source()
    source.refresh()
    assert source.refresh().status == "already_fresh"
    assert api_requests(modelsdev_server) == 1

    clock.now += timedelta(hours=1)
    forced = source.refresh(force=True)
    assert forced.status == "not_modified"
    assert modelsdev_server.requests[-1].headers.get("if-none-match") == modelsdev_server.etag
    metadata = source.cache.read_metadata()
    assert metadata is not None and metadata.fetched_at == clock.now


def test_changed_catalog_replaces_the_cache(
    make_source: Callable[..., CatalogSource],
    modelsdev_server: FakeModelsDev,
    small_raw: dict[str, object],
) -> None:
    source = make_source()
    source.refresh()
    modelsdev_server.set_document({"openai": small_raw["openai"]})  # 6 of the 24 models
    held = source.refresh(force=True)  # over half of the models gone: held back (shrink.py)
    assert held.status == "failed" and held.held_back and held.catalog is None
    assert len(make_source().load().providers) > 1  # the cached copy stays
    outcome = source.refresh(force=True, accept_shrink=True)
    assert outcome.status == "updated" and not outcome.held_back
    assert [p.id for p in make_source().load().providers] == ["openai"]


def test_stale_cache_is_served_and_refreshed_in_the_background(
    make_source: Callable[..., CatalogSource], modelsdev_server: FakeModelsDev, clock: Clock
) -> None:
    make_source().refresh()
    clock.now += timedelta(hours=25)
    source = make_source()
    catalog = source.load()
    assert catalog.provenance.origin == "cache" and catalog.provenance.stale

    done = threading.Event()
    outcomes: list[RefreshOutcome] = []
    thread = source.refresh_in_background(lambda o: (outcomes.append(o), done.set()))
    assert thread is not None
    assert done.wait(10)
    assert outcomes[0].status == "not_modified"
    assert outcomes[0].catalog is not None and not outcomes[0].catalog.provenance.stale
    assert source.cache.freshness().name == "FRESH"


def test_background_refresh_is_skipped_when_fresh_or_offline(
    make_source: Callable[..., CatalogSource], modelsdev_server: FakeModelsDev
) -> None:
    make_source().refresh()
    assert make_source().refresh_in_background() is None  # fresh
    assert make_source(offline=True).refresh_in_background(force=True) is None
    assert make_source(enabled=False).refresh_in_background(force=True) is None
    assert api_requests(modelsdev_server) == 1


def test_snapshot_wins_over_an_older_stale_cache(
    make_source: Callable[..., CatalogSource], small_parsed: ParsedCatalog, clock: Clock
) -> None:
    source = make_source()
    source.cache.store(
        small_parsed,
        source_url="https://models.dev/api.json",
        etag=None,
        last_modified=None,
        fetched_at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    catalog = source.load()
    assert catalog.provenance.origin == "snapshot"
    assert catalog.model_count > SMALL_MODEL_COUNT


def test_corrupt_cache_falls_back_to_the_snapshot(
    make_source: Callable[..., CatalogSource],
) -> None:
    source = make_source()
    source.refresh()
    source.cache.data_path.write_bytes(b"\x1f\x8b garbage")
    catalog = make_source().load()
    assert catalog.provenance.origin == "snapshot"
    assert not source.cache.data_path.exists()  # set aside, not left to fail again


@pytest.mark.parametrize(
    ("behaviours", "error_type"),
    [
        pytest.param([Behaviour.slow(1.5)] * 4, CatalogNetworkError, id="slow-past-timeout"),
        pytest.param([Behaviour.stall_mid_body(1.5)] * 4, CatalogNetworkError, id="stall-mid-body"),
        pytest.param([Behaviour.reset()] * 4, CatalogNetworkError, id="connection-reset"),
        pytest.param([Behaviour.reset_mid_body()] * 4, CatalogNetworkError, id="reset-mid-body"),
        pytest.param([Behaviour.rate_limited("0")] * 4, CatalogRateLimited, id="429-retry-after"),
        pytest.param([Behaviour.status(500)] * 4, CatalogNetworkError, id="500-after-retries"),
        pytest.param([Behaviour.status(503)] * 4, CatalogNetworkError, id="503-after-retries"),
        pytest.param([Behaviour.status(404)], CatalogHTTPError, id="404"),
        pytest.param([Behaviour.truncated_gzip()], CatalogFormatError, id="truncated-gzip"),
        pytest.param([Behaviour.corrupt_gzip()], CatalogFormatError, id="corrupt-gzip"),
        pytest.param([Behaviour.body(b"{not json")], CatalogFormatError, id="invalid-json"),
        pytest.param([Behaviour.json(["not", "a", "catalog"])], CatalogFormatError, id="shape"),
        pytest.param([Behaviour.oversized(2_000_000)], CatalogTooLarge, id="oversized"),
        pytest.param(
            [Behaviour.oversized(2_000_000, content_length=False)],
            CatalogTooLarge,
            id="oversized-chunked",
        ),
    ],
)
def test_failed_refresh_keeps_the_good_copy(
    make_source: Callable[..., CatalogSource],
    modelsdev_server: FakeModelsDev,
    behaviours: list[Behaviour],
    error_type: type[Exception],
) -> None:
    source = make_source()
    source.refresh()
    before = source.cache.data_path.read_bytes()
    modelsdev_server.script(*behaviours)
    outcome = source.refresh(force=True)
    assert outcome.status == "failed"
    assert isinstance(outcome.error, error_type)
    assert outcome.offline == isinstance(outcome.error, CatalogNetworkError)
    assert source.last_error is outcome.error
    assert source.cache.data_path.read_bytes() == before
    assert make_source().load().model_count == SMALL_MODEL_COUNT
    assert source.cache.problems == []
    assert not list(source.cache.directory.glob("*.tmp*"))  # no torn temp files left behind


def test_schema_drift_is_stored_without_the_malformed_model(
    make_source: Callable[..., CatalogSource],
    modelsdev_server: FakeModelsDev,
    small_raw: dict[str, Any],
) -> None:
    drifted = copy.deepcopy(small_raw)
    drifted["openai"]["new_provider_field"] = {"x": 1}
    drifted["openai"]["models"]["gpt-4o"]["new_model_field"] = [1, 2]
    del drifted["openai"]["models"]["gpt-4o"]["knowledge"]
    drifted["openai"]["models"]["gpt-4.1"]["limit"] = {"context": "huge"}
    modelsdev_server.set_document(drifted)
    outcome = make_source().refresh()
    assert outcome.status == "updated"
    catalog = make_source().load()
    assert catalog.provenance.origin == "cache"
    assert catalog.model("openai", "gpt-4.1") is None
    gpt_4o = catalog.model("openai", "gpt-4o")
    assert gpt_4o is not None and gpt_4o.knowledge is None
    assert catalog.model_count == SMALL_MODEL_COUNT - 1


def test_unreachable_server_is_reported_as_offline(tmp_path: Path) -> None:
    source = CatalogSource(
        CatalogSettings(url="http://127.0.0.1:9/api.json", cache_dir=tmp_path),
        client_factory=lambda s: ModelsDevClient(s.url, backoff_base=0.001, backoff_cap=0.01),
    )
    outcome = source.refresh()
    assert outcome.offline and isinstance(outcome.error, CatalogNetworkError)
    assert "MODELFORGE_OFFLINE" in str(outcome.error)
    catalog = load_catalog(
        CatalogSettings(url="http://127.0.0.1:9/api.json", cache_dir=tmp_path, connect_timeout=1),
        refresh="wait",
    )
    assert catalog.provenance.origin == "snapshot" and catalog.provenance.offline


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"offline": True}, "offline", id="offline"),
        pytest.param({"enabled": False}, "disabled", id="disabled"),
    ],
)
def test_refresh_refuses_when_the_network_is_off_limits(
    make_source: Callable[..., CatalogSource],
    modelsdev_server: FakeModelsDev,
    overrides: dict[str, object],
    message: str,
) -> None:
    outcome = make_source(**overrides).refresh(force=True)
    assert isinstance(outcome.error, CatalogUnavailable) and message in str(outcome.error)
    assert modelsdev_server.requests == []


def test_disabled_catalog_is_empty_manual_mode(make_source: Callable[..., CatalogSource]) -> None:
    catalog = make_source(enabled=False).load()
    assert catalog.providers == () and catalog.provenance.origin == "disabled"
    assert catalog.model("openai", "gpt-4o") is None


def test_two_processes_refreshing_at_once_fetch_once(
    tmp_path: Path, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.script(Behaviour.slow(1.0))  # the first fetch is slow: the other must wait
    worker = Path(__file__).parent / "_refresh_worker.py"
    children = [
        subprocess.Popen(
            [sys.executable, str(worker), str(tmp_path / "cache"), modelsdev_server.url],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[2],
        )
        for _ in range(2)
    ]
    statuses = sorted(child.communicate(timeout=60)[0].split()[0] for child in children)
    assert statuses == ["already_fresh", "updated"]
    assert api_requests(modelsdev_server) == 1
    cached = ModelsDevCache(tmp_path / "cache").load()
    assert cached is not None and cached.catalog.model_count == SMALL_MODEL_COUNT
