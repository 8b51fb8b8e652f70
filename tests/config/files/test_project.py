"""``config.files.project``: the project settings file that the server and CI both read."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelforge_lsp.config.checks import Severity
from modelforge_lsp.config.files.project import (
    ProjectSettings,
    ProjectSettingsCache,
    find_project_settings,
    parse_project_settings,
    read_project_settings,
)

GOOD = """\
checks:
  catalog: false
  severity: {MF305: "off", MF502: error}
customProviders:
  my-gateway:
    name: My gateway
    models: {my-model: {}}
"""


def test_a_good_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "modelforge-lsp.yaml"
    path.write_text(GOOD)
    settings, problems = read_project_settings(path)
    assert problems == []
    assert settings.source == path and settings.catalog_checks is False
    assert dict(settings.severity) == {"MF305": "off", "MF502": "error"}
    assert [p.id for p in settings.custom_providers] == ["my-gateway"]
    assert list(settings.custom_providers[0].models) == ["my-model"]


def test_the_users_settings_win_code_by_code() -> None:
    project = ProjectSettings(severity={"MF305": "off", "MF502": "error"})
    merged = project.check_settings(severity={"MF502": "hint"})
    assert dict(merged.severity_overrides) == {"MF305": None, "MF502": Severity.HINT}
    assert merged.catalog_checks is True
    assert ProjectSettings(catalog_checks=False).check_settings().catalog_checks is False
    assert ProjectSettings().check_settings(catalog_checks=False).catalog_checks is False


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(
            {"checks": {"severity": {"MF999": "off"}}}, "checks.severity.MF999", id="code"
        ),
        pytest.param(
            {"checks": {"severity": {"MF305": "loud"}}}, "checks.severity.MF305", id="name"
        ),
        pytest.param({"checks": {"catalog": "no"}}, "checks.catalog", id="catalog"),
        pytest.param({"checks": []}, "checks", id="checks-kind"),
        pytest.param({"customProviders": {"x": 3}}, "customProviders.x", id="provider"),
        pytest.param({"catalog": {"url": "https://x"}}, "catalog: not a project setting", id="key"),
        pytest.param(["checks"], "the top level must be a mapping", id="top"),
    ],
)
def test_a_bad_entry_is_reported_and_the_rest_applies(data: object, problem: str) -> None:
    settings, problems = parse_project_settings(data)
    assert len(problems) == 1 and problems[0].startswith(problem), problems
    assert settings.catalog_checks is True


def test_good_entries_beside_a_bad_one_still_apply() -> None:
    settings, problems = parse_project_settings(
        {"checks": {"severity": {"MF999": "off", "MF305": "off"}}}
    )
    assert len(problems) == 1 and dict(settings.severity) == {"MF305": "off"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("checks: [", "does not parse", id="yaml"),
        pytest.param(b"\xff\xfe", "cannot be read", id="encoding"),
    ],
)
def test_an_unreadable_file_gives_the_defaults(
    tmp_path: Path, text: str | bytes, problem: str
) -> None:
    path = tmp_path / "modelforge-lsp.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    settings, problems = read_project_settings(path)
    assert settings == ProjectSettings(path)
    assert len(problems) == 1 and problem in problems[0] and str(path) in problems[0]


def test_found_beside_the_config_or_in_a_parents_model_forge_dir(tmp_path: Path) -> None:
    project = tmp_path / "repo"
    config = project / ".model-forge" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("providers: {}\n")
    assert find_project_settings(config) is None
    beside = project / ".model-forge" / "modelforge-lsp.yaml"
    beside.write_text(GOOD)
    assert find_project_settings(config) == beside.resolve()
    nested = project / "services" / "api" / "config.yaml"
    nested.parent.mkdir(parents=True)
    assert find_project_settings(nested) == beside.resolve()
    user = tmp_path / "home" / ".config" / "model-forge"
    user.mkdir(parents=True)
    (user / "modelforge-lsp.json").write_text('{"checks": {"catalog": false}}')
    assert find_project_settings(user / "config.yaml") == (user / "modelforge-lsp.json").resolve()


def test_the_cache_reads_a_shared_file_once_and_notices_a_change(tmp_path: Path) -> None:
    settings = tmp_path / ".model-forge" / "modelforge-lsp.yaml"
    settings.parent.mkdir()
    settings.write_text("checks: {severity: {MF999: 'off'}}\n")
    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir()
    two.mkdir()
    cache = ProjectSettingsCache()
    first = cache.lookup(one)
    assert not first.changed and len(first.problems) == 1  # read, and its problem told once
    second = cache.lookup(two)
    assert second.settings is first.settings and second.problems == ()
    assert cache.lookup(one).settings is first.settings  # unchanged: not re-read
    settings.write_text("checks: {severity: {MF305: 'off'}}\n# a longer file\n")
    changed = cache.lookup(one)
    assert changed.changed and dict(changed.settings.severity) == {"MF305": "off"}
    assert cache.cached(two) is first.settings  # not looked at again yet
