"""The user's config files under attack, through the real ``modelforge`` process.

Every command that writes a config (``config add``, ``add-auto``, ``use``, ``remove``,
``migrate``, ``discover``) goes through one writer; these tests attack it from each of them:

* a kill at the worst instant of ``config migrate`` (right after the new file appears) must
  not leave a private key readable by others;
* a read-only (0444) file, and a file owned by another user, are refused with a message --
  checked on the mode bits and the owner, since these tests run as root, who gets no EACCES;
* temporary files a killed earlier run left are removed, and no failed write leaves one;
* a full disk (a 64 KiB tmpfs), a read-only file system (a tmpfs remounted ``ro``) and an
  immutable directory (``chattr +i``) give one line saying what to do, not "internal error".

The mounts need root (``CAP_SYS_ADMIN``); where they cannot be made the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli

CONFIG = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    base_url: https://api.openai.com/v1\n"
    "    auth_strategy: api_key\n    models:\n      gpt-4o-mini: {}\n      gpt-4o: {}\n"
    "current_model:\n  provider: openai\n  model: gpt-4o-mini\n"
)
FOREIGN_UID = 4242
WRITERS = {
    "config add": ("config", "add", "-p", "openai", "-m", "gpt-4.1"),
    "config add-auto": ("config", "add-auto", "-u", "cheap", "-p", "openai", "--pick", "1", "-y"),
    "discover": ("discover", "-p", "openai", "-m", "gpt-4.1", "--yes"),
    "config use": ("config", "use", "openai/gpt-4o"),
    "config remove": ("config", "remove", "openai/gpt-4o"),
}
WRITER_PARAMS = [pytest.param(args, id=name) for name, args in WRITERS.items()]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    home = tmp_path / "home"
    (home / "project").mkdir(parents=True)
    monkeypatch.chdir(home / "project")
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def write(
    run_cli: RunCli, env: dict[str, str], args: tuple[str, ...], path: Path
) -> tuple[int, str]:
    result = run_cli("--offline", *args, "--file", str(path), env=env)
    return result.code, result.err


def dead_pid() -> int:
    """The pid of a process that has exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- files created with their final mode -------------------------------------------------------

KILL_AFTER_RENAME = """
import os, runpy, signal, sys
target = os.path.abspath(sys.argv.pop(1))
renamed = []
def hook(event, args):
    if renamed:  # the first audited step after the rename: the worst instant to be killed
        if len(renamed) == 1:
            renamed.append(event)
            os.kill(os.getpid(), signal.SIGKILL)
        return
    if event == "os.rename" and isinstance(args[1], (str, bytes, os.PathLike)):
        if os.path.abspath(os.fsdecode(args[1])) == target:
            renamed.append(event)
sys.addaudithook(hook)
sys.argv[0] = "modelforge"
runpy.run_module("modelforge_lsp.cli", run_name="__main__")
"""


def test_migrate_killed_right_after_the_rename_leaves_no_key_readable(
    env: dict[str, str], cache_dir: Path
) -> None:
    local = Path(".model-forge")
    local.mkdir()
    source = local / "config.json"
    provider = {"llm_type": "openai_compatible", "auth_strategy": "api_key"}
    provider |= {"auth_data": {"api_key": "sk-live-secret"}, "models": {"gpt-4o-mini": {}}}
    data = {"providers": {"openai": provider}}
    source.write_text(json.dumps(data))
    source.chmod(0o600)
    target = local / "config.yaml"
    done = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_RENAME, str(target), "--offline", "config", "migrate",
         "--replace-json"],
        env={**os.environ, **env, "MODELFORGE_CACHE_DIR": str(cache_dir)},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr  # it was killed there
    assert "sk-live-secret" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- read-only and foreign files refused ---------------------------------------------------------


