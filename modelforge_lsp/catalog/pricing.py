"""What a workload costs on a model: tokens times the catalog's price per million tokens.

``modelforge compare --input-tokens --output-tokens --requests`` prices the same workload on
each model. The arithmetic lives here, not in the CLI, so the editor can show the same figure.
A price models.dev does not give makes that part of the cost unknown (``None``) rather than
free -- unless no tokens of that kind are asked for, which costs nothing on any model.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelforge_lsp.catalog.models import ModelInfo

__all__ = ["TOKENS_PER_PRICE_UNIT", "WorkloadCost", "workload_cost"]

TOKENS_PER_PRICE_UNIT = 1_000_000
"""models.dev prices are US dollars per this many tokens."""


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """US dollars for ``requests`` requests of ``input_tokens`` in and ``output_tokens`` out each.

    ``input`` and ``output`` are totals over all requests; ``None`` where the price is unknown.
    """

    input_tokens: int
    output_tokens: int
    requests: int
    input: float | None
    output: float | None

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
    return WorkloadCost(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        requests=requests,
        input=_part(input_tokens, requests, None if cost is None else cost.input),
        output=_part(output_tokens, requests, None if cost is None else cost.output),
    )
