"""``workload_cost``: the price of N requests of so many input and output tokens."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Cost, Limits, ModelInfo, workload_cost
from modelforge_lsp.catalog.tiers import PriceTier


def _model(cost: Cost | None) -> ModelInfo:
    return ModelInfo(provider_id="p", id="m", name="M", cost=cost)


@pytest.mark.parametrize(
    ("cost", "tokens", "expected"),
    [
        pytest.param(
            Cost(input=0.15, output=0.6), (1_000_000, 1_000_000, 1), (0.15, 0.6, 0.75),
            id="one-million-each-is-the-list-price",
        ),
        pytest.param(
            Cost(input=2.5, output=10.0), (2000, 500, 10_000), (50.0, 50.0, 100.0),
            id="per-request-tokens-times-requests",
        ),
        pytest.param(
            Cost(input=0.0, output=0.0), (5000, 5000, 3), (0.0, 0.0, 0.0), id="free-model",
        ),
        pytest.param(
            Cost(input=3.0, output=None), (1000, 1000, 1), (0.003, None, None),
            id="unknown-output-price-makes-the-total-unknown",
        ),
        pytest.param(
            Cost(input=3.0, output=None), (1000, 0, 1), (0.003, 0.0, 0.003),
            id="no-output-tokens-cost-nothing-even-without-a-price",
        ),
        pytest.param(None, (1000, 1000, 1), (None, None, None), id="no-prices-at-all"),
        pytest.param(None, (0, 0, 1), (0.0, 0.0, 0.0), id="empty-workload"),
    ],
)  # fmt: skip
def test_workload_cost(
    cost: Cost | None,
    tokens: tuple[int, int, int],
    expected: tuple[float | None, float | None, float | None],
) -> None:
    result = workload_cost(_model(cost), *tokens)
    got = (result.input, result.output, result.total)
    assert got == pytest.approx(expected)
    assert (result.input_tokens, result.output_tokens, result.requests) == tokens


def test_per_request_divides_the_total() -> None:
    result = workload_cost(_model(Cost(input=1.0, output=2.0)), 1000, 1000, requests=4)
    assert result.total == pytest.approx(0.012)
    assert result.per_request == pytest.approx(0.003)
    assert workload_cost(_model(Cost(input=1.0)), 1, 1).per_request is None


def test_zero_requests_cost_nothing() -> None:
    result = workload_cost(_model(Cost(input=1.0, output=2.0)), 1000, 1000, requests=0)
    assert result.total == 0.0 and result.per_request is None


@pytest.mark.parametrize("tokens", [(-1, 0, 1), (0, -1, 1), (0, 0, -1)])
def test_negative_counts_are_refused(tokens: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="negative"):
        workload_cost(_model(Cost(input=1.0, output=1.0)), *tokens)


GEMINI_PRO = Cost(
    input=1.25,
    output=10.0,
    tiers=(PriceTier(above=200_000, input=2.5, output=15.0),),
)


@pytest.mark.parametrize(
    ("input_tokens", "expected_input", "expected_output", "tier"),
    [
        pytest.param(200_000, 0.25, 0.01, None, id="at-the-threshold-the-base-price"),
        pytest.param(200_001, 200_001 * 2.5e-6, 0.015, 200_000, id="one-over-the-tier-price"),
        pytest.param(1_000_000, 2.5, 0.015, 200_000, id="gemini-pro-1m-in"),
    ],
)
def test_a_long_prompt_is_priced_by_its_tier(
    input_tokens: int, expected_input: float, expected_output: float, tier: int | None
) -> None:
    result = workload_cost(_model(GEMINI_PRO), input_tokens, 1000)
    assert (result.input, result.output) == pytest.approx((expected_input, expected_output))
    assert result.tier == tier


def test_a_tier_without_a_price_keeps_the_base_one() -> None:
    cost = Cost(input=1.0, output=4.0, tiers=(PriceTier(above=10, input=2.0),))
    result = workload_cost(_model(cost), 1_000_000, 1_000_000)
    assert (result.input, result.output) == pytest.approx((2.0, 4.0))


def test_the_highest_tier_a_prompt_is_over_applies() -> None:
    tiers = (PriceTier(above=100, input=2.0), PriceTier(above=1000, input=3.0))
    cost = Cost(input=1.0, output=1.0, tiers=tiers)
    assert workload_cost(_model(cost), 500, 0).tier == 100
    assert workload_cost(_model(cost), 5000, 0).tier == 1000


@pytest.mark.parametrize(
    ("limits", "tokens", "expected"),
    [
        pytest.param(Limits(context=128_000), (1_000_000, 1000), ("context 128K",), id="context"),
        pytest.param(
            Limits(context=128_000, output=16_384), (1000, 20_000), ("output 16K",), id="output"
        ),
        pytest.param(
            Limits(context=400_000, input=272_000), (300_000, 0), ("input 272K",), id="input"
        ),
        pytest.param(Limits(context=128_000, output=16_384), (100_000, 16_384), (), id="fits"),
        pytest.param(Limits(), (10**9, 10**9), (), id="no-limits-known"),
    ],
)
def test_a_request_over_a_limit_is_marked(
    limits: Limits, tokens: tuple[int, int], expected: tuple[str, ...]
) -> None:
    model = ModelInfo(provider_id="p", id="m", name="M", cost=Cost(1.0, 1.0), limit=limits)
    assert workload_cost(model, *tokens).over_limits == expected
