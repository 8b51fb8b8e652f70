"""``load(keep_directory=True)`` (the server's) makes the cache directory, so the snapshot's
binary form is kept there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelforge_lsp.catalog import CatalogSettings, CatalogSource, snapshot_cache


def source(directory: Path) -> CatalogSource:
    return CatalogSource(CatalogSettings(cache_dir=directory, offline=True))


def test_a_missing_cache_directory_is_made_and_the_snapshot_kept_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "never-fetched" / "catalog"
    first = source(directory).load(keep_directory=True)
    assert directory.is_dir() and directory.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in directory.iterdir() if p.name.endswith(".snapshot.bin")]

    def refuse() -> None:
        raise AssertionError("the snapshot's JSON was parsed again")

    monkeypatch.setattr(snapshot_cache, "load_snapshot", refuse)
    second = source(directory).load(keep_directory=True)
    assert second.providers == first.providers


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX modes")
def test_a_refused_directory_is_left_alone_and_the_snapshot_serves(tmp_path: Path) -> None:
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(0o777)
    catalog = source(directory).load(keep_directory=True)
    assert catalog.providers  # the bundled snapshot
    assert list(directory.iterdir()) == []
    assert directory.stat().st_mode & 0o777 == 0o777


def test_a_disabled_catalog_makes_no_directory(tmp_path: Path) -> None:
    directory = tmp_path / "catalog"
    settings = CatalogSettings(cache_dir=directory, offline=True, enabled=False)
    CatalogSource(settings).load(keep_directory=True)
    assert not directory.exists()
