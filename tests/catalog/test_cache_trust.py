"""The cache's trust rules, one by one, on real files (issue 10, classes 4 and 5).

``tests/cli/test_cache_attacks.py`` proves them through the real CLI; these pin each rule where
it lives: the metadata's every field (``CacheMetadata.from_json``), files opened without links
(``cache_trust.read_file``), directories that are the user's alone (``check_directory``), the
lock and quarantine never followed, deletion by name, and inflation stopped at the record.
"""

from __future__ import annotations

import os
import stat
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog.cache import ModelsDevCache
from modelforge_lsp.catalog.cache_records import MAX_RAW_BYTES, CacheMetadata
from modelforge_lsp.catalog.cache_trust import BadFile, Untrusted, check_directory, read_file
from modelforge_lsp.errors import CatalogFormatError, CatalogUnavailable
from tests.planted_cache import plant_bomb, plant_forged_cache

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")
OTHER_UID = 4242
GOOD: dict[str, Any] = {
    "fetched_at": "2026-03-01T12:00:00+00:00",
    "etag": '"abc"',
    "last_modified": "Sun, 01 Mar 2026 12:00:00 GMT",
    "sha256": "0" * 64,
    "schema_version": 1,
    "source_url": "https://models.dev/api.json",
    "compressed_size": 10,
    "raw_size": 20,
    "provider_count": 1,
    "model_count": 2,
}


def test_a_good_record_parses() -> None:
    assert CacheMetadata.from_json(GOOD).etag == '"abc"'


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"fetched_at": "9999-12-31T23:59:59-14:00"}, id="fetched-at-overflows-up"),
        pytest.param({"fetched_at": "0001-01-01T00:00:00+14:00"}, id="fetched-at-overflows-down"),
        pytest.param({"fetched_at": "1970-01-01T00:00:00+00:00"}, id="fetched-at-before-2000"),
        pytest.param({"fetched_at": "3000-01-01T00:00:00+00:00"}, id="fetched-at-year-3000"),
        pytest.param({"fetched_at": "2026-03-01T12:00:00"}, id="fetched-at-naive"),
        pytest.param({"fetched_at": "2026-03-01T12:00:00+00:00" + " " * 80}, id="fetched-at-long"),
        pytest.param({"etag": '"a"\r\nX-Evil: 1'}, id="etag-header-injection"),
        pytest.param({"etag": "\x1b]0;owned\x07"}, id="etag-terminal-escape"),
        pytest.param({"etag": "é"}, id="etag-not-ascii"),
        pytest.param({"etag": "x" * 2000}, id="etag-too-long"),
        pytest.param({"etag": ""}, id="etag-empty"),
        pytest.param({"last_modified": "Sun\x00"}, id="last-modified-control"),
        pytest.param({"source_url": ""}, id="url-empty"),
        pytest.param({"source_url": "https://x/\x1b[2J"}, id="url-control"),
        pytest.param({"source_url": "https://x/" + "a" * 5000}, id="url-too-long"),
        pytest.param({"compressed_size": 0}, id="compressed-size-zero"),
        pytest.param({"compressed_size": MAX_RAW_BYTES + 1}, id="compressed-size-over-cap"),
        pytest.param({"raw_size": -1}, id="raw-size-negative"),
        pytest.param({"raw_size": MAX_RAW_BYTES + 1}, id="raw-size-over-cap"),
        pytest.param({"raw_size": 10**30}, id="raw-size-huge"),
        pytest.param({"provider_count": -1}, id="providers-negative"),
        pytest.param({"model_count": 10**9}, id="models-absurd"),
        pytest.param({"model_count": True}, id="models-bool"),
        pytest.param({"sha256": "g" * 64}, id="sha-not-hex"),
        pytest.param({"schema_version": "1"}, id="schema-version-string"),
    ],
)
def test_every_field_of_the_record_is_validated(change: dict[str, Any]) -> None:
    with pytest.raises(CatalogFormatError):
        CacheMetadata.from_json({**GOOD, **change})


