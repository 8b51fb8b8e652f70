"""Config discovery: local over global, nearest project dir, yaml over yml over json."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelforge_lsp.config.files import (
    find_local_config,
    global_config_dir,
    locate_configs,
    write_target,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
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


def test_write_target_prefers_existing_files(home: Path) -> None:
    project = home / "proj"
    project.mkdir()
    assert write_target("local", project) == project / ".model-forge" / "config.yaml"
    existing = make(project / ".model-forge" / "config.json")
    assert write_target("local", project) == existing
    assert write_target("global", project) == global_config_dir() / "config.yaml"
