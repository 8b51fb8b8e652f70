"""``Catalog``: the in-memory index every feature asks -- lookups, fuzzy search, successors.

Lookups are dictionary hits (O(1)) keyed by the provider's normalised id, so ``github_copilot``
and ``github-copilot`` are one provider (DESIGN §2). Search is rapidfuzz over each model's id and
display name (through ``search_index.SearchIndex``, which scores only the keys that can match),
then ranked the way a person scanning the list expects:

1. exact matches, then prefix matches, then fuzzy matches by score;
2. within equal standing: first-party providers (the lab that makes the model) first, active
   models before deprecated ones, newer before older.

Search results are memoised (an LRU keyed by the whole query) because completion asks the same
question on every keystroke; the counters in ``stats`` say how well that works.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

from cachetools import LRUCache

from modelforge_lsp.catalog.models import ModelInfo, ProviderInfo, normalize_provider_id
from modelforge_lsp.catalog.provenance import Provenance
from modelforge_lsp.catalog.search_index import Order, SearchIndex, normalize_query, recency
from modelforge_lsp.catalog.stored_index import StoredTables

__all__ = [
    "FIRST_PARTY_PROVIDERS",
    "Capability",
    "Catalog",
    "CatalogStats",
    "ModelFilter",
    "SortOrder",
    "has_capability",
    "normalize_query",
]

Capability = Literal[
    "tool_call", "reasoning", "attachment", "structured_output", "vision", "audio", "pdf"
]
StatusFilter = Literal["active", "deprecated", "all"]
SortOrder = Literal["relevance", "price", "context", "recent"]

FIRST_PARTY_PROVIDERS = frozenset(
    {
        "openai", "anthropic", "google", "mistral", "xai", "deepseek", "cohere", "alibaba",
        "moonshotai", "zai", "zhipuai", "minimax", "perplexity", "llama", "upstage", "stepfun",
        "xiaomi", "inception",
    }
)  # fmt: skip
"""Providers that are the maker of the models they serve; they rank above resellers."""


@dataclass(frozen=True, slots=True)
class ModelFilter:
    """Constraints a model must meet; the defaults accept everything."""

    capabilities: frozenset[Capability] = frozenset()
    max_input_price: float | None = None
    max_output_price: float | None = None
    min_context: int | None = None
    status: StatusFilter = "all"

    def matches(self, model: ModelInfo) -> bool:
        if self.status == "active" and model.is_deprecated:
            return False
        if self.status == "deprecated" and not model.is_deprecated:
            return False
        if self.min_context is not None and (model.limit.context or 0) < self.min_context:
            return False
        cost = model.cost
        if self.max_input_price is not None and (
            cost is None or cost.input is None or cost.input > self.max_input_price
        ):
            return False
        if self.max_output_price is not None and (
            cost is None or cost.output is None or cost.output > self.max_output_price
        ):
            return False
        return all(has_capability(model, c) for c in self.capabilities)


def has_capability(model: ModelInfo, capability: Capability) -> bool:
    """Whether ``model`` has ``capability`` -- the one rule filters and displays share."""
    match capability:
        case "vision":
            return model.accepts_images
        case "audio":
            return model.accepts_audio
        case "pdf":
            return model.accepts_pdf
        case "structured_output":
            return bool(model.structured_output)
        case _:
            return bool(getattr(model, capability))


@dataclass(slots=True)
class CatalogStats:
    """Counters for ``modelforge cache status`` and the server's status command."""

    lookups: int = 0
    lookup_misses: int = 0
    searches: int = 0
    search_cache_hits: int = 0
    search_seconds: float = 0.0

    @property
    def search_hit_rate(self) -> float:
        return self.search_cache_hits / self.searches if self.searches else 0.0


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    provider: str | None
    limit: int
    filters: ModelFilter
    sort: SortOrder


