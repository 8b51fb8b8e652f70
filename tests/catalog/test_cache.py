"""``ModelsDevCache``: round trip, freshness with a frozen clock, corruption, versions, limits,
permissions, and several processes refreshing one cache at once."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from filelock import FileLock

from modelforge_lsp.atomic import TEMP_MARKER
from modelforge_lsp.catalog import cache as cache_module
from modelforge_lsp.catalog.cache import (
    DATASET,
    DEFAULT_TTL,
    SCHEMA_VERSION,
    CacheMetadata,
    Freshness,
    ModelsDevCache,
    freshness,
)
from modelforge_lsp.catalog.models import (
    ParsedCatalog,
    ProviderInfo,
    catalog_to_json,
    parse_catalog,
)
from modelforge_lsp.catalog.snapshot import load_snapshot
from modelforge_lsp.errors import CatalogError, CatalogFormatError

API_JSON = Path(__file__).parents[1] / "data" / "catalog" / "api.json"
WORKER = Path(__file__).with_name("_cache_worker.py")
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
URL = "https://models.dev/api.json"


class FrozenClock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """Permissions must come from the cache itself, not from a friendly umask."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def catalog() -> ParsedCatalog:
    return parse_catalog(json.loads(API_JSON.read_text()))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def cache(tmp_path: Path, clock: FrozenClock) -> ModelsDevCache:
    return ModelsDevCache(tmp_path / "cache", clock=clock)


def other_catalog(catalog: ParsedCatalog, name: str) -> ParsedCatalog:
    return ParsedCatalog((*catalog.providers, ProviderInfo(id="marker", name=name)))


def read_meta_json(cache: ModelsDevCache) -> dict[str, object]:
    raw: dict[str, object] = json.loads(cache.metadata_path.read_bytes())
    return raw


def write_meta_json(cache: ModelsDevCache, raw: dict[str, object]) -> None:
    cache.metadata_path.write_text(json.dumps(raw))


def put_data(cache: ModelsDevCache, blob: bytes, *, behind_metadata: bool = False) -> None:
    """Replace the data file; unless ``behind_metadata``, make the metadata match it."""
    cache.data_path.write_bytes(blob)
    if not behind_metadata:
        meta = read_meta_json(cache)
        meta.update(sha256=hashlib.sha256(blob).hexdigest(), compressed_size=len(blob))
        with contextlib.suppress(OSError, EOFError):
            meta["raw_size"] = len(gzip.decompress(blob))
        write_meta_json(cache, meta)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def quarantined(cache: ModelsDevCache) -> list[Path]:
    q = cache.directory / "quarantine"
    return sorted(q.iterdir()) if q.exists() else []


# --- freshness: a pure function of (metadata, now, ttl) ---------------------------------------


def metadata_at(fetched_at: datetime) -> CacheMetadata:
    return CacheMetadata(
        fetched_at=fetched_at,
        etag='"abc"',
        last_modified=None,
        sha256="0" * 64,
        schema_version=SCHEMA_VERSION,
        source_url=URL,
        compressed_size=1,
        raw_size=2,
        provider_count=1,
        model_count=1,
    )


@pytest.mark.parametrize(
    ("fetched_at", "expected"),
    [
        pytest.param(None, Freshness.MISSING, id="missing"),
        pytest.param(T0, Freshness.FRESH, id="just-fetched"),
        pytest.param(T0 - DEFAULT_TTL + timedelta(seconds=1), Freshness.FRESH, id="ttl-minus-1s"),
        pytest.param(T0 - DEFAULT_TTL, Freshness.STALE, id="exactly-ttl"),
        pytest.param(T0 - DEFAULT_TTL - timedelta(seconds=1), Freshness.STALE, id="ttl-plus-1s"),
        pytest.param(T0 + timedelta(seconds=1), Freshness.STALE, id="future-clock-skew"),
    ],
)
def test_freshness_is_decided_by_age_alone(
    fetched_at: datetime | None, expected: Freshness
) -> None:
    metadata = None if fetched_at is None else metadata_at(fetched_at)
    assert freshness(metadata, T0, DEFAULT_TTL) is expected


def test_cache_freshness_follows_the_injected_clock(
    cache: ModelsDevCache, clock: FrozenClock, catalog: ParsedCatalog
) -> None:
    assert cache.freshness() is Freshness.MISSING
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    clock.advance(DEFAULT_TTL - timedelta(seconds=1))
    assert cache.freshness() is Freshness.FRESH
    clock.advance(timedelta(seconds=2))
    assert cache.freshness() is Freshness.STALE


