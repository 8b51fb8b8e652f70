"""From what a user asked for to a catalog model: checked choices and recommendations.

``choose_model`` checks what a user typed against the catalog (``catalog.lookup``, so with the
same did-you-mean as every other front), and ``recommend`` ranks models for a use case, giving
the reasons a person would ask for. The provider block either of them leads to is
``config.language.templates.provider_template``'s.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, get_args

from modelforge_lsp.catalog import Capability, Catalog, ModelFilter, ModelInfo, lookup
from modelforge_lsp.catalog.format import format_price, format_tokens
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.config.language import (
    LOCAL_LLM_TYPES,
    RuntimeProvider,
    provider_template,
    runtime_provider,
)
from modelforge_lsp.errors import ModelNotFound

__all__ = [
    "USE_CASES",
    "ModelChoice",
    "Recommendation",
    "UseCase",
    "blended_price",
    "choose_model",
    "recommend",
]

# -- the model a user asked for ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """What ``config add`` writes: the provider key (the runtime's spelling), the model id, the
    provider's block and the catalog entry (``None``: not checked against the catalog)."""

    provider_key: str
    model_id: str
    template: RuntimeProvider
    model: ModelInfo | None
    known: bool = True
    """``False``: neither the catalog nor the runtime table knows the provider (a gateway)."""

    @property
    def local(self) -> bool:
        """A local runtime (ollama): its models are whatever the user pulled."""
        return self.template.llm_type in LOCAL_LLM_TYPES


def choose_model(
    catalog: Catalog, provider: str, model: str, *, force: bool = False
) -> ModelChoice:
    """Check ``provider``/``model`` against the catalog; the catalog's spelling wins.

    A local runtime (``ollama``) is taken as given: its models are the ones the user pulled.
    Raises ``ModelNotFound`` (``kind``: provider or model) with did-you-mean suggestions for an
    unknown provider or model, unless ``force`` (a gateway the catalog does not list, a model
    released yesterday).
    """
    known = runtime_provider(provider, catalog)
    if known is not None and known.llm_type in LOCAL_LLM_TYPES:
        return ModelChoice(known.key, model, known, None)
    try:
        info = lookup(catalog, provider)
    except ModelNotFound:
        if force:
            gateway = provider_template(provider, catalog)
            return ModelChoice(gateway.key, model, gateway, None, known=False)
        raise
    template = provider_template(info.id, catalog)
    try:
        found = lookup(catalog, info.id, model)
    except ModelNotFound:
        if force:
            return ModelChoice(template.key, model, template, None)
        raise
    return ModelChoice(template.key, found.id, template, found)


# -- recommendations -----------------------------------------------------------------------------

UseCase = Literal["coding", "chat", "vision", "cheap", "long-context", "reasoning"]
USE_CASES: tuple[UseCase, ...] = get_args(UseCase)


@dataclass(frozen=True, slots=True)
class _Profile:
    required: frozenset[Capability]
    preferred: tuple[Capability, ...]
    min_context: int
    price: float
    recency: float
    context: float
    capability: float


_PROFILES: dict[UseCase, _Profile] = {
    "coding": _Profile(frozenset({"tool_call"}), ("reasoning", "structured_output"), 64_000,
                       price=0.2, recency=0.3, context=0.2, capability=0.3),
    "chat": _Profile(frozenset(), ("tool_call", "vision"), 16_000,
                     price=0.4, recency=0.35, context=0.1, capability=0.15),
    "vision": _Profile(frozenset({"vision"}), ("tool_call", "structured_output"), 16_000,
                       price=0.3, recency=0.3, context=0.1, capability=0.3),
    "cheap": _Profile(frozenset(), ("tool_call",), 16_000,
                      price=0.7, recency=0.2, context=0.0, capability=0.1),
    "long-context": _Profile(frozenset(), ("tool_call",), 400_000,
                             price=0.2, recency=0.2, context=0.5, capability=0.1),
    "reasoning": _Profile(frozenset({"reasoning"}), ("tool_call", "structured_output"), 64_000,
                          price=0.15, recency=0.4, context=0.15, capability=0.3),
}  # fmt: skip

_FIRST_PARTY_BONUS = 0.15
_PRERELEASE_PENALTY = 0.1
_UNKNOWN_PRICE_SCORE = 0.3
_PRICE_CEILING = 60.0
_RECENCY_MONTHS = 24
_CONTEXT_FLOOR, _CONTEXT_CEILING = 8_000, 1_000_000
_NOT_CHAT = re.compile(r"embed|rerank|moderation|tts|transcri|whisper|guard", re.IGNORECASE)
_PREVIEW = re.compile(r"preview|experimental|-exp\b", re.IGNORECASE)
_CAPABILITY_WORDS = {
    "tool_call": "tool calls",
    "reasoning": "reasoning",
    "structured_output": "structured output",
    "vision": "vision",
}


@dataclass(frozen=True, slots=True)
class Recommendation:
    model: ModelInfo
    score: float
    """0..~1.15: the weighted fit to the use case (first-party makers get a bonus)."""
    reasons: tuple[str, ...]


def blended_price(model: ModelInfo) -> float | None:
    """USD per 1M tokens at 3 input : 1 output (a typical chat mix); ``None`` when unknown."""
    cost = model.cost
    if cost is None or cost.input is None or cost.output is None:
        return None
    return (3 * cost.input + cost.output) / 4


def recommend(
    catalog: Catalog,
    use_case: UseCase = "chat",
    budget: float | None = None,
    min_context: int | None = None,
    provider: str | None = None,
    limit: int = 5,
) -> list[Recommendation]:
    """The best ``limit`` models for ``use_case``, best first, each with the reasons for it.

    Every use case is a profile: capabilities a model must have, capabilities that count in its
    favour, a minimum context, and weights for four scores in 0..1 -- price (blended 3:1,
    log-scaled, $0 = 1, $60 and up = 0), recency (release date against the newest model in the
    catalog, 0 after two years), context (log-scaled, 8k = 0, 1M = 1) and the share of preferred
    capabilities present:

    ============  ===========  ==============================  =======  ======================
    use case      must have    counts in favour                min ctx  price/recency/ctx/caps
    ============  ===========  ==============================  =======  ======================
    coding        tool calls   reasoning, structured output    64k      .2 / .3 / .2 / .3
    chat          --           tool calls, vision              16k      .4 / .35 / .1 / .15
    vision        image input  tool calls, structured output   16k      .3 / .3 / .1 / .3
    cheap         --           tool calls                      16k      .7 / .2 / 0 / .1
    long-context  --           tool calls                      400k     .2 / .2 / .5 / .1
    reasoning     reasoning    tool calls, structured output   64k      .15 / .4 / .15 / .3
    ============  ===========  ==============================  =======  ======================

    Always: deprecated models, models without text output and non-chat models (embeddings,
    rerankers, speech) are left out; makers of their models (first-party providers) get a bonus
    and alpha/beta/preview models a penalty; a model offered by several providers, or under a
    ``-latest`` alias beside its dated id, appears once, at its best-scoring entry. ``budget``
    caps the blended price (models without a price are then left out); ``min_context`` raises
    the profile's minimum; ``provider`` restricts the search.
    """
    profile = _PROFILES[use_case]
    floor = max(profile.min_context, min_context or 0)
    newest = max((m.release_date or "" for m in catalog.models()), default="")
    scored = []
    for model in catalog.models(provider, ModelFilter(capabilities=profile.required)):
        price = blended_price(model)
        if not (
            model.is_deprecated
            or "text" not in model.output_modalities
            or _NOT_CHAT.search(model.id)
            or (model.limit.context or 0) < floor
            or (budget is not None and (price is None or price > budget))
        ):
            scored.append(_score(model, profile, price, newest))
    scored.sort(key=lambda r: (-r.score, len(r.model.id), r.model.provider_id, r.model.id))
    picked: list[Recommendation] = []
    seen: set[object] = set()
    for found in scored:
        keys = _identities(found.model)
        if seen.isdisjoint(keys):
            picked.append(found)
            seen.update(keys)
        if len(picked) == limit:
            break
    return picked


def _identities(model: ModelInfo) -> set[object]:
    """What makes two catalog entries one model: the id without a vendor prefix (resellers),
    and, within a provider, the same family, date, price and context (``-latest`` aliases)."""
    keys: set[object] = {model.id.rsplit("/", 1)[-1].lower()}
    if model.family:
        keys.add(
            (model.provider_id, model.family, model.release_date, model.cost, model.limit.context)
        )
    return keys


def _score(model: ModelInfo, profile: _Profile, price: float | None, newest: str) -> Recommendation:
    reasons = [_price_reason(model, price)]
    price_score = (
        _UNKNOWN_PRICE_SCORE
        if price is None
        else max(0.0, 1 - math.log1p(price) / math.log1p(_PRICE_CEILING))
    )
    capabilities = [c for c in (*sorted(profile.required), *profile.preferred) if _has(model, c)]
    if capabilities:
        reasons.append(" + ".join(_CAPABILITY_WORDS.get(c, c) for c in capabilities))
    capability_score = (
        sum(_has(model, c) for c in profile.preferred) / len(profile.preferred)
        if profile.preferred
        else 1.0
    )
    context = model.limit.context or 0
    context_score = min(
        1.0,
        max(0.0, math.log(max(context, 1) / _CONTEXT_FLOOR))
        / math.log(_CONTEXT_CEILING / _CONTEXT_FLOOR),
    )
    reasons.append(f"{format_tokens(context)} context")
    months = _months_between(model.release_date, newest)
    recency_score = 0.0 if months is None else max(0.0, 1 - months / _RECENCY_MONTHS)
    if model.release_date:
        reasons.append(f"released {model.release_date[:7]}")
    score = (
        profile.price * price_score
        + profile.recency * recency_score
        + profile.context * context_score
        + profile.capability * capability_score
    )
    if model.provider_id in FIRST_PARTY_PROVIDERS:
        score += _FIRST_PARTY_BONUS
        reasons.append(f"from the maker ({model.provider_id})")
    prerelease: str | None = model.status if model.status in {"alpha", "beta"} else None
    if prerelease is None and _PREVIEW.search(model.id):
        prerelease = "preview"
    if prerelease is not None:
        score -= _PRERELEASE_PENALTY
        reasons.append(f"{prerelease}: may change")
    else:
        reasons.append("not deprecated")
    return Recommendation(model, round(score, 4), tuple(reasons))


def _price_reason(model: ModelInfo, price: float | None) -> str:
    if price is None or model.cost is None:
        return "price unknown"
    if price == 0:
        return "free (likely rate-limited)"
    return f"{format_price(model.cost.input)}/{format_price(model.cost.output)} per 1M"


def _has(model: ModelInfo, capability: Capability) -> bool:
    return ModelFilter(capabilities=frozenset({capability})).matches(model)


def _months_between(date: str | None, newest: str) -> int | None:
    try:
        year, month = (int(part) for part in (date or "").split("-")[:2])
        last_year, last_month = (int(part) for part in newest.split("-")[:2])
    except ValueError:
        return None
    return max(0, (last_year - year) * 12 + last_month - month)
