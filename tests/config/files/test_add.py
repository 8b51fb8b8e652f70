"""``config.files.add_model_to_file``: the one add workflow behind ``config add``, ``config
add-auto`` and ``discover``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from modelforge_lsp.catalog import Catalog, parse_catalog
from modelforge_lsp.config.files import (
    AddResult,
    ConfigReadError,
    ModelChoice,
    add_model_to_file,
    choose_model,
)
from modelforge_lsp.errors import ConfigEditError

API_JSON = Path(__file__).parents[2] / "data" / "catalog" / "api.json"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(parse_catalog(json.loads(API_JSON.read_text())).providers)


@pytest.fixture(scope="module")
def mini(catalog: Catalog) -> ModelChoice:
    return choose_model(catalog, "openai", "gpt-4o-mini")


def load(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text())


def test_a_new_file_gets_the_provider_block_and_the_model(
    tmp_path: Path, catalog: Catalog, mini: ModelChoice
) -> None:
    path = tmp_path / ".model-forge" / "config.yaml"
    result = add_model_to_file(path, mini, catalog, set_current=True)
    assert result == AddResult(
        path=path,
        provider="openai",
        alias="gpt-4o-mini",
        model="gpt-4o-mini",
        changed=True,
        added_provider=True,
        set_current=True,
        created=True,
        backup=None,
        dry_run=False,
        summary=result.summary,
    )
    assert result.summary[0] == "added provider 'openai' with model 'gpt-4o-mini'"
    data = load(path)
    assert isinstance(data, dict)
    assert data["providers"]["openai"]["llm_type"] == "openai_compatible"
    assert data["current_model"] == {"provider": "openai", "model": "gpt-4o-mini"}


def test_an_alias_names_the_model_through_api_model_name(
    tmp_path: Path, catalog: Catalog, mini: ModelChoice
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("# mine\nproviders: {}\n")
    result = add_model_to_file(path, mini, catalog, alias="mini")
    assert (result.alias, result.model, result.created) == ("mini", "gpt-4o-mini", False)
    assert result.backup == tmp_path / "config.yaml.bak"
    assert path.read_text().startswith("# mine\n")  # comments kept
    data = load(path)
    assert isinstance(data, dict)
    assert data["providers"]["openai"]["models"]["mini"] == {"api_model_name": "gpt-4o-mini"}


def test_adding_what_is_there_changes_nothing(
    tmp_path: Path, catalog: Catalog, mini: ModelChoice
) -> None:
    path = tmp_path / "config.yaml"
    add_model_to_file(path, mini, catalog)
    before = path.read_bytes()
    again = add_model_to_file(path, mini, catalog)
    assert not again.changed and again.backup is None and again.summary
    assert path.read_bytes() == before


def test_a_dry_run_returns_the_diff_and_writes_nothing(
    tmp_path: Path, catalog: Catalog, mini: ModelChoice
) -> None:
    path = tmp_path / "config.yaml"
    result = add_model_to_file(path, mini, catalog, dry_run=True)
    assert result.dry_run and result.changed and not path.exists()
    assert result.diff is not None and "+  openai:" in result.diff


def test_a_json_config_stays_json(tmp_path: Path, catalog: Catalog, mini: ModelChoice) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"providers": {}}\n')
    add_model_to_file(path, mini, catalog)
    assert "gpt-4o-mini" in json.loads(path.read_text())["providers"]["openai"]["models"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("providers:\n  caf\xe9: {}\n".encode("latin-1"), "encoding", id="not-utf8"),
        pytest.param(None, "directory", id="a-directory"),
    ],
)
def test_an_unreadable_file_is_refused_and_left_alone(
    tmp_path: Path, catalog: Catalog, mini: ModelChoice, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "config.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(ConfigReadError) as caught:
        add_model_to_file(path, mini, catalog)
    assert caught.value.reason == reason
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]  # no .bak, no temp


def test_a_change_that_adds_an_error_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    """A ``models:`` that is not a mapping cannot take a model: refused, file untouched."""
    path = tmp_path / "config.yaml"
    path.write_text("providers:\n  openai:\n    llm_type: openai_compatible\n    models: 3\n")
    before = path.read_bytes()
    choice = choose_model(catalog, "openai", "gpt-4o-mini")
    with pytest.raises(ConfigEditError):
        add_model_to_file(path, choice, catalog)
    assert path.read_bytes() == before
