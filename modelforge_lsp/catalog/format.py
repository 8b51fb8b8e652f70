"""Human-readable figures, the same in the editor and the terminal: ``$0.15``, ``128k``."""

from __future__ import annotations

from decimal import Decimal

from modelforge_lsp.catalog.models import ModelInfo

__all__ = ["format_price", "format_tokens", "price_summary"]


def format_price(value: float | None) -> str:
    """Dollars with cents (``$0.60``), more digits only where they matter (``$0.1875``)."""
    if value is None:
        return "-"
    if round(value, 2) == value:
        return f"${value:,.2f}"
    plain = format(Decimal(repr(value)).normalize(), "f")  # never an exponent: $0.00000015
    whole, _, fraction = plain.partition(".")
    return f"${int(whole):,}.{fraction}"


def format_tokens(tokens: int | None) -> str:
    """``128000`` -> ``128k``, ``1048576`` -> ``1.05M``; ``-`` when unknown."""
    if not tokens:
        return "-"
    if tokens >= 1_000_000:
        return f"{tokens / 1_000_000:.3g}M"
    return f"{tokens / 1000:.4g}k" if tokens >= 1000 else str(tokens)


def price_summary(model: ModelInfo) -> str:
    """One line for completion details and inlay hints: ``$0.15 / $0.60 per 1M · 128k ctx``."""
    parts = []
    cost = model.cost
    if cost is not None and (cost.input is not None or cost.output is not None):
        parts.append(f"{format_price(cost.input)} / {format_price(cost.output)} per 1M")
    if model.limit.context:
        parts.append(f"{format_tokens(model.limit.context)} ctx")
    if model.is_deprecated:
        parts.append("deprecated")
    elif model.status:
        parts.append(model.status)
    return " · ".join(parts)