@dataclass
class Catalog:
    """An immutable set of providers with O(1) lookups and ranked search."""

    providers: tuple[ProviderInfo, ...]
    provenance: Provenance = field(default=Provenance("snapshot"), compare=False)
    stats: CatalogStats = field(default_factory=CatalogStats, compare=False)
    search_tables: StoredTables | None = field(default=None, compare=False, repr=False)
    """The full-catalog index's tables read with these providers' models, if any
    (``ParsedCatalog.search_tables``): decoded by the first full-catalog search, used only if
    they fit the models (``stored_index``)."""

    def __post_init__(self) -> None:
        self._by_provider = {normalize_provider_id(p.id): p for p in self.providers}
        # the model tables below are built on first use: a 100k-model catalog is ready sooner,
        # and exact lookups need none of them (a provider's models are keyed by id already)
        self._by_model_folded: dict[tuple[str, str], ModelInfo] | None = None
        self._by_model_id: dict[str, list[ModelInfo]] | None = None
        self._indexes: dict[str | None, SearchIndex] = {}
        self._grouped: dict[str, tuple[list[ModelInfo], list[bool]]] | None = None
        self._newest: dict[str, ModelInfo | None] = {}
        self._search_cache: LRUCache[_Query, tuple[ModelInfo, ...]] = LRUCache(maxsize=512)
        self._lock = threading.Lock()

    def with_provenance(self, **changes: Any) -> Catalog:
        """The same data with an updated provenance (e.g. marked offline after a failed fetch)."""
        return Catalog(
            self.providers,
            provenance=replace(self.provenance, **changes),
            search_tables=self.search_tables,
        )

    def extended(self, providers: tuple[ProviderInfo, ...]) -> Catalog:
        """This catalog plus ``providers`` (the user's own): a new id is added; a known id keeps
        its models and gains (or overrides, id by id) the given ones, and any metadata given."""
        merged = dict(self._by_provider)
        for extra in providers:
            key = normalize_provider_id(extra.id)
            known = merged.get(key)
            merged[key] = extra if known is None else _overlay(known, extra)
        return Catalog(tuple(merged.values()), provenance=self.provenance)

    # -- lookups -----------------------------------------------------------------------------

    @property
    def model_count(self) -> int:
        return sum(len(p.models) for p in self._by_provider.values())

    def provider(self, provider_id: str) -> ProviderInfo | None:
        """The provider with this id in any ``_``/``-``/case spelling, or ``None``."""
        self.stats.lookups += 1
        found = self._by_provider.get(normalize_provider_id(provider_id))
        if found is None:
            self.stats.lookup_misses += 1
        return found

    def model(self, provider_id: str, model_id: str) -> ModelInfo | None:
        """The model as this provider serves it; exact id first, then case-insensitively."""
        self.stats.lookups += 1
        key = normalize_provider_id(provider_id)
        provider = self._by_provider.get(key)
        found = None if provider is None else provider.models.get(model_id)
        if found is None and provider is not None:
            found = self._folded().get((key, model_id.casefold()))
        if found is None:
            self.stats.lookup_misses += 1
        return found

    def models(
        self, provider_id: str | None = None, filters: ModelFilter | None = None
    ) -> Iterator[ModelInfo]:
        """Every model (of one provider, if given) that passes ``filters``, in catalog order."""
        if provider_id is None:
            providers: Iterable[ProviderInfo] = self.providers
        else:
            found = self.provider(provider_id)
            providers = () if found is None else (found,)
        for provider in providers:
            for model in provider.models.values():
                if filters is None or filters.matches(model):
                    yield model

    def _folded(self) -> dict[tuple[str, str], ModelInfo]:
        with self._lock:
            if self._by_model_folded is None:
                folded: dict[tuple[str, str], ModelInfo] = {}
                for key, provider in self._by_provider.items():
                    for model in provider.models.values():
                        folded.setdefault((key, model.id.casefold()), model)
                self._by_model_folded = folded
            return self._by_model_folded

    def _by_id(self) -> dict[str, list[ModelInfo]]:
        with self._lock:
            if self._by_model_id is None:
                by_id: dict[str, list[ModelInfo]] = {}
                for provider in self._by_provider.values():
                    for model in provider.models.values():
                        for name in {model.id, model.id.rsplit("/", 1)[-1]}:
                            by_id.setdefault(name, []).append(model)
                self._by_model_id = by_id
            return self._by_model_id

    def providers_offering(self, model_id: str) -> tuple[ProviderInfo, ...]:
        """Providers serving a model with this id (or ``vendor/<id>``), makers first."""
        models = self._by_id().get(model_id, [])
        ids = {normalize_provider_id(m.provider_id) for m in models}
        found = [self._by_provider[i] for i in ids]
        return tuple(sorted(found, key=lambda p: (p.id not in FIRST_PARTY_PROVIDERS, p.id)))

    def successor(self, model: ModelInfo) -> ModelInfo | None:
        """For a deprecated model: the newest active model of its family at the same provider."""
        if not model.is_deprecated or model.family is None:
            return None
        provider = self.provider(model.provider_id)
        if provider is None:
            return None
        candidates = [
            m
            for m in provider.models.values()
            if m.family == model.family
            and not m.is_deprecated
            and (m.release_date or "") >= (model.release_date or "")
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda m: (m.release_date or "", m.last_updated or "", m.id))

    def newest_active(self, provider_id: str) -> ModelInfo | None:
        """The first active model ``search("", provider=provider_id)`` lists (makers first,
        then the newest, then by id), without building that provider's search index."""
        key = normalize_provider_id(provider_id)
        with self._lock:
            if key not in self._newest:
                models, makers = self._groups().get(key, ([], []))
                ranked = (
                    ((not maker, recency(m), m.id), at)
                    for at, (m, maker) in enumerate(zip(models, makers, strict=True))
                    if not m.is_deprecated
                )
                best = min(ranked, default=None)
                self._newest[key] = None if best is None else models[best[1]]
            return self._newest[key]

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        provider: str | None = None,
        limit: int = 20,
        filters: ModelFilter | None = None,
        sort: SortOrder = "relevance",
    ) -> list[ModelInfo]:
        """Models matching ``query`` (fuzzy; typos welcome), best first, at most ``limit``.

        An empty query lists every model that passes ``filters``, makers and newest first.
        """
        request = _Query(
            text=normalize_query(query),
            provider=None if provider is None else normalize_provider_id(provider),
            limit=limit,
            filters=filters or ModelFilter(),
            sort=sort,
        )
        started = time.perf_counter()
        with self._lock:
            self.stats.searches += 1
            cached = self._search_cache.get(request)
            if cached is not None:
                self.stats.search_cache_hits += 1
                return list(cached)
        result = tuple(self._rank(request))
        with self._lock:
            self._search_cache[request] = result
            self.stats.search_seconds += time.perf_counter() - started
        return list(result)

    def _index(self, provider: str | None) -> SearchIndex:
        """The search index over every model, or over one provider's (made from that provider's
        models alone: a completion under one provider of a 100k-model catalog need not wait for
        the whole index), built on first use."""
        with self._lock:
            index = self._indexes.get(provider)
            if index is None:
                if provider is None:
                    models: list[ModelInfo] = []
                    makers: list[bool] = []
                    for p in self.providers:
                        models.extend(p.models.values())
                        makers.extend([p.id in FIRST_PARTY_PROVIDERS] * len(p.models))
                else:
                    models, makers = self._groups().get(provider, ([], []))
                tables = self.search_tables if provider is None else None
                stored = None if tables is None else tables.decoded_for(models, makers)
                index = self._indexes[provider] = SearchIndex(models, makers, stored)
            return index

    def _groups(self) -> dict[str, tuple[list[ModelInfo], list[bool]]]:
        """Provider key -> its models (by each model's own provider id, as search scopes them)
        and whether their provider makes them, in catalog order; grouped in one pass."""
        if self._grouped is None:
            keys: dict[str, str] = {}
            grouped: dict[str, tuple[list[ModelInfo], list[bool]]] = {}
            for p in self.providers:
                maker = p.id in FIRST_PARTY_PROVIDERS
                for model in p.models.values():
                    key = keys.get(model.provider_id)
                    if key is None:
                        key = keys[model.provider_id] = normalize_provider_id(model.provider_id)
                    models, makers = grouped.setdefault(key, ([], []))
                    models.append(model)
                    makers.append(maker)
            self._grouped = grouped
        return self._grouped

    def _rank(self, request: _Query) -> list[ModelInfo]:
        filters = request.filters
        accept = None if filters == _ANYTHING else filters.matches
        index = self._index(request.provider)
        return index.rank(request.text, request.limit, accept, _ORDERS.get(request.sort))


def _overlay(known: ProviderInfo, extra: ProviderInfo) -> ProviderInfo:
    return replace(
        known,
        name=extra.name if extra.name != extra.id else known.name,
        env=extra.env or known.env,
        npm=extra.npm or known.npm,
        doc=extra.doc or known.doc,
        api=extra.api or known.api,
        models=MappingProxyType({**known.models, **extra.models}),
    )


def _by_price(model: ModelInfo, relevance: tuple[object, ...]) -> tuple[object, ...]:
    price = model.cost.input if model.cost and model.cost.input is not None else float("inf")
    return (price, *relevance)


def _by_context(model: ModelInfo, relevance: tuple[object, ...]) -> tuple[object, ...]:
    return (-(model.limit.context or 0), *relevance)


def _by_recency(model: ModelInfo, relevance: tuple[object, ...]) -> tuple[object, ...]:
    return (recency(model), *relevance)


_ORDERS: dict[str, Order] = {"price": _by_price, "context": _by_context, "recent": _by_recency}
"""Sort orders other than relevance, each once (the index keeps a listing per order)."""
_ANYTHING = ModelFilter()