# --- metadata record ----------------------------------------------------------------------------


def test_metadata_json_round_trip() -> None:
    metadata = metadata_at(T0)
    assert CacheMetadata.from_json(json.loads(json.dumps(metadata.to_json()))) == metadata


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"sha256": None}, id="missing-field"),
        pytest.param({"raw_size": "12"}, id="string-for-int"),
        pytest.param({"model_count": True}, id="bool-for-int"),
        pytest.param({"etag": 5}, id="int-for-str"),
        pytest.param({"fetched_at": "yesterday"}, id="bad-date"),
        pytest.param({"fetched_at": "2026-03-01T12:00:00"}, id="naive-date"),
        pytest.param({"sha256": "xyz"}, id="bad-digest"),
    ],
)
def test_metadata_from_json_rejects_bad_shapes(change: dict[str, object]) -> None:
    raw = {**metadata_at(T0).to_json(), **change}
    with pytest.raises(CatalogFormatError):
        CacheMetadata.from_json(raw)


def test_metadata_from_json_rejects_non_objects() -> None:
    with pytest.raises(CatalogFormatError):
        CacheMetadata.from_json(["not", "an", "object"])


# --- round trip -----------------------------------------------------------------------------------


def test_store_then_load_round_trips(cache: ModelsDevCache, catalog: ParsedCatalog) -> None:
    stored = cache.store(catalog, source_url=URL, etag='"e1"', last_modified="Sun, 01 Mar 2026")
    loaded = cache.load()
    assert loaded is not None
    assert loaded.catalog == catalog
    assert loaded.metadata == stored == cache.read_metadata()
    assert stored.fetched_at == T0
    assert (stored.provider_count, stored.model_count) == (6, catalog.model_count)
    assert stored.sha256 == hashlib.sha256(cache.data_path.read_bytes()).hexdigest()
    assert cache.data_path.name == f"{DATASET}.v{SCHEMA_VERSION}.json.gz"
    assert cache.metadata_path.name == f"{DATASET}.v{SCHEMA_VERSION}.meta.json"
    assert parse_catalog(json.loads(gzip.decompress(cache.data_path.read_bytes()))) == catalog
    assert cache.problems == []


def test_full_catalog_round_trips(tmp_path: Path) -> None:
    full = load_snapshot().catalog
    cache = ModelsDevCache(tmp_path)
    cache.store(full, source_url=URL, etag=None, last_modified=None)
    loaded = cache.load()
    assert loaded is not None
    assert loaded.catalog.providers == full.providers
    assert loaded.metadata.model_count == full.model_count > 1000