def test_a_validator_that_could_not_be_read_back_is_not_stored(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    loaded = cache.load()
    assert loaded is not None
    cache.store(
        loaded.catalog, source_url="https://m/", etag='"a"\r\nX: 1', last_modified="\x1b[2J"
    )
    metadata = ModelsDevCache(cache.directory).read_metadata()
    assert metadata is not None and (metadata.etag, metadata.last_modified) == (None, None)


# --- files: never followed, judged by what was opened ------------------------------------------


def test_read_file_refuses_what_the_cache_never_writes(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"secret")
    link, fifo, foreign, loose = (tmp_path / name for name in ("link", "fifo", "foreign", "loose"))
    link.symlink_to(target)
    os.mkfifo(fifo)
    foreign.write_bytes(b"x")
    os.chown(foreign, OTHER_UID, OTHER_UID)
    loose.write_bytes(b"x")
    loose.chmod(0o666)
    for path, words in [
        (link, "symbolic link"),
        (fifo, "not a regular file"),  # opened O_NONBLOCK: no writer needed, no hang
        (foreign, f"uid {OTHER_UID}"),
        (loose, "mode 0666"),
    ]:
        with pytest.raises(BadFile, match=words):
            read_file(path, 100)
    with pytest.raises(BadFile, match="cap"):
        read_file(target, 3)
    assert read_file(target, 6) == b"secret"
    assert read_file(tmp_path / "absent", 6) is None


def test_a_linked_data_file_is_set_aside_as_a_link(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    victim = tmp_path / "victim"
    victim.write_bytes(cache.data_path.read_bytes())  # same bytes: only the link is wrong
    cache.data_path.unlink()
    cache.data_path.symlink_to(victim)
    assert ModelsDevCache(cache.directory).load() is None
    assert victim.exists() and not os.path.lexists(cache.data_path)


# --- directories: the user's alone ------------------------------------------------------------


def test_a_sticky_shared_parent_is_fine_and_a_loose_one_is_not(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: others cannot rename what is ours
    assert check_directory(shared / "cache") is False  # absent: nothing to trust yet
    shared.chmod(0o777)
    with pytest.raises(Untrusted, match="above the catalog cache directory"):
        check_directory(shared / "cache")


def test_a_cache_dir_that_links_into_a_loose_directory_is_refused(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    plant_forged_cache(loose / "cache")
    loose.chmod(0o777)
    (tmp_path / "mine").symlink_to(loose / "cache")
    cache = ModelsDevCache(tmp_path / "mine")
    assert cache.load() is None and cache.refused is not None
    with pytest.raises(CatalogUnavailable, match="writable by other users"):
        cache.clear()


def test_new_parents_are_made_private(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "a" / "b" / "cache")
    for path in (cache.directory, cache.directory.parent, cache.directory.parent.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_a_planted_lock_link_is_removed_not_followed(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    victim = tmp_path / "victim"
    victim.write_text("precious")
    victim.chmod(0o644)
    lock = cache.directory / "models-dev-api.lock"
    lock.unlink()
    lock.symlink_to(victim)
    loaded = cache.load()
    assert loaded is not None
    ModelsDevCache(cache.directory).store(
        loaded.catalog, source_url="https://m/", etag=None, last_modified=None
    )
    assert victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not lock.is_symlink()


def test_clear_deletes_only_the_cache_s_own_names(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    mine = [cache.directory / "notes.txt", cache.directory / "quarantine" / "notes.txt"]
    cache.metadata_path.write_text("{bad")
    assert ModelsDevCache(cache.directory).load() is None  # sets the pair aside
    for path in mine:
        path.write_text("mine")
    assert ModelsDevCache(cache.directory).clear() == 2  # the two set-aside files
    assert all(path.read_text() == "mine" for path in mine)


# --- inflation stops at the record -------------------------------------------------------------


def test_a_lying_record_stops_inflation_at_its_size(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    plant_bomb(cache, inflated=48 * 1024 * 1024, declared=4096)
    reader = ModelsDevCache(cache.directory)
    tracemalloc.start()
    try:
        assert reader.load() is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak  # the bomb's 48 MiB were never allocated
    assert "inflates past the 4,096 bytes" in reader.problems[0].reason


def test_a_record_past_the_cap_is_refused_before_inflating(tmp_path: Path) -> None:
    cache = plant_forged_cache(tmp_path / "cache")
    size = MAX_RAW_BYTES + 1024
    plant_bomb(cache, inflated=size, declared=size)
    reader = ModelsDevCache(cache.directory)
    assert reader.load() is None
    assert "raw_size is outside" in reader.problems[0].reason
    assert len(reader.status().quarantined) == 2


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.datetimes(timezones=st.timezones()).map(lambda when: when.isoformat()),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(GOOD)), _VALUES, max_size=len(GOOD)))
def test_no_record_raises_anything_but_a_format_error(change: dict[str, Any]) -> None:
    """Whatever a metadata file holds, reading it is a record or ``CatalogFormatError``: never
    ``OverflowError``, ``TypeError`` or a fetch time that breaks the arithmetic made from it."""
    try:
        metadata = CacheMetadata.from_json({**GOOD, **change})
    except CatalogFormatError:
        return
    assert metadata.fetched_at - datetime.now(UTC) < timedelta(days=400_000)
