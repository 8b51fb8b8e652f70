"""What a workload costs on a model: tokens times the catalog's price per million tokens.

``modelforge compare --input-tokens --output-tokens --requests`` prices the same workload on
each model. The arithmetic lives here, not in the CLI, so the editor can show the same figure.
A price models.dev does not give makes that part of the cost unknown (``None``) rather than
free -- unless no tokens of that kind are asked for, which costs nothing on any model.

Long prompts are priced by the model's tier (``catalog.tiers``: Gemini 2.5 Pro's input costs
twice as much past 200K tokens), and a request the model cannot take -- more tokens than its
context window, or more out than its output limit -- is priced all the same but marked, so a
comparison never quietly prices the impossible.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelforge_lsp.catalog.format import format_tokens
from modelforge_lsp.catalog.models import ModelInfo
from modelforge_lsp.catalog.tiers import prices_at

__all__ = ["TOKENS_PER_PRICE_UNIT", "WorkloadCost", "over_limits", "workload_cost"]

TOKENS_PER_PRICE_UNIT = 1_000_000
"""models.dev prices are US dollars per this many tokens."""


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """US dollars for ``requests`` requests of ``input_tokens`` in and ``output_tokens`` out each.

    ``input`` and ``output`` are totals over all requests; ``None`` where the price is unknown.
    ``tier`` is the threshold of the long-prompt tier whose prices applied (``None``: the base
    prices); ``over_limits`` names each limit one request exceeds (``"context 128K"``).
    """

    input_tokens: int
    output_tokens: int
    requests: int
    input: float | None
    output: float | None
    tier: int | None = None
    over_limits: tuple[str, ...] = ()

    @property
    def total(self) -> float | None:
        """Input plus output, or ``None`` if either is unknown."""
        if self.input is None or self.output is None:
            return None
        return self.input + self.output

    @property
    def per_request(self) -> float | None:
        total = self.total
        return None if total is None or self.requests == 0 else total / self.requests


def _part(tokens: int, requests: int, price: float | None) -> float | None:
    if tokens == 0 or requests == 0:
        return 0.0
    if price is None:
        return None
    return price * tokens * requests / TOKENS_PER_PRICE_UNIT


def workload_cost(
    model: ModelInfo, input_tokens: int, output_tokens: int, requests: int = 1
) -> WorkloadCost:
    """Price ``requests`` requests of ``input_tokens`` in / ``output_tokens`` out on ``model``.

    Raises ``ValueError`` for a negative count.
    """
    if min(input_tokens, output_tokens, requests) < 0:
        raise ValueError("token and request counts must not be negative")
    cost = model.cost
    prices = None
    if cost is not None:
        base = {"input": cost.input, "output": cost.output}
        prices = prices_at(base, cost.tiers, input_tokens)
    return WorkloadCost(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        requests=requests,
        input=_part(input_tokens, requests, None if prices is None else prices.input),
        output=_part(output_tokens, requests, None if prices is None else prices.output),
        tier=None if prices is None else prices.tier,
        over_limits=over_limits(model, input_tokens, output_tokens),
    )


def over_limits(model: ModelInfo, input_tokens: int, output_tokens: int) -> tuple[str, ...]:
    """The limits of ``model`` that one request of these sizes exceeds, each with its figure
    (``"context 128K"``, ``"input 200K"``, ``"output 8K"``); empty when it fits or the catalog
    gives no limits."""
    limit = model.limit
    checks = (
        ("context", limit.context, input_tokens + output_tokens),
        ("input", limit.input, input_tokens),
        ("output", limit.output, output_tokens),
    )
    return tuple(
        f"{name} {format_tokens(cap)}" for name, cap, asked in checks if cap and asked > cap
    )
