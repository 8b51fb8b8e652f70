"""Parsing models.dev's api.json: tolerant of drift, strict on the types we use, lossless."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog.models import (
    Cost,
    Limits,
    ModelInfo,
    ParsedCatalog,
    ProviderInfo,
    catalog_to_json,
    normalize_provider_id,
    parse_catalog,
)
from modelforge_lsp.errors import CatalogFormatError


def test_parses_models_dev_figures(small_parsed: ParsedCatalog) -> None:
    openai = next(p for p in small_parsed.providers if p.id == "openai")
    model = openai.models["gpt-4o-mini"]
    assert model.provider_id == "openai"
    assert model.name == "GPT-4o mini"
    assert model.cost == Cost(input=0.15, output=0.6, cache_read=0.08)
    assert model.limit == Limits(context=128000, output=16384)
    assert model.input_modalities == ("text", "image", "pdf")
    assert model.tool_call and model.attachment and not model.reasoning
    assert model.structured_output is True
    assert model.knowledge == "2023-09"
    assert model.status is None
    assert openai.env == ("OPENAI_API_KEY",)


def test_extra_fields_ignored_missing_optional_fields_defaulted() -> None:
    raw = {
        "acme": {
            "id": "acme",
            "name": "Acme",
            "brand_new_field": {"x": 1},
            "models": {
                "rocket-1": {"id": "rocket-1", "interleaved": True, "tiers": [1, 2]},
            },
        }
    }
    model = parse_catalog(raw).providers[0].models["rocket-1"]
    assert model == ModelInfo(provider_id="acme", id="rocket-1", name="rocket-1")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("cost", {"input": "cheap"}, id="cost-not-number"),
        pytest.param("cost", [1, 2], id="cost-not-object"),
        pytest.param("limit", {"context": "big"}, id="limit-not-int"),
        pytest.param("limit", {"context": 1.5}, id="limit-fractional"),
        pytest.param("tool_call", "yes", id="bool-as-string"),
        pytest.param("modalities", {"input": "text"}, id="modalities-not-list"),
        pytest.param("release_date", 20240101, id="date-not-string"),
        pytest.param("cost", {"input": True}, id="bool-is-not-a-number"),
    ],
)
def test_wrong_type_skips_only_that_model(
    small_raw: dict[str, Any], field: str, value: object
) -> None:
    raw = copy.deepcopy(small_raw)
    raw["openai"]["models"]["gpt-4o"][field] = value
    parsed = parse_catalog(raw)
    openai = next(p for p in parsed.providers if p.id == "openai")
    assert "gpt-4o" not in openai.models
    assert "gpt-4o-mini" in openai.models
    assert [s.path for s in parsed.skipped] == ["openai/gpt-4o"]
    assert field in parsed.skipped[0].reason


def test_wrong_provider_shape_skips_that_provider(small_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(small_raw)
    raw["groq"]["models"] = ["llama"]
    raw["junk"] = "not a provider"
    parsed = parse_catalog(raw)
    assert {s.path for s in parsed.skipped} == {"groq", "junk"}
    assert len(parsed.providers) == len(small_raw) - 1


def test_unknown_status_is_treated_as_active(small_raw: dict[str, Any]) -> None:
    raw = copy.deepcopy(small_raw)
    raw["openai"]["models"]["gpt-4o"]["status"] = "preview"
    openai = next(p for p in parse_catalog(raw).providers if p.id == "openai")
    assert openai.models["gpt-4o"].status is None


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param([], id="list"),
        pytest.param("api", id="string"),
        pytest.param({}, id="empty"),
        pytest.param({"error": "rate limited"}, id="error-object"),
        pytest.param({"a": 1, "b": [2]}, id="no-usable-provider"),
    ],
)
def test_not_a_catalog_raises_format_error(raw: object) -> None:
    with pytest.raises(CatalogFormatError, match=r"api\.json"):
        parse_catalog(raw)


def test_round_trip_is_lossless_on_the_full_snapshot(full_parsed: ParsedCatalog) -> None:
    assert parse_catalog(catalog_to_json(full_parsed.providers)) == full_parsed


def test_provider_spellings_normalise_alike() -> None:
    assert normalize_provider_id(" GitHub_Copilot ") == normalize_provider_id("github-copilot")


def test_data_classes_are_frozen(small_parsed: ParsedCatalog) -> None:
    provider = small_parsed.providers[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        provider.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        provider.models["x"] = provider.models[next(iter(provider.models))]  # type: ignore[index]


_costs = st.one_of(st.none(), st.builds(Cost, input=st.none() | st.floats(0, 1e4)))
_clean_text = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))
"""What the parser keeps of a string (catalog.sanitize strips the rest)."""
_models = st.builds(
    ModelInfo,
    provider_id=st.just("p"),
    id=st.text(_clean_text, min_size=1, max_size=12),
    name=st.text(_clean_text, max_size=12),
    family=st.none() | st.text(_clean_text, max_size=8),
    cost=_costs,
    limit=st.builds(Limits, context=st.none() | st.integers(0, 10**7)),
    input_modalities=st.lists(st.sampled_from(["text", "image", "pdf"]), min_size=1).map(tuple),
    status=st.sampled_from([None, "alpha", "beta", "deprecated"]),
    structured_output=st.none() | st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_models, min_size=1, max_size=5, unique_by=lambda m: m.id))
def test_round_trip_holds_for_generated_models(models: list[ModelInfo]) -> None:
    from types import MappingProxyType

    provider = ProviderInfo(id="p", name="P", models=MappingProxyType({m.id: m for m in models}))
    assert parse_catalog(catalog_to_json((provider,))).providers == (provider,)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=5), children, max_size=3)
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_raises_anything_but_format_error(raw: object) -> None:
    try:
        parse_catalog(raw)
    except CatalogFormatError:
        pass