@pytest.mark.parametrize("args", WRITER_PARAMS)
def test_a_read_only_config_is_refused(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = tmp_path / "ro" / "config.yaml"
    path.parent.mkdir()
    path.write_text(CONFIG)
    path.chmod(0o444)
    code, err = write(run_cli, env, args, path)
    assert code == 1
    assert f"refusing to write {path}: it is read-only (mode 0444)" in err, err
    assert "internal error" not in err
    assert path.read_text() == CONFIG
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.yaml"]


@pytest.mark.parametrize("args", WRITER_PARAMS)
def test_a_config_owned_by_someone_else_is_refused(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = tmp_path / "shared" / "config.yaml"
    path.parent.mkdir()
    path.write_text(CONFIG)
    os.chown(path, FOREIGN_UID, FOREIGN_UID)
    code, err = write(run_cli, env, args, path)
    assert code == 1
    assert f"refusing to write {path}: it belongs to another user (uid {FOREIGN_UID})" in err
    assert path.read_text() == CONFIG
    assert path.stat().st_uid == FOREIGN_UID
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.yaml"]


def test_migrate_force_over_a_read_only_yaml_is_refused(
    run_cli: RunCli, env: dict[str, str]
) -> None:
    local = Path(".model-forge")
    local.mkdir()
    (local / "config.json").write_text('{"providers": {}}')
    yaml = local / "config.yaml"
    yaml.write_text("providers: {}\n")
    yaml.chmod(0o444)
    result = run_cli("--offline", "config", "migrate", "--replace-json", "--force", env=env)
    assert result.code == 1
    assert "it is read-only (mode 0444)" in result.err, result.err
    assert ".model-forge/config.json is unchanged" in result.err
    assert yaml.read_text() == "providers: {}\n"
    assert (local / "config.json").exists()


# --- temporary files ---------------------------------------------------------------------------


def test_temp_files_of_a_killed_run_are_cleaned_and_nothing_else(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "cfg"
    directory.mkdir()
    path = directory / "config.yaml"
    path.write_text(CONFIG)
    dead = dead_pid()
    stale = directory / f".config.yaml.mf-write-{dead}-0badc0de.tmp"
    stale.write_text("half a write")
    old_style = directory / ".config.yaml.k3j_x9a2.tmp"  # tempfile.mkstemp's, two hours old
    old_style.write_text("half a write")
    os.utime(old_style, (stat_time := old_style.stat().st_mtime - 7200, stat_time))
    live = directory / f".config.yaml.mf-write-{os.getpid()}-0badc0de.tmp"  # a writer still running
    live.write_text("being written")
    foreign = directory / f".config.yaml.mf-write-{dead}-0000beef.tmp"
    foreign.write_text("not ours")
    os.chown(foreign, FOREIGN_UID, FOREIGN_UID)
    precious = tmp_path / "precious"
    precious.write_text("keep me")
    planted = directory / f".config.yaml.mf-write-{dead}-0000abcd.tmp"
    planted.symlink_to(precious)
    other = directory / f".other.yaml.mf-write-{dead}-0badc0de.tmp"  # another file's
    other.write_text("not this target's")

    code, err = write(run_cli, env, WRITERS["config add"], path)

    assert code == 0, err
    assert not stale.exists() and not old_style.exists()
    assert live.exists() and foreign.exists() and other.exists()
    assert planted.is_symlink() and precious.read_text() == "keep me"


def test_the_legacy_move_leaves_no_staging_file_and_cleans_a_killed_ones(
    run_cli: RunCli, env: dict[str, str]
) -> None:
    directory = Path(env["HOME"]) / ".config" / "model-forge"
    directory.mkdir(parents=True)
    (directory / "models.json").write_text('{"providers": {}}')
    stale = directory / f".config.json.mf-write-{dead_pid()}-0badc0de.tmp"  # a killed move's
    stale.write_text('{"providers": {}}')
    result = run_cli("--offline", "config", "migrate", env=env)
    assert result.code == 0, result.err
    assert sorted(p.name for p in directory.iterdir()) == ["config.json", "models.json.bak"]


# --- disk errors explained -----------------------------------------------------------------------


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted for this test (root only), unmounted afterwards."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(directory: Path) -> None:
    """Fill the file system of ``directory`` to the last byte."""
    with (directory / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass


def assert_one_clear_line(err: str, *words: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    for word in words:
        assert word in lines[0], err


@pytest.mark.parametrize("args", WRITER_PARAMS)
def test_a_full_disk_is_explained(
    run_cli: RunCli, env: dict[str, str], tiny_tmpfs: Path, args: tuple[str, ...]
) -> None:
    path = tiny_tmpfs / "config.yaml"
    path.write_text(CONFIG)
    fill(tiny_tmpfs)
    code, err = write(run_cli, env, args, path)
    assert code == 1
    assert_one_clear_line(err, "No space left on device", "free some space and run again")
    assert path.read_text() == CONFIG
    assert leftovers(tiny_tmpfs) == []


def test_a_read_only_file_system_is_explained(
    run_cli: RunCli, env: dict[str, str], tiny_tmpfs: Path
) -> None:
    path = tiny_tmpfs / "config.yaml"
    path.write_text(CONFIG)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], check=True)
    code, err = write(run_cli, env, WRITERS["config add"], path)
    assert code == 1
    assert_one_clear_line(err, "Read-only file system", "[EROFS]", "remount it read-write")
    assert path.read_text() == CONFIG


def test_migrate_on_a_full_disk_leaves_the_json(
    run_cli: RunCli, env: dict[str, str], tiny_tmpfs: Path
) -> None:
    source = tiny_tmpfs / "config.json"
    source.write_text('{"providers": {"openai": {"llm_type": "openai_compatible"}}}')
    fill(tiny_tmpfs)
    result = run_cli("--offline", "config", "migrate", str(source), "--replace-json", env=env)
    assert result.code == 1
    assert "No space left on device" in result.err and "free some space" in result.err
    assert "config.json is unchanged" in result.err
    assert "internal error" not in result.err
    assert source.exists() and leftovers(tiny_tmpfs) == []


def test_an_immutable_directory_is_explained(
    run_cli: RunCli, env: dict[str, str], tmp_path: Path
) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    path = directory / "config.yaml"
    path.write_text(CONFIG)
    if (
        shutil.which("chattr") is None
        or subprocess.run(
            ["chattr", "+i", str(directory)], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip("chattr +i is not available here")
    try:
        code, err = write(run_cli, env, WRITERS["config add"], path)
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=False)
    assert code == 1
    assert_one_clear_line(err, f"cannot write {path}", "[EPERM]", "check with lsattr")
    assert path.read_text() == CONFIG
