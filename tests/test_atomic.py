"""``write_atomically``: final mode from the start, no temporary file left, stale ones removed.

Real files in a temp directory; the process-level attacks (a kill right after the rename, a
full disk, a read-only file system) are in ``tests/cli/test_user_files.py``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modelforge_lsp.atomic import TEMP_MARKER, remove_stale_temporaries, write_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def temp_name(target: str, pid: int, tail: str = "0badc0de") -> str:
    return f".{target}.{TEMP_MARKER}-{pid}-{tail}.tmp"


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


@pytest.mark.parametrize("wanted", [0o600, 0o640, 0o644, 0o400])
def test_the_mode_is_the_one_asked_for_whatever_the_umask(tmp_path: Path, wanted: int) -> None:
    path = tmp_path / "config.yaml"
    previous = os.umask(0o077)
    try:
        write_atomically(path, b"data", mode=wanted)
    finally:
        os.umask(previous)
    assert mode(path) == wanted
    assert path.read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_a_failed_replace_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.mkdir()
    (path / "inside").write_text("a directory where the file should be")
    with pytest.raises(OSError, match=r"directory|not empty"):
        write_atomically(path, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_stale_temporaries_are_removed_and_only_they(tmp_path: Path) -> None:
    target = tmp_path / "config.yaml"
    dead = dead_pid()
    removed = {
        "dead writer": tmp_path / temp_name("config.yaml", dead),
        "a day old": tmp_path / temp_name("config.yaml", os.getppid()),
        "old style, an hour old": tmp_path / ".config.yaml.k3j_x9a2.tmp",
    }
    kept = {
        "live writer": tmp_path / temp_name("config.yaml", os.getppid(), "00000001"),
        "old style, new": tmp_path / ".config.yaml.abcdefgh.tmp",
        "another target's": tmp_path / temp_name("other.yaml", dead),
        "not a temporary": tmp_path / f"config.yaml.{TEMP_MARKER}-{dead}-0badc0de.tmp",
    }
    for path in [*removed.values(), *kept.values()]:
        path.write_text("half a write")
    age(removed["a day old"], 25 * 3600)
    age(removed["old style, an hour old"], 2 * 3600)
    outside = tmp_path / "outside"
    outside.write_text("keep me")
    planted = tmp_path / temp_name("config.yaml", dead, "0000abcd")
    planted.symlink_to(outside)

    gone = remove_stale_temporaries(target)

    assert sorted(gone) == sorted(removed.values())
    assert all(path.exists() for path in kept.values()), kept
    assert planted.is_symlink() and outside.read_text() == "keep me"


def test_a_write_cleans_up_after_a_killed_one(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    (tmp_path / temp_name("config.yaml", dead_pid())).write_text("half a write")
    write_atomically(path, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]
