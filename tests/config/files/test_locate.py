"""Config discovery: local over global, nearest project dir, yaml over yml over json; and the
name of a new file (JSON where the user's runtime reads only JSON)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelforge_lsp.config.files import (
    find_global_config,
    find_local_config,
    global_config_dir,
    installed_runtime,
    locate_configs,
    new_config_name,
    runtime_user_file,
    write_target,
)
from modelforge_lsp.config.files.locate import reads_only_json
from tests.runtime_metadata import install_metadata

skip_if_installed = pytest.mark.skipif(
    installed_runtime() is not None, reason="model-forge-llm is installed in this environment"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def make(path: Path, text: str = "providers: {}\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_nearest_project_config_wins(home: Path) -> None:
    outer = make(home / "repo" / ".model-forge" / "config.yaml")
    inner = make(home / "repo" / "sub" / ".model-forge" / "config.yaml")
    deep = home / "repo" / "sub" / "pkg"
    deep.mkdir(parents=True)
    assert find_local_config(deep) == inner
    assert find_local_config(home / "repo") == outer


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(["config.json", "config.yml"], "config.yml", id="yml-over-json"),
        pytest.param(["config.json", "config.yaml", "config.yml"], "config.yaml", id="yaml-first"),
        pytest.param(["config.json"], "config.json", id="json-alone"),
    ],
)
def test_spellings_in_order(home: Path, names: list[str], expected: str) -> None:
    for name in names:
        make(home / "p" / ".model-forge" / name)
    found = find_local_config(home / "p")
    assert found is not None and found.name == expected


def test_local_over_global(home: Path) -> None:
    global_ = make(global_config_dir() / "config.yaml")
    assert global_config_dir() == home / "xdg" / "model-forge"
    project = home / "proj"
    project.mkdir()
    assert [(c.scope, c.path) for c in locate_configs(project)] == [("global", global_)]
    local = make(project / ".model-forge" / "config.yaml")
    assert [c.scope for c in locate_configs(project)] == ["local", "global"]
    assert locate_configs(project)[0].path == local


def test_the_runtimes_user_file_is_found_when_xdg_points_elsewhere(home: Path) -> None:
    """ModelForge 2.x reads ``~/.config/model-forge/config.json`` whatever $XDG_CONFIG_HOME
    says: that file is the user config when the XDG dir has none, and ours wins when it has."""
    assert find_global_config() is None
    runtime_file = make(runtime_user_file(home / "home"), "{}")
    assert find_global_config() == runtime_file
    ours = make(global_config_dir() / "config.yaml")
    assert find_global_config() == ours


@skip_if_installed
@pytest.mark.parametrize(
    ("existing", "scope", "expected"),
    [
        pytest.param([], "local", "proj/.model-forge/config.yaml", id="nothing-local-yaml"),
        pytest.param([], "global", "xdg/model-forge/config.yaml", id="nothing-global-yaml"),
        pytest.param(
            ["proj/.model-forge/config.json"],
            "global",
            "home/.config/model-forge/config.json",
            id="project-json-in-effect-global-json-where-the-runtime-reads-it",
        ),
        pytest.param(
            ["home/.config/model-forge/config.json"],
            "local",
            "proj/.model-forge/config.json",
            id="user-json-in-effect-local-json",
        ),
        pytest.param(
            ["xdg/model-forge/config.yaml"],
            "local",
            "proj/.model-forge/config.yaml",
            id="user-yaml-local-yaml",
        ),
        pytest.param(
            ["proj/.model-forge/config.json"],
            "local",
            "proj/.model-forge/config.json",
            id="existing-kept",
        ),
        pytest.param(
            ["xdg/model-forge/config.yml", "proj/.model-forge/config.json"],
            "global",
            "xdg/model-forge/config.yml",
            id="existing-global-kept",
        ),
    ],
)
def test_write_target(home: Path, existing: list[str], scope: str, expected: str) -> None:
    for name in existing:
        make(home / name)
    project = home / "proj"
    project.mkdir(exist_ok=True)
    assert write_target("local" if scope == "local" else "global", project) == home / expected


@pytest.mark.parametrize("scope", ["local", "global"])
def test_a_new_file_is_json_where_the_runtime_is_installed(
    home: Path, monkeypatch: pytest.MonkeyPatch, scope: str
) -> None:
    monkeypatch.syspath_prepend(str(install_metadata(home / "site")))
    assert installed_runtime() == "2.3.0"
    project = home / "proj"
    project.mkdir()
    expected = {
        "local": project / ".model-forge" / "config.json",
        "global": home / "home" / ".config" / "model-forge" / "config.json",
    }
    assert write_target("local" if scope == "local" else "global", project) == expected[scope]


@pytest.mark.parametrize(
    ("version", "in_effect", "expected"),
    [
        pytest.param(None, [], "config.yaml", id="no-runtime-nothing-yaml"),
        pytest.param("2.3.0", [], "config.json", id="2x-installed-json"),
        pytest.param("1.4", [], "config.json", id="1x-json"),
        pytest.param("3.0.0", [], "config.yaml", id="3x-yaml"),
        pytest.param("dev", [], "config.json", id="unparsable-version-json"),
        pytest.param(None, [Path("a/config.json")], "config.json", id="json-in-effect"),
        pytest.param(None, [Path("a/config.yaml")], "config.yaml", id="yaml-in-effect"),
    ],
)
def test_new_config_name(version: str | None, in_effect: list[Path], expected: str) -> None:
    assert new_config_name(version, in_effect) == expected
    assert reads_only_json(version) == (version is not None and not version.startswith("3"))


def test_installed_runtime_reads_the_environments_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = installed_runtime()
    monkeypatch.syspath_prepend(str(install_metadata(tmp_path, "2.9.1")))
    assert installed_runtime() == "2.9.1" != before
