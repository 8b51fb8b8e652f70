"""``diff_catalogs``: models added, removed and newly deprecated between two copies."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from modelforge_lsp.catalog import Catalog, diff_catalogs, parse_catalog


def _catalog(raw: dict[str, Any]) -> Catalog:
    return Catalog(parse_catalog(raw).providers)


def _refs(models: tuple[Any, ...]) -> list[str]:
    return [f"{m.provider_id}/{m.id}" for m in models]


@pytest.fixture
def raw(small_raw: dict[str, Any]) -> dict[str, Any]:
    """A private deep copy of the small test catalog, free to edit."""
    return copy.deepcopy(small_raw)


def test_identical_copies_have_no_changes(raw: dict[str, Any]) -> None:
    diff = diff_catalogs(_catalog(raw), _catalog(copy.deepcopy(raw)))
    assert diff.is_empty
    assert (diff.added, diff.removed, diff.deprecated) == ((), (), ())


def test_added_removed_and_newly_deprecated(raw: dict[str, Any]) -> None:
    new = copy.deepcopy(raw)
    models = new["openai"]["models"]
    del models["gpt-3.5-turbo"]
    models["gpt-9"] = {"id": "gpt-9", "name": "GPT-9"}
    models["gpt-4o"]["status"] = "deprecated"
    diff = diff_catalogs(_catalog(raw), _catalog(new))
    assert _refs(diff.added) == ["openai/gpt-9"]
    assert _refs(diff.removed) == ["openai/gpt-3.5-turbo"]
    assert _refs(diff.deprecated) == ["openai/gpt-4o"]
    assert diff.deprecated[0].is_deprecated  # as the new copy describes it
    assert not diff.is_empty


def test_a_model_that_arrives_deprecated_is_only_added(raw: dict[str, Any]) -> None:
    new = copy.deepcopy(raw)
    new["openai"]["models"]["gpt-old"] = {"id": "gpt-old", "name": "Old", "status": "deprecated"}
    diff = diff_catalogs(_catalog(raw), _catalog(new))
    assert _refs(diff.added) == ["openai/gpt-old"] and diff.deprecated == ()


def test_already_deprecated_and_undeprecated_models_are_not_reported(raw: dict[str, Any]) -> None:
    old = copy.deepcopy(raw)
    old["openai"]["models"]["gpt-4o"]["status"] = "deprecated"
    old["openai"]["models"]["gpt-4.1"]["status"] = "deprecated"
    new = copy.deepcopy(raw)
    new["openai"]["models"]["gpt-4o"]["status"] = "deprecated"  # still deprecated
    assert diff_catalogs(_catalog(old), _catalog(new)).is_empty  # gpt-4.1 came back: no news


def test_a_removed_provider_removes_its_models_sorted(raw: dict[str, Any]) -> None:
    new = copy.deepcopy(raw)
    gone = new.pop("openai")
    diff = diff_catalogs(_catalog(raw), _catalog(new))
    assert _refs(diff.removed) == sorted(f"openai/{m}" for m in gone["models"])
    assert diff.added == () and diff.deprecated == ()


def test_provider_spelling_does_not_count_as_a_change(raw: dict[str, Any]) -> None:
    new = copy.deepcopy(raw)
    new["github_copilot"] = new.pop("github-copilot")
    assert diff_catalogs(_catalog(raw), _catalog(new)).is_empty


def test_against_the_full_snapshot(full_catalog: Catalog, raw: dict[str, Any]) -> None:
    small = _catalog(raw)
    diff = diff_catalogs(full_catalog, small)
    in_both = small.model_count - len(diff.added)
    assert full_catalog.model_count - len(diff.removed) == in_both > 0
    assert diff_catalogs(full_catalog, full_catalog).is_empty
