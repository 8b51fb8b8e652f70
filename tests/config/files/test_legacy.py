"""``move_legacy_config``: the pre-2.x models.json becomes config.json, byte for byte, never over
an existing one. ``tests/runtime/test_runtime_file.py`` compares it with the runtime's own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from modelforge_lsp.config.files import (
    ConfigReadError,
    MigrationError,
    free_backup_path,
    legacy_config_file,
    move_legacy_config,
)
from modelforge_lsp.config.files.legacy import _create_exclusively

TEXT = '{\n    "providers": {"openai": {"llm_type": "openai_compatible"}},\n    "x": 1\n}\n'


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    path = legacy_config_file(tmp_path)
    assert path == tmp_path / ".config" / "model-forge" / "models.json"
    path.parent.mkdir(parents=True)
    path.write_text(TEXT)
    return path


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_moved_byte_for_byte_with_a_backup_and_its_mode(legacy: Path) -> None:
    legacy.chmod(0o600)
    moved = move_legacy_config(legacy)
    assert moved.state == "moved" and moved.target == legacy.with_name("config.json")
    assert moved.backup == legacy.with_name("models.json.bak")
    assert names(legacy.parent) == ["config.json", "models.json.bak"]
    assert moved.target.read_text() == TEXT == moved.backup.read_text() == moved.text
    assert stat.S_IMODE(moved.target.stat().st_mode) == 0o600


def test_an_existing_config_json_wins(legacy: Path) -> None:
    legacy.with_name("config.json").write_text("{}")
    moved = move_legacy_config(legacy)
    assert moved.state == "target_exists" and moved.backup is None
    assert legacy.with_name("config.json").read_text() == "{}" and legacy.read_text() == TEXT


def test_a_dangling_link_counts_as_taken(legacy: Path) -> None:
    legacy.with_name("config.json").symlink_to(legacy.parent / "nowhere.json")
    assert move_legacy_config(legacy).state == "target_exists"


def test_a_dry_run_writes_nothing(legacy: Path) -> None:
    moved = move_legacy_config(legacy, dry_run=True)
    assert moved.state == "would_move" and moved.text == TEXT
    assert names(legacy.parent) == ["models.json"]


def test_a_backup_never_overwrites_another(legacy: Path) -> None:
    legacy.with_name("models.json.bak").write_text("older")
    moved = move_legacy_config(legacy)
    assert moved.backup == legacy.with_name("models.json.bak.1")
    assert legacy.with_name("models.json.bak").read_text() == "older"
    assert free_backup_path(legacy) == legacy.with_name("models.json.bak.2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('{"providers": [}', "is not valid JSON", id="invalid"),
        pytest.param("[1, 2]", "top level is not a JSON object", id="array"),
        pytest.param("\ufeff{}", "is not valid JSON", id="bom-2x-cannot-read"),
    ],
)
def test_what_2x_could_not_read_is_refused(legacy: Path, text: str, message: str) -> None:
    legacy.write_text(text)
    with pytest.raises(MigrationError, match=message):
        move_legacy_config(legacy)
    assert names(legacy.parent) == ["models.json"]


def test_an_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigReadError, match="does not exist"):
        move_legacy_config(tmp_path / "models.json")


def test_the_new_file_appears_only_if_the_name_is_free(tmp_path: Path) -> None:
    """The last step links the finished file into place: a config.json that appeared after
    the check is not replaced, and no staging file is left behind."""
    target = tmp_path / "config.json"
    target.write_text("theirs")
    with pytest.raises(FileExistsError):
        _create_exclusively(target, b"ours", mode=0o600)
    assert target.read_text() == "theirs" and names(tmp_path) == ["config.json"]
