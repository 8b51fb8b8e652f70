"""``modelforge config validate`` through the real entry point, offline, in a scratch project."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.cli.conftest import RunCli

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data"
TYPOS = DATA / "validate" / "typos.yaml"
VALID = DATA / "config" / "valid_realistic.yaml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A scratch project as the working directory and a scratch HOME (the env to pass)."""
    home = tmp_path / "home"
    project = tmp_path / "project"
    home.mkdir()
    project.mkdir()
    monkeypatch.chdir(project)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def put(path: str | Path, source: Path | str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_text(source)
    return target


def validate(run_cli: RunCli, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = run_cli("--offline", "config", "validate", *args, env=env)
    return result.code, result.out, result.err


def test_typos_each_printed_with_its_suggestion_and_exit_1(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    put(".model-forge/config.yaml", TYPOS)
    code, out, err = validate(run_cli, home)  # no FILE: the discovered config
    assert code == 1, err
    path = ".model-forge/config.yaml"
    for header, advice in [
        (f"{path}:3:3: warning MF301 unknown provider 'opnai'", "replace with 'openai'"),
        (
            f"{path}:9:15: error MF203 'openai_compatibel' is not a valid llm_type",
            "replace with 'openai_compatible'",
        ),
        (f"{path}:11:5: warning MF201 unknown key 'modles'", "replace with 'models'"),
        (
            f"{path}:16:7: warning MF302 unknown model 'gemini-2.5-flsh' for provider google",
            "replace with 'gemini-2.5-flash'",
        ),
    ]:
        lines = out.splitlines()
        index = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
        assert index is not None, f"{header!r} not in:\n{out}"
        assert lines[index + 4].strip() == f"= help: {advice}"
    assert out.splitlines()[-1] == "3 errors, 3 warnings in 1 file"
    assert "Traceback" not in err


def test_valid_realistic_config_prints_nothing_alarming(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    code, out, err = validate(run_cli, home, str(VALID))
    assert code == 0
    assert out == f"✓ {VALID}: no problems\n"
    assert all(line.startswith("catalog: ") for line in err.splitlines())  # the offline banner


def test_several_files(run_cli: RunCli, home: dict[str, str]) -> None:
    put("good.yaml", VALID)
    put("bad.yaml", TYPOS)
    code, out, _ = validate(run_cli, home, "good.yaml", "bad.yaml")
    assert code == 1
    assert out.startswith("✓ good.yaml: no problems\nbad.yaml:3:3: warning MF301")
    assert out.endswith("3 errors, 3 warnings in 1 of 2 files\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("missing.yaml",), "'missing.yaml' does not exist", id="missing-file"),
        pytest.param((".",), "is a directory", id="directory"),
        pytest.param((), "no config found", id="nothing-discovered"),
        pytest.param(("--format", "xml", "x.yaml"), "'xml' is not one of", id="bad-format"),
    ],
)
def test_usage_problems_exit_2(
    run_cli: RunCli, home: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = validate(run_cli, home, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_not_utf8_exits_2(run_cli: RunCli, home: dict[str, str]) -> None:
    Path("latin1.yaml").write_bytes("providers:\n  caf\xe9: {}\n".encode("latin-1"))
    code, _, err = validate(run_cli, home, "latin1.yaml")
    assert code == 2 and "not UTF-8" in err and "0xe9" in err


def test_a_file_that_does_not_parse_gets_mf101(run_cli: RunCli, home: dict[str, str]) -> None:
    put("broken.yaml", DATA / "validate" / "broken.yaml")
    code, out, err = validate(run_cli, home, "broken.yaml")
    assert code == 1, err
    assert re.search(r"^broken\.yaml:\d+:\d+: error MF101 ", out, flags=re.MULTILINE)
    assert "Traceback" not in err


def test_global_config_is_found_and_shown_by_its_path(
    run_cli: RunCli, home: dict[str, str]
) -> None:
    config = put(Path(home["XDG_CONFIG_HOME"]) / "model-forge" / "config.yaml", TYPOS)
    code, out, _ = validate(run_cli, home)
    assert code == 1 and out.startswith(f"{config}:3:3: warning MF301")


def test_a_json_config_is_checked_like_yaml(run_cli: RunCli, home: dict[str, str]) -> None:
    put(
        "config.json",
        '{"providers": {"openai": {"llm_type": "openai_compatible",\n'
        '  "models": {"gpt-4o-mnii": {}}}}}\n',
    )
    code, out, _ = validate(run_cli, home, "config.json")
    assert code == 1
    assert "config.json:2:14: warning MF302 unknown model 'gpt-4o-mnii'" in out


def test_credentials_never_reach_the_output(run_cli: RunCli, home: dict[str, str]) -> None:
    key = "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678"
    put(
        "secret.yaml",
        f"providers:\n  openai:\n    llm_type: openai_compatible\n    api_key: {key}\n",
    )
    for output_format in ("text", "json", "sarif"):
        code, out, err = validate(run_cli, home, "secret.yaml", "--format", output_format)
        assert code == 1 and "MF501" in out
        assert key not in out and key[8:] not in out and key not in err


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 1)])
def test_hints_fail_only_with_strict(
    run_cli: RunCli, home: dict[str, str], strict: bool, code: int
) -> None:
    put(
        "gateway.yaml",
        "providers:\n  my_company_gateway:\n    llm_type: openai_compatible\n"
        "    base_url: https://llm.example.com/v1\n    auth_strategy: api_key\n",
    )
    args = ["gateway.yaml", *(["--strict"] if strict else [])]
    result, out, _ = validate(run_cli, home, *args)
    assert result == code
    assert "gateway.yaml:2:3: hint MF301" in out and "1 hint in 1 file" in out


def test_json_format(run_cli: RunCli, home: dict[str, str]) -> None:
    put(".model-forge/config.yaml", TYPOS)
    code, out, _ = validate(run_cli, home, "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert [f["code"] for f in findings] == ["MF301", "MF601", "MF203", "MF201", "MF601", "MF302"]
    first = findings[0]
    assert set(first) == {
        "path",
        "code",
        "severity",
        "message",
        "range",
        "line",
        "column",
        "suggestions",
        "fixes",
        "docs",
    }
    assert first["path"] == ".model-forge/config.yaml"
    assert first["severity"] == "warning"
    assert first["range"] == {
        "start": {"line": 2, "character": 2},
        "end": {"line": 2, "character": 7},
    }
    assert (first["line"], first["column"]) == (3, 3)
    assert first["suggestions"] == ["openai"]
    assert first["fixes"][0] == {
        "title": "Replace with 'openai'",
        "preferred": True,
        "edits": [{"range": first["range"], "newText": "openai"}],
    }
    assert first["docs"].endswith("diagnostics.md#mf301")


def test_json_format_clean_is_an_empty_list(run_cli: RunCli, home: dict[str, str]) -> None:
    code, out, _ = validate(run_cli, home, str(VALID), "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_sarif_format(run_cli: RunCli, home: dict[str, str]) -> None:
    put(".model-forge/config.yaml", TYPOS)
    code, out, _ = validate(run_cli, home, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "modelforge"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {
        "MF201",
        "MF203",
        "MF301",
        "MF302",
        "MF601",
    }
    locations = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    assert {loc["artifactLocation"]["uri"] for loc in locations} == {".model-forge/config.yaml"}
    assert locations[0]["region"]["startLine"] == 3
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "validate" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("config", "validate", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--format" in result.out


# -- the pre-commit hook -----------------------------------------------------------------------


def hooks() -> list[dict[str, object]]:
    return YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_pre_commit_hook_definition() -> None:
    [hook] = hooks()
    assert hook["id"] == "modelforge-validate"
    assert hook["entry"] == "modelforge config validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        (".model-forge/config.yaml", True),
        (".model-forge/config.yml", True),
        (".model-forge/config.json", True),
        ("services/api/.model-forge/config.yaml", True),
        ("dotfiles/.config/model-forge/config.yaml", True),
        ("model-forge/config.json", True),
        ("config.yaml", False),
        (".model-forge/config.yaml.bak", False),
        (".model-forge/config.json.bak", False),
        (".model-forge/other.yaml", False),
        (".model-forge/sub/config.yaml", False),
        ("my-model-forge/config.yaml", False),
        ("x.model-forge/config.yaml", False),
        (".model-forge/config.toml", False),
    ],
)
def test_pre_commit_files_pattern(path: str, matches: bool) -> None:
    [hook] = hooks()
    assert bool(re.search(str(hook["files"]), path)) is matches  # pre-commit uses re.search
