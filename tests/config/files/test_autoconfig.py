"""``config.files.autoconfig``: checked model choices and use-case recommendations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.catalog import Catalog, ModelFilter, load_snapshot, parse_catalog
from modelforge_lsp.config.files import (
    USE_CASES,
    UseCase,
    blended_price,
    choose_model,
    recommend,
)
from modelforge_lsp.errors import ModelNotFound

API_JSON = Path(__file__).parents[2] / "data" / "catalog" / "api.json"


@pytest.fixture(scope="module")
def small() -> Catalog:
    """The 6-provider fixture catalog: small enough to reason about every ranking."""
    return Catalog(parse_catalog(json.loads(API_JSON.read_text())).providers)


@pytest.fixture(scope="module")
def snapshot() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


# -- choose_model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "model", "key", "model_id"),
    [
        pytest.param("openai", "gpt-4o-mini", "openai", "gpt-4o-mini", id="exact"),
        pytest.param("OpenAI", "GPT-4o-Mini", "openai", "gpt-4o-mini", id="catalog-spelling-wins"),
        pytest.param("github_copilot", "gpt-4.1", "github_copilot", "gpt-4.1", id="underscore"),
        pytest.param("GitHub-Copilot", "gpt-4.1", "github_copilot", "gpt-4.1", id="runtime-key"),
    ],
)
def test_choose_model_finds_the_catalog_entry(
    small: Catalog, provider: str, model: str, key: str, model_id: str
) -> None:
    choice = choose_model(small, provider, model)
    assert (choice.provider_key, choice.model_id) == (key, model_id)
    assert choice.model is not None and choice.model.id == model_id
    assert choice.template is not None and choice.template.key == key


@pytest.mark.parametrize(
    ("provider", "model", "kind", "message", "first"),
    [
        pytest.param(
            "openai", "gpt-4o-mnii", "model",
            "unknown model 'gpt-4o-mnii' for provider openai; did you mean 'gpt-4o-mini'",
            "gpt-4o-mini", id="model-typo",
        ),
        pytest.param(
            "openai", "claude-sonnet-4-5", "model",
            "(served by anthropic)", None, id="served-elsewhere",
        ),
        pytest.param(
            "opnai", "gpt-4o", "provider",
            "unknown provider 'opnai'; did you mean 'openai'?", "openai", id="provider-typo",
        ),
        pytest.param("zzqq", "gpt-4o", "provider", "unknown provider 'zzqq'", None, id="no-idea"),
    ],
)  # fmt: skip
def test_choose_model_refuses_with_suggestions(
    small: Catalog, provider: str, model: str, kind: str, message: str, first: str | None
) -> None:
    with pytest.raises(ModelNotFound) as caught:
        choose_model(small, provider, model)
    assert caught.value.kind == kind and message in str(caught.value)
    if first is not None:
        assert caught.value.suggestions[0] == first


def test_a_local_runtime_needs_no_catalog_entry(small: Catalog) -> None:
    choice = choose_model(small, "ollama", "llama3.1:8b")
    assert (choice.provider_key, choice.model_id, choice.model) == ("ollama", "llama3.1:8b", None)
    assert choice.local and choice.template.base_url == "http://localhost:11434"


def test_force_accepts_what_the_catalog_does_not_know(small: Catalog) -> None:
    gateway = choose_model(small, "my-gateway", "llama-3-70b", force=True)
    assert (gateway.provider_key, gateway.known, gateway.model) == ("my_gateway", False, None)
    assert (gateway.template.llm_type, gateway.template.auth_strategy) == (
        "openai_compatible",
        "api_key",
    )
    fresh = choose_model(small, "openai", "gpt-9", force=True)
    assert fresh.template is not None and fresh.model is None and fresh.model_id == "gpt-9"


# -- recommend ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("use_case", "top"),
    [
        pytest.param("coding", "google/gemini-2.5-flash", id="coding"),
        pytest.param("vision", "openai/gpt-4.1-mini", id="vision"),
        pytest.param("long-context", "anthropic/claude-sonnet-4-6", id="long-context"),
        pytest.param("reasoning", "google/gemini-2.5-flash", id="reasoning"),
    ],
)
def test_top_pick_per_use_case(small: Catalog, use_case: UseCase, top: str) -> None:
    best = recommend(small, use_case)[0].model
    assert f"{best.provider_id}/{best.id}" == top


def test_reasons_say_price_capabilities_recency_and_status(small: Catalog) -> None:
    [item] = [r for r in recommend(small, "vision", limit=20) if r.model.id == "gpt-4o-mini"]
    assert item.reasons == (
        "$0.15/$0.60 per 1M",
        "vision + tool calls + structured output",
        "128K context",
        "released 2024-07",
        "from the maker (openai)",
        "not deprecated",
    )


def test_the_maker_beats_a_reseller_of_the_same_model(small: Catalog) -> None:
    found = [r.model for r in recommend(small, "cheap", limit=20)]
    mini = [m for m in found if m.id.endswith("gpt-4o-mini")]
    assert [(m.provider_id, m.id) for m in mini] == [("openai", "gpt-4o-mini")]


def test_budget_provider_and_min_context(small: Catalog) -> None:
    cheap = recommend(small, "chat", budget=1.0, limit=20)
    assert cheap and all((blended_price(r.model) or 0) <= 1.0 for r in cheap)
    assert all(blended_price(r.model) is not None for r in cheap)
    openai = recommend(small, "coding", provider="openai", limit=20)
    assert openai and {r.model.provider_id for r in openai} == {"openai"}
    wide = recommend(small, "chat", min_context=500_000, limit=20)
    assert wide and all((r.model.limit.context or 0) >= 500_000 for r in wide)
    assert recommend(small, "chat", budget=0.0001, provider="openai") == []


def test_deprecated_models_are_never_recommended(small: Catalog) -> None:
    every = {
        (r.model.provider_id, r.model.id) for c in USE_CASES for r in recommend(small, c, limit=50)
    }
    assert ("github-copilot", "gpt-5") not in every and ("github-copilot", "gpt-5.1") not in every
    coding = {r.model.id for r in recommend(small, "coding", limit=50)}
    assert "gpt-3.5-turbo" not in coding  # no tool calls, 16k context
    assert "gpt-3.5-turbo" in {r.model.id for r in recommend(small, "chat", limit=50)}


_REQUIRED = {"coding": "tool_call", "vision": "vision", "reasoning": "reasoning"}


@pytest.mark.parametrize("use_case", USE_CASES)
def test_profile_invariants_on_the_full_catalog(snapshot: Catalog, use_case: UseCase) -> None:
    items = recommend(snapshot, use_case, limit=10)
    assert len(items) == 10
    scores = [r.score for r in items]
    assert scores == sorted(scores, reverse=True)
    names = [r.model.id.rsplit("/", 1)[-1].lower() for r in items]
    assert len(set(names)) == len(names)
    for item in items:
        model = item.model
        assert not model.is_deprecated and "text" in model.output_modalities
        assert "embed" not in model.id
        assert (model.limit.context or 0) >= (400_000 if use_case == "long-context" else 16_000)
        if use_case in _REQUIRED:
            required = _REQUIRED[use_case]
            assert ModelFilter(capabilities=frozenset({required})).matches(model)  # type: ignore[arg-type]
        assert item.reasons[0].endswith(("per 1M", "unknown", "rate-limited)"))
