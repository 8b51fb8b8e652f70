"""Tiered prices: what a model costs once a request's prompt is long.

Several providers charge more per token for a long prompt: Gemini 2.5 Pro's input is $1.25 per
million tokens up to 200K tokens of context and $2.50 beyond, for the whole request. models.dev
says so in two spellings inside a model's ``cost``: ``context_over_200k`` (an object of prices)
and ``tiers`` (a list of ``{"input": …, "output": …, "tier": {"type": "context", "size": N}}``).
Both become ``PriceTier`` values here, sorted by threshold; ``prices_at`` picks the one a request
falls in. A tier models.dev words differently (an unknown ``type``, no positive ``size``) or a
price that is not a finite, non-negative number is dropped alone, with the reason, like every
other figure (``catalog.fields``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelforge_lsp.catalog.fields import figures

__all__ = ["TIER_FIELDS", "PriceTier", "Prices", "parse_tiers", "prices_at", "tiers_to_json"]

TIER_FIELDS = ("input", "output", "cache_read", "cache_write")
"""The prices a tier can replace (models.dev's tiers give no others)."""

_OVER_200K = 200_000
_MAX_TIERS = 16


@dataclass(frozen=True, slots=True)
class PriceTier:
    """Prices per million tokens for a request whose prompt is longer than ``above`` tokens;
    ``None`` where the tier gives no figure (the base price then applies)."""

    above: int
    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None


@dataclass(frozen=True, slots=True)
class Prices:
    """The prices that apply to one request; ``tier`` is the threshold of the tier used, or
    ``None`` for the base prices."""

    input: float | None
    output: float | None
    cache_read: float | None
    cache_write: float | None
    tier: int | None = None


def _tier(raw: Any, where: str, dropped: list[str]) -> PriceTier | None:
    if not isinstance(raw, dict):
        dropped.append(f"field '{where}' should be an object; the tier was dropped")
        return None
    spec = raw.get("tier")
    if not isinstance(spec, dict) or spec.get("type") != "context":
        dropped.append(f"field '{where}.tier' is not a context tier; the tier was dropped")
        return None
    size = spec.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size < 10**12:
        dropped.append(f"field '{where}.tier.size' is not a token count; the tier was dropped")
        return None
    values = figures({where: raw}, where, TIER_FIELDS, dropped) or {}
    return PriceTier(size, **values)


def parse_tiers(cost: Mapping[str, Any], dropped: list[str]) -> tuple[PriceTier, ...]:
    """The tiers of one model's ``cost`` object, by threshold; the first of two at one
    threshold wins (``tiers`` before ``context_over_200k``)."""
    found: list[PriceTier] = []
    listed = cost.get("tiers")
    if isinstance(listed, list):
        for at, raw in enumerate(listed[:_MAX_TIERS]):
            if (tier := _tier(raw, f"cost.tiers[{at}]", dropped)) is not None:
                found.append(tier)
    elif listed is not None:
        dropped.append("field 'cost.tiers' should be a list; the tiers were dropped")
    over = cost.get("context_over_200k")
    if over is not None:
        spec = (
            {**over, "tier": {"type": "context", "size": _OVER_200K}}
            if isinstance(over, dict)
            else over
        )
        if (tier := _tier(spec, "cost.context_over_200k", dropped)) is not None:
            found.append(tier)
    by_threshold: dict[int, PriceTier] = {}
    for tier in found:
        by_threshold.setdefault(tier.above, tier)
    return tuple(sorted(by_threshold.values(), key=lambda tier: tier.above))


def tiers_to_json(tiers: tuple[PriceTier, ...]) -> list[dict[str, Any]]:
    """models.dev's ``tiers`` list for ``tiers``; ``parse_tiers`` reads it back unchanged."""
    return [
        {
            **{
                name: getattr(tier, name) for name in TIER_FIELDS if getattr(tier, name) is not None
            },
            "tier": {"type": "context", "size": tier.above},
        }
        for tier in tiers
    ]


def prices_at(
    base: Mapping[str, float | None], tiers: tuple[PriceTier, ...], prompt_tokens: int
) -> Prices:
    """The prices for a request of ``prompt_tokens`` tokens in: those of the highest tier it is
    over, each price the tier lacks taken from ``base`` (keys of ``TIER_FIELDS``)."""
    tier = next((t for t in reversed(tiers) if prompt_tokens > t.above), None)
    values = {
        name: base.get(name) if tier is None or getattr(tier, name) is None else getattr(tier, name)
        for name in TIER_FIELDS
    }
    return Prices(**values, tier=None if tier is None else tier.above)
