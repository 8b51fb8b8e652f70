"""Human-readable figures, the same in the editor and the terminal: ``$0.15``, ``128K``."""

from __future__ import annotations

from modelforge_lsp.catalog.models import ModelInfo

__all__ = ["format_price", "format_tokens", "price_summary"]


def format_price(value: float | None) -> str:
    """Dollars with cents (``$0.60``), more digits only where they matter (``$0.1875``)."""
    if value is None:
        return "-"
    if round(value, 2) == value:
        return f"${value:,.2f}"
    whole, _, fraction = _fixed_point(value).partition(".")
    return f"${int(whole):,}.{fraction}"


def _fixed_point(value: float) -> str:
    """``repr(value)`` (the shortest decimal that reads back as ``value``) without an exponent:
    ``1.5e-07`` -> ``0.00000015``. What ``decimal`` gives too, without its import."""
    text = repr(value)
    mantissa, exponent_sign, exponent = text.partition("e")
    if not exponent_sign:
        return text
    sign, mantissa = ("-", mantissa[1:]) if mantissa.startswith("-") else ("", mantissa)
    whole, _, fraction = mantissa.partition(".")
    digits, point = whole + fraction, len(whole) + int(exponent)
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def format_tokens(tokens: int | None) -> str:
    """A token count the way people write it: ``16K``, ``64K``, ``128K``, ``200K``, ``1M``;
    ``-`` when unknown.

    Limits come in two traditions. Decimal ones (128000, 200000, 1000000) are written as they
    are (128K, 200K, 1M), binary ones (16384, 65536, 131072, 1048576) as their KiB/MiB counts
    (16K, 64K, 128K, 1M); anything else is rounded to three significant figures (262144 ->
    262K, 1048000 -> 1.05M). Above 128K a multiple of 1024 that is not a whole MiB reads as
    decimal (262144 is sold as "262K" beside 262000's "262K"), so two limits that round alike
    read alike, never "262.1k" next to "262k".
    """
    if not tokens or tokens < 0:
        return "-"
    decimal = tokens % 1000 == 0  # 128000 is 125 KiB, but sold as 128K
    if tokens % _MIB == 0 and not decimal:
        return f"{tokens // _MIB}M"
    if tokens % _KIB == 0 and tokens <= _BINARY_UP_TO and not decimal:
        return f"{tokens // _KIB}K"
    if tokens < 1000:
        return str(tokens)
    if tokens < 999_500:
        return f"{_three_figures(tokens / 1000)}K"
    return f"{_three_figures(tokens / 1_000_000)}M"


_KIB = 1024
_MIB = 1024 * 1024
_BINARY_UP_TO = 128 * _KIB


def _three_figures(value: float) -> str:
    """``262.144`` -> ``262``, ``1.048`` -> ``1.05``, ``12.288`` -> ``12.3``, ``1.5`` -> ``1.5``."""
    return f"{value:.3g}"


def price_summary(model: ModelInfo) -> str:
    """One line for completion details and inlay hints: ``$0.15 / $0.60 per 1M · 128K ctx``."""
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
