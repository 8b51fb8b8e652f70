"""Figures as people read them."""

from __future__ import annotations

import math
import random
import struct
from decimal import Decimal

import pytest

from modelforge_lsp.catalog import Cost, Limits, ModelInfo
from modelforge_lsp.catalog.format import format_price, format_tokens, price_summary


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "-"),
        (0, "$0.00"),
        (0.6, "$0.60"),
        (15, "$15.00"),
        (0.1875, "$0.1875"),
        (1250, "$1,250.00"),
    ],
)
def test_format_price(value: float | None, text: str) -> None:
    assert format_price(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.5e-07, "$0.00000015"), (1e-05, "$0.00001"), (1.25e-05, "$0.0000125"), (0.075, "$0.075")],
)
def test_tiny_prices_have_no_exponent(value: float, text: str) -> None:
    assert format_price(value) == text


def _decimal_price(value: float) -> str:
    """How prices were written with ``decimal`` (now without its import)."""
    if round(value, 2) == value:
        return f"${value:,.2f}"
    whole, _, fraction = format(Decimal(repr(value)).normalize(), "f").partition(".")
    return f"${int(whole):,}.{fraction}"


def test_prices_read_as_decimal_wrote_them() -> None:
    rng = random.Random(7)
    values = [rng.random() * 10 ** rng.randint(-12, 6) for _ in range(20_000)]
    values += [struct.unpack("d", rng.randbytes(8))[0] for _ in range(20_000)]
    for value in filter(math.isfinite, values):
        assert format_price(value) == _decimal_price(value), repr(value)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (None, "-"),
        (0, "-"),
        (-5, "-"),
        (512, "512"),
        pytest.param(8192, "8K", id="binary-8K"),
        pytest.param(16384, "16K", id="binary-16K"),
        pytest.param(65536, "64K", id="binary-64K"),
        pytest.param(131072, "128K", id="binary-128K"),
        pytest.param(1048576, "1M", id="binary-1M"),
        pytest.param(128000, "128K", id="decimal-128K-not-125-KiB"),
        pytest.param(200000, "200K", id="decimal-200K"),
        pytest.param(1_000_000, "1M", id="decimal-1M"),
        pytest.param(2_000_000, "2M", id="decimal-2M"),
        pytest.param(262144, "262K", id="beside-262000"),
        pytest.param(262000, "262K", id="beside-262144"),
        pytest.param(163840, "164K", id="rounded-above-128K"),
        pytest.param(1500, "1.5K", id="rounded-small"),
        pytest.param(1_050_000, "1.05M", id="rounded-millions"),
        pytest.param(999_999, "1M", id="rounds-up-to-1M"),
    ],
)
def test_format_tokens(tokens: int | None, text: str) -> None:
    assert format_tokens(tokens) == text


def test_price_summary() -> None:
    model = ModelInfo(
        "openai", "m", "M", cost=Cost(input=0.15, output=0.6), limit=Limits(context=128000)
    )
    assert price_summary(model) == "$0.15 / $0.60 per 1M · 128K ctx"
    assert price_summary(ModelInfo("p", "x", "X", status="deprecated")) == "deprecated"
