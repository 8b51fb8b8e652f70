"""The index: lookups, provider spellings, ranked fuzzy search, filters, successors."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog.index import Catalog, ModelFilter
from modelforge_lsp.catalog.models import ParsedCatalog, ProviderInfo


@pytest.fixture
def small(small_parsed: ParsedCatalog) -> Catalog:
    return Catalog(small_parsed.providers)


def test_full_catalog_size_and_figures(full_catalog: Catalog) -> None:
    assert len(full_catalog.providers) >= 100
    assert full_catalog.model_count >= 4000
    model = full_catalog.model("openai", "gpt-4o-mini")
    assert model is not None
    assert model.cost is not None and model.cost.input == 0.15 and model.cost.output == 0.6
    assert model.limit.context == 128000


@pytest.mark.parametrize(
    "spelling", ["github_copilot", "github-copilot", "GitHub_Copilot", " github-copilot "]
)
def test_provider_spellings_find_the_same_provider(small: Catalog, spelling: str) -> None:
    provider = small.provider(spelling)
    assert provider is not None and provider.id == "github-copilot"
    model = small.model(spelling, "gpt-4.1")
    assert model is not None and model.provider_id == "github-copilot"


def test_model_lookup_falls_back_to_case_insensitive(small: Catalog) -> None:
    model = small.model("openai", "GPT-4o-Mini")
    assert model is not None and model.id == "gpt-4o-mini"


def test_misses_return_none_and_are_counted(small: Catalog) -> None:
    assert small.provider("nope") is None
    assert small.model("openai", "gpt-9") is None
    assert small.model("nope", "gpt-4o") is None
    assert small.stats.lookups == 3 and small.stats.lookup_misses == 3


@pytest.mark.parametrize(
    ("query", "provider", "expected"),
    [
        pytest.param("claude sonet 4.5", "anthropic", "claude-sonnet-4-5", id="typo-in-provider"),
        pytest.param("claude sonet 4.5", None, "claude-sonnet-4-5", id="typo-any-provider"),
        pytest.param("gpt4o mini", None, "gpt-4o-mini", id="missing-separator"),
        pytest.param("gemni 2.5 pro", None, "gemini-2.5-pro", id="dropped-letter"),
        pytest.param("GPT-4.1", "openai", "gpt-4.1", id="case-and-exact"),
        pytest.param("haiku", "anthropic", "claude-haiku-4-5", id="substring-newest-first"),
    ],
)
def test_search_ranks_the_intended_model_first(
    full_catalog: Catalog, query: str, provider: str | None, expected: str
) -> None:
    results = full_catalog.search(query, provider=provider, limit=5)
    assert results, f"no results for {query!r}"
    assert results[0].id == expected


def test_search_prefers_the_maker_when_many_providers_serve_a_model(full_catalog: Catalog) -> None:
    results = full_catalog.search("gpt-4o-mini", limit=5)
    assert (results[0].provider_id, results[0].id) == ("openai", "gpt-4o-mini")
    assert all("gpt-4o-mini" in m.id for m in results)


def test_exact_then_prefix_before_fuzzy(small: Catalog) -> None:
    ids = [m.id for m in small.search("gpt-4o", provider="openai", limit=10)]
    assert ids[:2] == ["gpt-4o", "gpt-4o-mini"]


def test_deprecated_models_rank_after_active_ones(small: Catalog) -> None:
    results = small.search("gpt 5", provider="github-copilot", limit=10)
    statuses = [m.is_deprecated for m in results if m.id.startswith("gpt-5")]
    # gpt-5 is an exact match (ranks first even though deprecated); prefix matches follow,
    # and within one tier no deprecated model precedes an active one.
    assert results[0].id == "gpt-5"
    assert statuses[1:] == sorted(statuses[1:])


def test_search_respects_limit_and_provider(full_catalog: Catalog) -> None:
    results = full_catalog.search("gpt", provider="openai", limit=3)
    assert len(results) == 3
    assert {m.provider_id for m in results} == {"openai"}


def test_nonsense_query_finds_nothing(full_catalog: Catalog) -> None:
    assert full_catalog.search("zzqqxxjj", limit=5) == []


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(ModelFilter(capabilities=frozenset({"reasoning"})), id="reasoning"),
        pytest.param(ModelFilter(capabilities=frozenset({"vision", "tool_call"})), id="vision"),
        pytest.param(ModelFilter(capabilities=frozenset({"pdf"})), id="pdf"),
        pytest.param(ModelFilter(capabilities=frozenset({"audio"})), id="audio"),
        pytest.param(ModelFilter(max_input_price=0.5), id="cheap"),
        pytest.param(ModelFilter(max_output_price=1.0, min_context=100_000), id="long-cheap"),
        pytest.param(ModelFilter(status="deprecated"), id="deprecated-only"),
        pytest.param(ModelFilter(status="active"), id="active-only"),
    ],
)
def test_filters_hold_for_every_result(full_catalog: Catalog, filters: ModelFilter) -> None:
    results = full_catalog.search("", limit=200, filters=filters)
    assert results
    for model in results:
        assert filters.matches(model)
        if "reasoning" in filters.capabilities:
            assert model.reasoning
        if "vision" in filters.capabilities:
            assert "image" in model.input_modalities and model.tool_call
        if filters.max_input_price is not None:
            assert model.cost is not None and model.cost.input is not None
            assert model.cost.input <= filters.max_input_price
        if filters.min_context is not None:
            assert (model.limit.context or 0) >= filters.min_context
        if filters.status == "deprecated":
            assert model.is_deprecated
        if filters.status == "active":
            assert not model.is_deprecated


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        pytest.param("price", lambda m: m.cost.input, id="price"),
        pytest.param("context", lambda m: -(m.limit.context or 0), id="context"),
    ],
)
def test_sort_orders(full_catalog: Catalog, sort: str, key: object) -> None:
    results = full_catalog.search(
        "",
        provider="openai",
        limit=50,
        filters=ModelFilter(max_input_price=1000),
        sort=sort,  # type: ignore[arg-type]
    )
    values = [key(m) for m in results]  # type: ignore[operator]
    assert values == sorted(values)


def test_repeated_search_is_served_from_cache(full_catalog: Catalog) -> None:
    first = full_catalog.search("sonnet", limit=5)
    second = full_catalog.search("sonnet", limit=5)
    assert first == second
    assert full_catalog.stats.searches == 2 and full_catalog.stats.search_cache_hits == 1


def test_providers_offering_lists_makers_first(full_catalog: Catalog) -> None:
    providers = [p.id for p in full_catalog.providers_offering("gpt-4o-mini")]
    assert providers[0] == "openai"
    assert "openrouter" in providers  # served as openai/gpt-4o-mini
    assert "anthropic" not in providers


def test_successor_of_a_deprecated_model(small: Catalog) -> None:
    old = small.model("github-copilot", "claude-sonnet-4")
    assert old is not None and old.is_deprecated
    new = small.successor(old)
    assert new is not None
    assert new.family == old.family and not new.is_deprecated
    assert new.provider_id == "github-copilot"
    assert (new.release_date or "") >= (old.release_date or "")


def test_active_model_has_no_successor(small: Catalog) -> None:
    model = small.model("openai", "gpt-4o")
    assert model is not None and small.successor(model) is None


def test_every_deprecated_model_in_the_full_catalog_gets_a_newer_or_no_successor(
    full_catalog: Catalog,
) -> None:
    found = 0
    for model in full_catalog.models(filters=ModelFilter(status="deprecated")):
        successor = full_catalog.successor(model)
        if successor is not None:
            found += 1
            assert successor.provider_id == model.provider_id
            assert successor.family == model.family and not successor.is_deprecated
    assert found > 0


def test_newest_active_is_the_first_active_model_search_lists(
    full_catalog: Catalog, small: Catalog
) -> None:
    for catalog in (full_catalog, small):
        for provider in [*catalog.providers, ProviderInfo("nope", "Nope")]:
            listed = catalog.search("", provider=provider.id, limit=len(provider.models) + 1)
            first = next((m for m in listed if not m.is_deprecated), None)
            assert catalog.newest_active(provider.id) == first
            assert catalog.newest_active(provider.id.upper()) == first
