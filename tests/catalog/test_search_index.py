"""The search index ranks exactly as scoring every model would (the ranking before the index).

``brute_force`` below is the ranking as it was written before ``SearchIndex``: rapidfuzz over
every entry's keys, then one sort. The index must return the same models in the same order for
any query, provider, limit, filter and sort order; the queries are a fixed sample (typos, parts,
prefixes, separators, digits) plus random ones drawn from the catalog's own ids and names.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from modelforge_lsp.catalog.index import (
    FIRST_PARTY_PROVIDERS,
    Catalog,
    ModelFilter,
    SortOrder,
    normalize_query,
)
from modelforge_lsp.catalog.key_scores import own_scores
from modelforge_lsp.catalog.models import ModelInfo, ParsedCatalog, normalize_provider_id
from modelforge_lsp.catalog.search_index import SearchIndex, recency


def brute_force(
    catalog: Catalog,
    query: str,
    provider: str | None = None,
    limit: int = 20,
    filters: ModelFilter | None = None,
    sort: SortOrder = "relevance",
) -> list[ModelInfo]:
    """Score every entry, sort once: the reference ranking."""
    text = normalize_query(query)
    wanted = None if provider is None else normalize_provider_id(provider)
    chosen = filters or ModelFilter()
    entries = [
        (m, normalize_query(m.id.rsplit("/", 1)[-1]), normalize_query(m.name), p.id)
        for p in catalog.providers
        for m in p.models.values()
        if (wanted is None or normalize_provider_id(m.provider_id) == wanted) and chosen.matches(m)
    ]
    scores = _scores(text, [e[1] for e in entries], [e[2] for e in entries]) if text else {}
    scored = []
    for i, (model, id_key, name_key, provider_id) in enumerate(entries):
        if not text:
            tier, score, id_score = 1, 0.0, 0.0
        elif text in (id_key, name_key):
            tier, score, id_score = 0, 100.0, 100.0
        elif id_key.startswith(text) or name_key.startswith(text):
            tier, score, id_score = 1, 100.0, scores.get(i, (0.0, 0.0))[1]
        elif i in scores:
            tier, (score, id_score) = 2, scores[i]
        else:
            continue
        standing = (provider_id not in FIRST_PARTY_PROVIDERS, model.is_deprecated, recency(model))
        key = (tier, -round(score) if tier == 2 else 0, *standing, -id_score, model.id)
        scored.append((_sort_key(sort, model, key), model))
    scored.sort(key=lambda item: item[0])
    return [model for _, model in scored[:limit]]


def _scores(query: str, id_keys: list[str], name_keys: list[str]) -> dict[int, tuple[float, float]]:
    id_scores: dict[int, float] = {}
    name_scores: dict[int, float] = {}
    for keys, into in ((id_keys, id_scores), (name_keys, name_scores)):
        for _, score, i in process.extract(
            query, keys, scorer=fuzz.ratio, limit=None, score_cutoff=60.0
        ):
            into[i] = score
        for _, score, i in process.extract(
            query, keys, scorer=fuzz.partial_ratio, limit=None, score_cutoff=60.0 / 0.9
        ):
            if len(query) < len(keys[i]):
                into[i] = max(into.get(i, 0.0), 0.9 * score)
    return {
        i: (max(id_scores.get(i, 0.0), name_scores.get(i, 0.0)), id_scores.get(i, 0.0))
        for i in id_scores.keys() | name_scores.keys()
    }


def _sort_key(sort: SortOrder, model: ModelInfo, key: tuple[object, ...]) -> tuple[object, ...]:
    match sort:
        case "price":
            price = model.cost.input if model.cost and model.cost.input is not None else 1e400
            return (price, *key)
        case "context":
            return (-(model.limit.context or 0), *key)
        case "recent":
            return (recency(model), *key)
        case _:
            return key


FIXED = [
    "claude sonet 4.5", "gpt4o mini", "gemni 2.5 pro", "sonnet", "llama 3.3 70b", "o3",
    "deepseek r1", "mistral large", "qwen coder", "grok 4", "haiku", "gpt-5 codex", "kimi k2",
    "glm 4.6", "command r plus", "phi 4", "nova pro", "gemma 3 27b", "gpt", "g", "4", "gpt-4o",
    "GPT-4.1", "claude", "opus", "mini", "flash lite", "70b", "r1", "x", "qwen3 235b a22b",
    "meta llama 3 1 405b instruct", "zzzz", "ä", "  ", "gpt 5", "text embedding 3 large",
]  # fmt: skip


def _ids(models: list[ModelInfo]) -> list[tuple[str, str]]:
    return [(m.provider_id, m.id) for m in models]


@pytest.fixture(scope="module")
def catalog(full_parsed: ParsedCatalog) -> Catalog:
    return Catalog(full_parsed.providers)


@pytest.mark.parametrize("query", FIXED)
@pytest.mark.parametrize("limit", [1, 20, 200])
def test_full_catalog_matches_brute_force(catalog: Catalog, query: str, limit: int) -> None:
    assert _ids(catalog.search(query, limit=limit)) == _ids(
        brute_force(catalog, query, limit=limit)
    )


@pytest.mark.parametrize("provider", ["openrouter", "openai", "anthropic", "github_copilot"])
@pytest.mark.parametrize("query", FIXED[::3])
def test_one_provider_matches_brute_force(catalog: Catalog, provider: str, query: str) -> None:
    found = catalog.search(query, provider=provider, limit=10)
    assert _ids(found) == _ids(brute_force(catalog, query, provider=provider, limit=10))


@pytest.mark.parametrize("sort", ["relevance", "price", "context", "recent"])
@pytest.mark.parametrize("query", ["", "gpt", "claude sonet", "llama 70b"])
@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(None, id="any"),
        pytest.param(ModelFilter(status="active", capabilities=frozenset({"tool_call"})), id="f1"),
        pytest.param(ModelFilter(max_input_price=1.0, min_context=100_000), id="f2"),
    ],
)
def test_filters_and_sort_orders_match_brute_force(
    catalog: Catalog, sort: SortOrder, query: str, filters: ModelFilter | None
) -> None:
    found = catalog.search(query, limit=15, filters=filters, sort=sort)
    assert _ids(found) == _ids(brute_force(catalog, query, limit=15, filters=filters, sort=sort))


def _catalog_words(catalog: Catalog) -> Iterator[str]:
    for model in catalog.models():
        yield model.id
        yield model.name


def _mangle(rng: random.Random, text: str) -> str:
    """Drop, double, swap or replace a few characters, or cut the text: what typing does."""
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        if not chars:
            break
        at = rng.randrange(len(chars))
        match rng.randrange(5):
            case 0:
                del chars[at]
            case 1:
                chars.insert(at, chars[at])
            case 2:
                chars[at] = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 -.")
            case 3 if at + 1 < len(chars):
                chars[at], chars[at + 1] = chars[at + 1], chars[at]
            case _:
                chars = chars[: at + 1]
    return "".join(chars)


def test_random_queries_from_the_catalog_match_brute_force(catalog: Catalog) -> None:
    rng = random.Random(11)
    words = sorted(set(_catalog_words(catalog)))
    for _ in range(60):
        word = rng.choice(words)
        if rng.random() < 0.4:
            parts = normalize_query(word).split()
            word = " ".join(rng.sample(parts, k=rng.randint(1, len(parts)))) if parts else word
        query = _mangle(rng, word)
        limit = rng.choice([1, 3, 10, 20, 50])
        expected = _ids(brute_force(catalog, query, limit=limit))
        assert _ids(catalog.search(query, limit=limit)) == expected, query


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet="abcdeglmnoprstu0123456789 -.", max_size=14))
def test_any_query_matches_brute_force(catalog: Catalog, query: str) -> None:
    assert _ids(catalog.search(query, limit=10)) == _ids(brute_force(catalog, query, limit=10))


def test_small_catalog_and_user_extensions(small_parsed: ParsedCatalog) -> None:
    catalog = Catalog(small_parsed.providers)
    for query in ["gpt", "claude", "o", "mini 4o", ""]:
        for provider in [None, "openai", "github-copilot", "nope"]:
            found = catalog.search(query, provider=provider, limit=8)
            assert _ids(found) == _ids(brute_force(catalog, query, provider=provider, limit=8))


def test_a_key_the_query_starts_scores_as_rapidfuzz_scores_it(catalog: Catalog) -> None:
    """``key_scores.own_scores`` works out a prefix's score without rapidfuzz: it must be
    rapidfuzz's to the last bit, for every key of the catalog and every prefix of it."""
    index = SearchIndex(list(catalog.models()), [False] * catalog.model_count)
    checked = 0
    for number, key in enumerate(index._keys):
        for cut in range(1, len(key)):
            query = key[:cut]
            ratio = fuzz.ratio(query, key, score_cutoff=60.0)
            expected = max(ratio, 0.9 * fuzz.partial_ratio(query, key, score_cutoff=60.0 / 0.9))
            assert own_scores(query, index._keys, [number]) == {number: expected}, (query, key)
            checked += 1
    assert checked > 20_000
