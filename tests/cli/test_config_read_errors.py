"""A config file that cannot be read, through the real entry point: one clear line, no traceback.

Every command reads configs with ``config.files.read_config_text``, so each way a read fails
(missing, a directory, not permitted, not UTF-8) reads the same in every command; the exit code
is the command's own: 2 for the checkers (``validate``, ``migrate``: "could not check"), 1 for
the rest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import Run, RunCli

LATIN1 = "providers:\n  caf\xe9:\n    llm_type: openai_compatible\n".encode("latin-1")
NOT_UTF8 = "is not UTF-8 text (byte 0xe9 at offset 16); config files must be UTF-8"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A scratch project as the working directory and a scratch HOME (the env to pass)."""
    home = tmp_path / "home"
    project = tmp_path / "project"
    home.mkdir()
    project.mkdir()
    monkeypatch.chdir(project)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


def one_error_line(result: Run, code: int, expected: str) -> None:
    assert result.code == code, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    [line] = [line for line in result.err.splitlines() if not line.startswith("catalog: ")]
    assert line.startswith("error: ") and expected in line, line


@pytest.mark.parametrize(
    ("args", "name", "code"),
    [
        pytest.param(("config", "validate", "bad.yaml"), "bad.yaml", 2, id="validate"),
        pytest.param(("config", "migrate", "config.json"), "config.json", 2, id="migrate"),
        pytest.param(
            ("config", "add", "-p", "openai", "-m", "gpt-4o-mini", "--file", "bad.yaml"),
            "bad.yaml", 1, id="add",
        ),
        pytest.param(("config", "show", "--file", "bad.yaml"), "bad.yaml", 1, id="show-file"),
    ],
)  # fmt: skip
def test_not_utf8(
    run_cli: RunCli, env: dict[str, str], args: tuple[str, ...], name: str, code: int
) -> None:
    Path(name).write_bytes(LATIN1)
    one_error_line(run_cli("--offline", *args, env=env), code, f"{name} {NOT_UTF8}")
    assert Path(name).read_bytes() == LATIN1
    assert sorted(p.name for p in Path.cwd().iterdir()) == [name]  # nothing written beside it


def test_not_utf8_in_a_discovered_config(run_cli: RunCli, env: dict[str, str]) -> None:
    config = Path(".model-forge/config.yaml")
    config.parent.mkdir()
    config.write_bytes(LATIN1)
    one_error_line(run_cli("--offline", "config", "show", env=env), 1, NOT_UTF8)
    one_error_line(run_cli("--offline", "config", "validate", env=env), 2, NOT_UTF8)


def test_missing(run_cli: RunCli, env: dict[str, str]) -> None:
    result = run_cli("--offline", "config", "show", "--file", "nope.yaml", env=env)
    one_error_line(result, 1, "nope.yaml does not exist")


def test_a_directory_where_the_project_config_belongs(run_cli: RunCli, env: dict[str, str]) -> None:
    Path(".model-forge/config.yaml").mkdir(parents=True)
    result = run_cli(
        "--offline", "config", "add", "-p", "openai", "-m", "gpt-4o", "--local", env=env
    )
    one_error_line(result, 1, "config.yaml is a directory, not a config file")


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a user the file mode can refuse"
)
@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(("config", "validate", "secret.yaml"), 2, id="validate"),
        pytest.param(("config", "show", "--file", "secret.yaml"), 1, id="show"),
    ],
)
def test_permission_denied(
    run_cli: RunCli, env: dict[str, str], args: tuple[str, ...], code: int
) -> None:
    Path("secret.yaml").write_text("providers: {}\n")
    Path("secret.yaml").chmod(0)
    result = run_cli("--offline", *args, env=env)
    one_error_line(result, code, "cannot read secret.yaml: permission denied")
