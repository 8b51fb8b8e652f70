"""``catalog.tiers``: models.dev's two spellings of long-prompt prices, read as data."""

from __future__ import annotations

from typing import Any

import pytest

from modelforge_lsp.catalog.models import catalog_to_json, parse_catalog
from modelforge_lsp.catalog.tiers import PriceTier, parse_tiers, prices_at, tiers_to_json


def _tiers(cost: dict[str, Any]) -> tuple[tuple[PriceTier, ...], list[str]]:
    dropped: list[str] = []
    return parse_tiers(cost, dropped), dropped


def test_both_spellings_give_one_tier() -> None:
    prices = {"input": 2.5, "output": 15.0}
    listed = {"tiers": [{**prices, "tier": {"type": "context", "size": 200_000}}]}
    over = {"context_over_200k": prices}
    assert _tiers(listed) == _tiers(over) == ((PriceTier(200_000, 2.5, 15.0),), [])
    both, dropped = _tiers({**listed, "context_over_200k": {"input": 9.0}})
    assert both == (PriceTier(200_000, 2.5, 15.0),) and not dropped


def test_tiers_are_sorted_by_threshold() -> None:
    tiers, _ = _tiers(
        {
            "tiers": [
                {"input": 3.0, "tier": {"type": "context", "size": 1_000_000}},
                {"input": 2.0, "tier": {"type": "context", "size": 128_000}},
            ]
        }
    )
    assert [tier.above for tier in tiers] == [128_000, 1_000_000]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param({"tiers": "x"}, "cost.tiers' should be a list", id="not-a-list"),
        pytest.param({"tiers": [3]}, "cost.tiers[0]' should be an object", id="not-an-object"),
        pytest.param(
            {"tiers": [{"input": 1.0, "tier": {"type": "time", "size": 5}}]},
            "not a context tier",
            id="unknown-type",
        ),
        pytest.param(
            {"tiers": [{"input": 1.0, "tier": {"type": "context", "size": -5}}]},
            "not a token count",
            id="negative-size",
        ),
        pytest.param(
            {"tiers": [{"input": 1.0, "tier": {"type": "context", "size": True}}]},
            "not a token count",
            id="boolean-size",
        ),
        pytest.param({"context_over_200k": 7}, "should be an object", id="over-not-an-object"),
    ],
)
def test_a_tier_worded_otherwise_is_dropped_alone(raw: dict[str, Any], reason: str) -> None:
    tiers, dropped = _tiers(raw)
    assert tiers == ()
    assert len(dropped) == 1 and reason in dropped[0], dropped


def test_a_bad_price_in_a_tier_is_dropped_and_the_tier_kept() -> None:
    tiers, dropped = _tiers(
        {"tiers": [{"input": float("nan"), "output": 4.0, "tier": {"type": "context", "size": 9}}]}
    )
    assert tiers == (PriceTier(9, None, 4.0),)
    assert len(dropped) == 1 and "cost.tiers[0].input" in dropped[0]


def test_tiers_survive_the_round_trip_through_the_cache_shape() -> None:
    tiers = (PriceTier(128_000, 2.0, 8.0, 0.5), PriceTier(1_000_000, 4.0))
    raw = {
        "p": {
            "id": "p",
            "name": "P",
            "models": {
                "m": {"id": "m", "name": "M", "cost": {"input": 1, "tiers": tiers_to_json(tiers)}}
            },
        }
    }
    parsed = parse_catalog(raw)
    model = parsed.providers[0].models["m"]
    assert model.cost is not None and model.cost.tiers == tiers
    assert parse_catalog(catalog_to_json(parsed.providers)) == parsed


def test_prices_at_picks_the_tier_and_fills_in_the_base() -> None:
    base = {"input": 1.0, "output": 4.0, "cache_read": 0.1}
    tiers = (PriceTier(100, input=2.0),)
    assert prices_at(base, tiers, 100).tier is None
    over = prices_at(base, tiers, 101)
    assert (over.input, over.output, over.cache_read, over.tier) == (2.0, 4.0, 0.1, 100)


def test_the_bundled_catalog_keeps_gemini_pros_tier() -> None:
    from modelforge_lsp.catalog.snapshot import load_snapshot

    google = {p.id: p for p in load_snapshot().catalog.providers}["google"]
    cost = google.models["gemini-2.5-pro"].cost
    assert cost is not None and cost.tiers and cost.tiers[0].above == 200_000
    assert cost.tiers[0].input is not None and cost.input is not None
    assert cost.tiers[0].input > cost.input
