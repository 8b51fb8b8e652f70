"""``modelforge config migrate`` through the real entry point, offline, in a scratch project.

HOME is a scratch directory and ``$XDG_CONFIG_HOME`` is its ``.config`` (where ModelForge 2.x
looks too), so a ``config.json`` in the project or the user dir is one the runtime reads: it is
kept unless ``--replace-json`` says otherwise, and the conversion tests pass that flag.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from modelforge_lsp.config.files import installed_runtime, migrate_json
from modelforge_lsp.config.syntax import parse_document, to_python
from tests.cli.conftest import RunCli
from tests.runtime_metadata import install_metadata

DATA = Path(__file__).parent.parent / "data" / "migrate"
OLD = DATA / "old_spellings.json"
LOCAL = Path(".model-forge")
REPLACE = "--replace-json"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A scratch project as the working directory and a scratch HOME (the env to pass)."""
    home = tmp_path / "home"
    project = tmp_path / "project"
    home.mkdir()
    project.mkdir()
    monkeypatch.chdir(project)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def project_json(source: Path = OLD) -> Path:
    LOCAL.mkdir(exist_ok=True)
    target = LOCAL / "config.json"
    shutil.copyfile(source, target)
    return target


def listing() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(LOCAL.iterdir())}


def migrate(run_cli: RunCli, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = run_cli("--offline", "config", "migrate", *args, env=env)
    return result.code, result.out, result.err


def test_migrates_the_project_json_and_keeps_a_backup(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    original = project_json().read_bytes()
    code, out, err = migrate(run_cli, home, REPLACE)
    assert code == 0, err
    assert sorted(listing()) == ["config.json.bak", "config.yaml"]
    assert listing()["config.json.bak"] == original
    yaml_text = (LOCAL / "config.yaml").read_text()
    assert yaml_text == migrate_json(original.decode()).yaml_text
    tree = to_python(parse_document(yaml_text).root)
    assert tree["providers"]["openai"]["llm_type"] == "openai_compatible"
    assert "Migrated .model-forge/config.json -> .model-forge/config.yaml" in out
    assert "Kept the JSON as .model-forge/config.json.bak" in out
    assert "Normalised (5):" in out
    assert "  providers.openai.llm_type: 'OpenAI_Compatible' -> 'openai_compatible'" in out
    assert "its successor is 'claude-sonnet-4.6'" in out  # deprecated: reported, not changed
    assert "duplicate key 'gpt-4o-mini'" in out
    assert "Checked: no new problems" in out


def test_dry_run_prints_yaml_and_report_and_writes_nothing(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    project_json()
    before = listing()
    code, out, err = migrate(run_cli, home, "--dry-run", REPLACE)
    assert code == 0
    assert listing() == before
    assert out == migrate_json(OLD.read_text()).yaml_text  # stdout is the YAML alone
    assert "Normalised (5):" in err and "Dry run: nothing written" in err


def test_the_migrated_file_validates_like_the_json(run_cli: RunCli, home: dict[str, str]) -> None:
    source = DATA / "global_2x.json"
    project_json(source)
    before = run_cli("--offline", "config", "validate", str(source), "--format", "json")
    assert migrate(run_cli, home, REPLACE)[0] == 0
    after = run_cli("--offline", "config", "validate", "--format", "json", env=home)
    codes = [(f["code"], f["message"]) for f in json.loads(after.out)]
    assert codes == [(f["code"], f["message"]) for f in json.loads(before.out)]
    assert {f["path"] for f in json.loads(after.out)} <= {".model-forge/config.yaml"}


def test_never_overwrites_a_yaml_without_force(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json()
    (LOCAL / "config.yaml").write_text("# mine\nproviders: {}\n")
    before = listing()
    code, _, err = migrate(run_cli, home, REPLACE)
    assert code == 1 and "already exists" in err and "--force" in err
    assert listing() == before

    code, out, err = migrate(run_cli, home, "--force", REPLACE)
    assert code == 0, err
    files = listing()
    assert files["config.yaml.bak"] == b"# mine\nproviders: {}\n"
    assert files["config.yaml"].startswith(b"# Migrated from config.json")
    assert "Backed up the previous config.yaml to .model-forge/config.yaml.bak" in out


def test_a_yml_sibling_also_blocks(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json()
    (LOCAL / "config.yml").write_text("providers: {}\n")
    code, _, err = migrate(run_cli, home, REPLACE)
    assert code == 1 and "config.yml already exists" in err


def test_keep_json(run_cli: RunCli, home: dict[str, str]) -> None:
    original = project_json(DATA / "local_project.json").read_bytes()
    code, out, err = migrate(run_cli, home, "--keep-json")
    assert code == 0, err
    assert sorted(listing()) == ["config.json", "config.yaml"]
    assert listing()["config.json"] == original
    assert "Kept .model-forge/config.json in place" in out
    assert "warning: --keep-json: ModelForge 2.x reads this file" in err  # the two can drift


def test_an_existing_backup_is_never_overwritten(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json()
    (LOCAL / "config.json.bak").write_text("older backup")
    assert migrate(run_cli, home, REPLACE)[0] == 0
    files = listing()
    assert files["config.json.bak"] == b"older backup"
    assert files["config.json.bak.1"] == OLD.read_bytes()


def test_file_mode_is_kept(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json().chmod(0o600)
    assert migrate(run_cli, home, REPLACE)[0] == 0
    assert stat.S_IMODE((LOCAL / "config.yaml").stat().st_mode) == 0o600


def test_explicit_file_outside_the_project(run_cli: RunCli, home: dict[str, str]) -> None:
    config = Path(home["XDG_CONFIG_HOME"]) / "model-forge" / "config.json"
    config.parent.mkdir(parents=True)
    shutil.copyfile(DATA / "local_project.json", config)
    code, out, _ = migrate(run_cli, home, REPLACE, str(config))
    assert code == 0
    assert config.with_suffix(".yaml").is_file() and not config.exists()
    assert f"Migrated {config} -> {config.with_suffix('.yaml')}" in out


def test_global_json_is_the_default_without_a_project_one(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    config = Path(home["XDG_CONFIG_HOME"]) / "model-forge" / "config.json"
    config.parent.mkdir(parents=True)
    shutil.copyfile(DATA / "global_2x.json", config)
    assert migrate(run_cli, home, REPLACE)[0] == 0
    assert config.with_suffix(".yaml").is_file()


def test_invalid_json_is_refused_and_nothing_written(run_cli: RunCli, home: dict[str, str]) -> None:
    LOCAL.mkdir()
    (LOCAL / "config.json").write_text('{"providers": {"openai": {},}}\n')
    before = listing()
    code, _, err = migrate(run_cli, home)
    assert code == 1
    assert "not valid JSON" in err and "line 1, column 29" in err and "Traceback" not in err
    assert listing() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("missing.json",), "'missing.json' does not exist", id="missing-file"),
        pytest.param((), "no config.json to migrate", id="nothing-found"),
        pytest.param(("config.yaml",), "is not a .json config", id="not-json"),
    ],
)
def test_usage_problems_exit_2(
    run_cli: RunCli, home: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    Path("config.yaml").write_text("providers: {}\n")
    code, out, err = migrate(run_cli, home, *args)
    assert code == 2 and out == ""
    assert message in err


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "migrate", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--dry-run" in result.out


# -- a config.json ModelForge 2.x reads is kept ------------------------------------------------


def test_a_json_the_runtime_reads_is_kept_and_the_command_says_why(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    project_json()
    (LOCAL / "config.yaml").write_text("providers: {}\n")  # no --force needed: nothing written
    before = listing()
    code, out, err = migrate(run_cli, home)
    assert code == 0, err
    assert listing() == before
    first, *rest = out.splitlines()
    here = Path.cwd().resolve()
    assert first == (
        "Kept .model-forge/config.json as it is: ModelForge 2.x reads this file when run in "
        f"{here} (it reads no YAML)"
    )
    assert "--replace-json converts it anyway" in rest[0]
    assert "spellings the runtime refuses" in rest[1]  # old_spellings.json: what 2.x chokes on
    assert "`modelforge config validate .model-forge/config.json`" in rest[1]


def test_the_users_json_is_kept_too(run_cli: RunCli, home: dict[str, str]) -> None:
    config = Path(home["HOME"]) / ".config" / "model-forge" / "config.json"
    config.parent.mkdir(parents=True)
    shutil.copyfile(DATA / "global_2x.json", config)
    code, out, _ = migrate(run_cli, home)
    assert code == 0 and sorted(p.name for p in config.parent.iterdir()) == ["config.json"]
    assert f"Kept {config} as it is: ModelForge 2.x reads this file (it reads no YAML" in out


def test_replace_json_converts_it_and_warns(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json(DATA / "local_project.json")
    code, _, err = migrate(run_cli, home, REPLACE)
    assert code == 0, err
    assert sorted(listing()) == ["config.json.bak", "config.yaml"]
    assert "warning: --replace-json: ModelForge 2.x reads this file" in err
    assert "it now finds no config.json there" in err


def test_keep_json_and_replace_json_contradict(run_cli: RunCli, home: dict[str, str]) -> None:
    project_json()
    before = listing()
    code, _, err = migrate(run_cli, home, "--keep-json", REPLACE)
    assert code == 2 and "contradict" in err
    assert listing() == before


@pytest.mark.parametrize(
    ("installed", "kept"),
    [
        pytest.param(True, True, id="runtime-installed-keeps-any-json"),
        pytest.param(
            False,
            False,
            id="no-runtime-converts-a-json-it-would-not-read",
            marks=pytest.mark.skipif(
                installed_runtime() is not None, reason="model-forge-llm is installed here"
            ),
        ),
    ],
)
def test_where_the_runtime_is_installed_every_json_is_kept(
    run_cli: RunCli, home: dict[str, str], tmp_path: Path, installed: bool, kept: bool
) -> None:
    team = Path("team")
    team.mkdir()
    shutil.copyfile(DATA / "local_project.json", team / "config.json")
    env = home | ({"PYTHONPATH": str(install_metadata(tmp_path / "site"))} if installed else {})
    code, out, err = migrate(run_cli, env, str(team / "config.json"))
    assert code == 0, err
    names = sorted(p.name for p in team.iterdir())
    if kept:
        assert names == ["config.json"]
        assert "model-forge-llm 2.3.0 is installed here and reads only config.json" in out
    else:
        assert names == ["config.json.bak", "config.yaml"] and "warning" not in err


# -- the legacy models.json --------------------------------------------------------------------


def user_dir(home: dict[str, str]) -> Path:
    directory = Path(home["HOME"]) / ".config" / "model-forge"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_the_legacy_models_json_becomes_config_json(run_cli: RunCli, home: dict[str, str]) -> None:
    legacy = user_dir(home) / "models.json"
    shutil.copyfile(DATA / "global_2x.json", legacy)
    legacy.chmod(0o600)
    code, out, err = migrate(run_cli, home)
    assert code == 0, err
    directory = legacy.parent
    assert sorted(p.name for p in directory.iterdir()) == ["config.json", "models.json.bak"]
    assert (directory / "config.json").read_bytes() == (DATA / "global_2x.json").read_bytes()
    assert (directory / "models.json.bak").read_bytes() == (DATA / "global_2x.json").read_bytes()
    assert stat.S_IMODE((directory / "config.json").stat().st_mode) == 0o600
    moved, kept, *_ = out.splitlines()
    assert moved.startswith(f"Moved the legacy {legacy} to {directory / 'config.json'}")
    assert kept.startswith(f"Kept {directory / 'config.json'} as it is")  # then: 2.x reads it


def test_the_legacy_file_then_to_yaml_with_replace_json(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    legacy = user_dir(home) / "models.json"
    shutil.copyfile(DATA / "global_2x.json", legacy)
    code, _, err = migrate(run_cli, home, REPLACE)
    assert code == 0, err
    names = sorted(p.name for p in legacy.parent.iterdir())
    assert names == ["config.json.bak", "config.yaml", "models.json.bak"]


def test_an_existing_config_json_is_never_overwritten(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    directory = user_dir(home)
    (directory / "models.json").write_text('{"providers": {"old": {}}}')
    (directory / "config.json").write_text('{"providers": {}}')
    code, out, _ = migrate(run_cli, home)
    assert code == 0
    assert (directory / "config.json").read_text() == '{"providers": {}}'
    assert (directory / "models.json").read_text() == '{"providers": {"old": {}}}'
    assert "Left the legacy" in out and "merge the two by hand" in out
    named = migrate(run_cli, home, str(directory / "models.json"))
    assert named[0] == 1 and "Left the legacy" in named[2]  # asked for by name: not done


def test_a_dry_run_moves_nothing(run_cli: RunCli, home: dict[str, str]) -> None:
    legacy = user_dir(home) / "models.json"
    shutil.copyfile(DATA / "local_project.json", legacy)
    code, out, err = migrate(run_cli, home, "--dry-run", REPLACE)
    assert code == 0, err
    assert sorted(p.name for p in legacy.parent.iterdir()) == ["models.json"]
    assert "Dry run: would move the legacy" in out
    assert out.splitlines()[1:] == migrate_json(legacy.read_text()).yaml_text.splitlines()


def test_a_broken_legacy_file_is_left_alone(run_cli: RunCli, home: dict[str, str]) -> None:
    legacy = user_dir(home) / "models.json"
    legacy.write_text('{"providers": [}')
    code, _, err = migrate(run_cli, home)
    assert code == 1 and "is not valid JSON" in err and "Traceback" not in err
    assert sorted(p.name for p in legacy.parent.iterdir()) == ["models.json"]
