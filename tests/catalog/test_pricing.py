"""``workload_cost``: the price of N requests of so many input and output tokens."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Cost, ModelInfo, workload_cost


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