def test_store_keeps_explicit_fetch_time_in_utc(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    cet = datetime(2026, 3, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    stored = cache.store(catalog, source_url=URL, etag=None, last_modified=None, fetched_at=cet)
    assert stored.fetched_at == T0
    assert stored.fetched_at.tzinfo is UTC


def test_store_refuses_what_must_not_be_cached(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    with pytest.raises(CatalogFormatError):
        cache.store(ParsedCatalog(()), source_url=URL, etag=None, last_modified=None)
    with pytest.raises(ValueError, match="aware"):
        cache.store(
            catalog, source_url=URL, etag=None, last_modified=None, fetched_at=datetime(2026, 1, 1)
        )
    assert not cache.data_path.exists()


def test_lock_is_reentrant_around_store(cache: ModelsDevCache, catalog: ParsedCatalog) -> None:
    with cache.lock():
        assert cache.read_metadata() is None
        cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert cache.load() is not None


# --- missing, unreadable and corrupt caches -----------------------------------------------------


def test_load_of_a_missing_directory_is_none_and_creates_nothing(cache: ModelsDevCache) -> None:
    assert cache.load() is None
    assert cache.read_metadata() is None
    assert cache.problems == []
    assert not cache.directory.exists()


def test_unreadable_directory_is_a_problem_not_an_exception(
    tmp_path: Path, catalog: ParsedCatalog
) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    cache = ModelsDevCache(not_a_dir)
    assert cache.load() is None
    assert cache.read_metadata() is None
    assert cache.status().freshness is Freshness.MISSING
    assert cache.problems
    with pytest.raises(CatalogError, match="could not write"):
        cache.store(catalog, source_url=URL, etag=None, last_modified=None)


def truncated_gzip(cache: ModelsDevCache) -> None:
    put_data(cache, cache.data_path.read_bytes()[:200])


def truncated_behind_metadata(cache: ModelsDevCache) -> None:
    put_data(cache, cache.data_path.read_bytes()[:200], behind_metadata=True)


def garbage_bytes(cache: ModelsDevCache) -> None:
    put_data(cache, b"\x00\xffnot gzip at all" * 50)


def gzip_of_invalid_json(cache: ModelsDevCache) -> None:
    put_data(cache, gzip.compress(b'{"openai": {"models": '))


def json_of_wrong_shape(cache: ModelsDevCache) -> None:
    put_data(cache, gzip.compress(b"[1, 2, 3]"))


def json_without_providers(cache: ModelsDevCache) -> None:
    put_data(cache, gzip.compress(b'{"openai": "not a provider"}'))


def data_replaced(cache: ModelsDevCache) -> None:
    put_data(cache, gzip.compress(b'{"other": {"models": {}}}'), behind_metadata=True)


def same_size_bit_flip(cache: ModelsDevCache) -> None:
    blob = bytearray(cache.data_path.read_bytes())
    blob[len(blob) // 2] ^= 0x01
    put_data(cache, bytes(blob), behind_metadata=True)


def raw_size_mismatch(cache: ModelsDevCache) -> None:
    meta = read_meta_json(cache)
    write_meta_json(cache, {**meta, "raw_size": int(str(meta["raw_size"])) + 1})


def metadata_garbage(cache: ModelsDevCache) -> None:
    cache.metadata_path.write_bytes(b"\x00{garbage")


def metadata_wrong_shape(cache: ModelsDevCache) -> None:
    cache.metadata_path.write_text('{"fetched_at": 3}')


def metadata_missing(cache: ModelsDevCache) -> None:
    cache.metadata_path.unlink()


def data_missing(cache: ModelsDevCache) -> None:
    cache.data_path.unlink()


def metadata_of_newer_schema(cache: ModelsDevCache) -> None:
    write_meta_json(cache, {**read_meta_json(cache), "schema_version": SCHEMA_VERSION + 1})


CORRUPTIONS = [
    pytest.param(truncated_gzip, id="truncated-gzip"),
    pytest.param(truncated_behind_metadata, id="truncated-behind-metadata"),
    pytest.param(garbage_bytes, id="garbage-bytes"),
    pytest.param(gzip_of_invalid_json, id="gzip-of-invalid-json"),
    pytest.param(json_of_wrong_shape, id="json-of-wrong-shape"),
    pytest.param(json_without_providers, id="json-without-providers"),
    pytest.param(data_replaced, id="data-replaced-behind-metadata"),
    pytest.param(same_size_bit_flip, id="sha-mismatch-same-size"),
    pytest.param(raw_size_mismatch, id="decompressed-size-mismatch"),
    pytest.param(metadata_garbage, id="metadata-garbage"),
    pytest.param(metadata_wrong_shape, id="metadata-wrong-shape"),
    pytest.param(metadata_missing, id="metadata-missing"),
    pytest.param(data_missing, id="data-missing"),
    pytest.param(metadata_of_newer_schema, id="metadata-schema-version-differs"),
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS)
def test_corrupt_cache_is_set_aside_and_recovers(
    cache: ModelsDevCache,
    catalog: ParsedCatalog,
    corrupt: Callable[[ModelsDevCache], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    corrupt(cache)

    assert cache.load() is None

    assert len(cache.problems) >= 1
    assert all(p.path.parent.name == "quarantine" for p in cache.problems)
    assert "catalog cache" in caplog.text
    assert not cache.data_path.exists()
    assert not cache.metadata_path.exists()
    assert quarantined(cache)
    assert mode(cache.directory / "quarantine") == 0o700
    assert cache.load() is None  # nothing left to complain about
    assert len(cache.problems) == len(quarantined(cache))
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    loaded = cache.load()
    assert loaded is not None
    assert loaded.catalog == catalog


@pytest.mark.parametrize("corrupt", [metadata_garbage, truncated_behind_metadata, data_missing])
def test_read_metadata_sets_aside_what_it_can_judge_without_reading_data(
    cache: ModelsDevCache, catalog: ParsedCatalog, corrupt: Callable[[ModelsDevCache], None]
) -> None:
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    corrupt(cache)
    assert cache.read_metadata() is None
    assert cache.problems
    assert not cache.data_path.exists()


def test_corruption_is_not_judged_without_the_lock(
    tmp_path: Path, catalog: ParsedCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the lock (maybe for a whole download) does not hang a reader."""
    monkeypatch.setattr(cache_module, "READ_LOCK_WAIT", 0.2)
    cache = ModelsDevCache(tmp_path, lock_timeout=30)
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    with FileLock(tmp_path / f"{DATASET}.lock"):
        assert cache.load() is not None  # a consistent pair needs no lock
        metadata_garbage(cache)
        started = time.monotonic()
        assert cache.load() is None
        assert time.monotonic() - started < 2
    assert [p.path for p in cache.problems] == [tmp_path]
    assert "could not be acquired" in cache.problems[0].reason
    assert cache.metadata_path.exists()  # left for whoever holds the lock to decide


def test_a_writer_between_its_two_renames_is_not_corruption(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    """The reader sees new data with old metadata, waits for the lock, then reads the new pair."""
    cache.store(catalog, source_url=URL, etag='"old"', last_modified=None)
    newer = other_catalog(catalog, "newer")
    writer = ModelsDevCache(cache.directory)
    halfway = threading.Event()

    def write_slowly() -> None:
        with writer.lock():
            staging = ModelsDevCache(cache.directory / "staging")
            staging.store(newer, source_url=URL, etag='"new"', last_modified=None)
            os.replace(staging.data_path, cache.data_path)
            halfway.set()
            time.sleep(0.3)
            os.replace(staging.metadata_path, cache.metadata_path)

    thread = threading.Thread(target=write_slowly)
    thread.start()
    assert halfway.wait(5)
    loaded = cache.load()
    thread.join()
    assert cache.problems == []
    assert loaded is not None
    assert (loaded.metadata.etag, loaded.catalog) == ('"new"', newer)


@pytest.mark.parametrize(
    ("function", "failing_call", "old_pair_survives"),
    [
        pytest.param("fsync", 1, True, id="while-writing-data"),
        pytest.param("replace", 1, True, id="renaming-data"),
        pytest.param("replace", 2, False, id="between-the-two-renames"),
        pytest.param("fsync", 3, False, id="while-writing-metadata"),
    ],
)
def test_a_crash_mid_store_never_leaves_a_pair_that_reads_as_valid(
    cache: ModelsDevCache,
    catalog: ParsedCatalog,
    monkeypatch: pytest.MonkeyPatch,
    function: str,
    failing_call: int,
    old_pair_survives: bool,
) -> None:
    cache.store(catalog, source_url=URL, etag='"old"', last_modified=None)
    real = getattr(os, function)
    calls = 0

    def crash_on_nth_call(*args: object) -> object:
        nonlocal calls
        calls += 1
        if calls == failing_call:
            raise OSError("simulated crash")
        return real(*args)

    monkeypatch.setattr(os, function, crash_on_nth_call)
    with pytest.raises(CatalogError, match="simulated crash"):
        cache.store(other_catalog(catalog, "new"), source_url=URL, etag='"new"', last_modified=None)
    monkeypatch.undo()

    loaded = cache.load()
    if old_pair_survives:
        assert loaded is not None
        assert (loaded.metadata.etag, loaded.catalog) == ('"old"', catalog)
        assert cache.problems == []
    else:
        assert loaded is None
        assert cache.problems
    assert not list(cache.directory.glob("*.tmp"))


# --- versions -------------------------------------------------------------------------------------


def plant_version(cache: ModelsDevCache, version: int, catalog: ParsedCatalog) -> list[Path]:
    """Files of another schema version, otherwise perfectly valid."""
    other = ModelsDevCache(cache.directory / f"tmp-v{version}")
    other.store(catalog, source_url=URL, etag=None, last_modified=None)
    cache.directory.mkdir(mode=0o700, exist_ok=True)
    planted = []
    for path in (other.data_path, other.metadata_path):
        target = cache.directory / path.name.replace(f".v{SCHEMA_VERSION}.", f".v{version}.")
        path.rename(target)
        planted.append(target)
    for path in other.directory.iterdir():
        path.unlink()
    other.directory.rmdir()
    return planted


def test_other_schema_versions_are_never_read(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    planted = plant_version(cache, 0, catalog) + plant_version(cache, SCHEMA_VERSION + 1, catalog)
    assert cache.load() is None
    assert cache.read_metadata() is None
    assert cache.problems == []
    assert all(path.exists() for path in planted)


def test_store_deletes_older_versions_and_keeps_newer_ones(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    older = plant_version(cache, 0, catalog)
    newer = plant_version(cache, SCHEMA_VERSION + 1, catalog)
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert not any(path.exists() for path in older)
    assert all(path.exists() for path in newer)
    assert cache.load() is not None


def test_store_removes_temp_files_left_by_a_crash_and_no_write_in_progress(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    """A temp file whose writer is gone is removed; one whose writer is still at work (another
    process writing the binary form beside the pair, without the lock) is left to it: removing
    it made that write fail."""
    cache.directory.mkdir(mode=0o700)
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    binary = cache.directory / f"{DATASET}.v{SCHEMA_VERSION}.data.bin"
    orphan = cache.directory / f".{cache.data_path.name}.{TEMP_MARKER}-{finished.pid}-ab12cd34.tmp"
    working = binary.with_name(f".{binary.name}.{TEMP_MARKER}-{os.getppid()}-ab12cd34.tmp")
    orphan.write_bytes(b"half a write")
    working.write_bytes(b"a write under way")
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert not orphan.exists()
    assert working.exists()


# --- permissions ----------------------------------------------------------------------------------


def test_files_are_private(cache: ModelsDevCache, catalog: ParsedCatalog) -> None:
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert mode(cache.directory) == 0o700
    lock_file = cache.directory / f"{DATASET}.lock"
    for path in (cache.data_path, cache.metadata_path, lock_file):
        assert mode(path) == 0o600, path
    cache.mark_revalidated(etag='"e2"', last_modified=None)
    assert mode(cache.metadata_path) == 0o600


def test_a_loose_existing_directory_is_tightened(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    cache.directory.mkdir()
    cache.directory.chmod(0o755)
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert mode(cache.directory) == 0o700


# --- size limit -----------------------------------------------------------------------------------


def plant_quarantine(cache: ModelsDevCache, count: int, size: int) -> list[Path]:
    """Set-aside files, oldest first."""
    folder = cache.directory / "quarantine"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = []
    for n in range(count):
        path = folder / f"{cache.data_path.name}.2026030{n}T000000Z"
        path.write_bytes(b"x" * size)
        os.utime(path, (1_700_000_000 + n * 3600,) * 2)
        files.append(path)
    return files


def test_size_limit_removes_set_aside_files_oldest_first(
    tmp_path: Path, catalog: ParsedCatalog
) -> None:
    first = ModelsDevCache(tmp_path)
    first.store(catalog, source_url=URL, etag=None, last_modified=None)
    pair = first.status().total_bytes
    planted = plant_quarantine(first, 3, 1000)

    cache = ModelsDevCache(tmp_path, max_bytes=pair + 2500)
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)

    assert [p.exists() for p in planted] == [False, True, True]
    assert cache.status().total_bytes <= pair + 2500


def test_size_limit_never_removes_the_current_pair(tmp_path: Path, catalog: ParsedCatalog) -> None:
    cache = ModelsDevCache(tmp_path, max_bytes=0)
    plant_quarantine(cache, 2, 100)
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    assert quarantined(cache) == []
    assert cache.load() is not None


# --- after a 304 --------------------------------------------------------------------------------


def test_mark_revalidated_restamps_only_the_metadata(
    cache: ModelsDevCache, clock: FrozenClock, catalog: ParsedCatalog
) -> None:
    stored = cache.store(catalog, source_url=URL, etag='"e1"', last_modified="Sun")
    data_before = cache.data_path.read_bytes()
    clock.advance(DEFAULT_TTL + timedelta(hours=1))
    assert cache.freshness() is Freshness.STALE

    restamped = cache.mark_revalidated(etag=None, last_modified=None)

    assert restamped == dataclasses.replace(stored, fetched_at=clock.now)
    assert cache.freshness() is Freshness.FRESH
    assert cache.data_path.read_bytes() == data_before
    loaded = cache.load()
    assert loaded is not None
    assert loaded.metadata == restamped
    assert loaded.catalog == catalog

    updated = cache.mark_revalidated(etag='"e2"', last_modified="Mon", fetched_at=T0)
    assert updated is not None
    assert (updated.etag, updated.last_modified, updated.fetched_at) == ('"e2"', "Mon", T0)
    assert cache.read_metadata() == updated


def test_mark_revalidated_without_a_valid_pair_is_none(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    assert cache.mark_revalidated(etag='"e"', last_modified=None) is None
    assert cache.problems == []
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    same_size_bit_flip(cache)
    assert cache.mark_revalidated(etag='"e"', last_modified=None) is None
    assert cache.problems
    assert not cache.metadata_path.exists()


# --- clear and status -----------------------------------------------------------------------------


def test_clear_removes_this_install_files_but_not_the_lock_or_newer_versions(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    assert cache.clear() == 0
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    older = plant_version(cache, 0, catalog)
    newer = plant_version(cache, SCHEMA_VERSION + 1, catalog)
    plant_quarantine(cache, 2, 10)

    assert cache.clear() == 2 + len(older) + 2

    remaining = sorted(p.name for p in cache.directory.iterdir())
    assert remaining == sorted([f"{DATASET}.lock", *(p.name for p in newer)])
    assert cache.load() is None
    assert cache.problems == []


def test_status_of_an_empty_cache(cache: ModelsDevCache) -> None:
    status = cache.status()
    assert (status.metadata, status.freshness, status.age) == (None, Freshness.MISSING, None)
    assert (status.total_bytes, status.quarantined) == (0, ())
    assert status.directory == cache.directory
    assert status.data_path == cache.data_path


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        pytest.param(timedelta(hours=1), Freshness.FRESH, id="fresh"),
        pytest.param(DEFAULT_TTL + timedelta(hours=1), Freshness.STALE, id="stale"),
    ],
)
def test_status_of_a_stored_cache(
    cache: ModelsDevCache,
    clock: FrozenClock,
    catalog: ParsedCatalog,
    age: timedelta,
    expected: Freshness,
) -> None:
    stored = cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    clock.advance(age)
    status = cache.status()
    assert (status.metadata, status.freshness, status.age) == (stored, expected, age)
    expected_bytes = sum(p.stat().st_size for p in cache.directory.iterdir())
    assert status.total_bytes == expected_bytes > stored.compressed_size
    assert status.quarantined == ()


def test_status_of_a_corrupt_cache(cache: ModelsDevCache, catalog: ParsedCatalog) -> None:
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    metadata_garbage(cache)
    status = cache.status()
    assert (status.metadata, status.freshness) == (None, Freshness.MISSING)
    assert len(status.quarantined) == 2
    assert status.total_bytes > 0
    assert {p.path for p in cache.problems} == set(status.quarantined)


# --- several processes at once ------------------------------------------------------------------


def test_concurrent_writers_never_expose_a_torn_pair(tmp_path: Path) -> None:
    """Two processes store in a loop while this one loads in a loop. Every load must be either
    ``None`` before the first store or a pair written together (the ``marker`` provider's name
    is the etag of its store), and no load may mistake a writer in progress for corruption.
    The writers go on until this reader has seen a few of their stores (or a minute passed),
    not for a fixed time, which a loaded machine's reader could sleep through."""
    stop = tmp_path.parent / f"{tmp_path.name}.stop"
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(tmp_path), str(n), "60", str(API_JSON), str(stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    reader = ModelsDevCache(tmp_path)
    loads, seen_tags = 0, set[str | None]()
    try:
        while any(w.poll() is None for w in workers):
            loaded = reader.load()
            assert reader.problems == []
            if loaded is None:
                assert not seen_tags, "the cache went missing after a store"
                continue
            providers = {p.id: p for p in loaded.catalog.providers}
            assert providers["marker"].name == loaded.metadata.etag
            assert loaded.metadata.provider_count == len(providers)
            seen_tags.add(loaded.metadata.etag)
            loads += 1
            if loads > 10 and len(seen_tags) > 2:
                stop.touch()
    finally:
        outputs = [w.communicate(timeout=30)[0].strip() for w in workers]
    assert [w.returncode for w in workers] == [0, 0]
    assert loads > 10
    assert len(seen_tags) > 2
    final = ModelsDevCache(tmp_path).load()
    assert final is not None
    assert final.metadata.etag in outputs
    assert not list(tmp_path.glob("*.tmp"))
    assert reader.problems == []


def test_json_written_is_the_normalised_catalog(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    stored = json.loads(gzip.decompress(cache.data_path.read_bytes()))
    assert stored == catalog_to_json(catalog.providers)
