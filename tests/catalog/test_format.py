"""Figures as people read them."""

from __future__ import annotations

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
    ("tokens", "text"),
    [
        (None, "-"),
        (0, "-"),
        (512, "512"),
        (8192, "8.192k"),
        (128000, "128k"),
        (1048576, "1.05M"),
        (2_000_000, "2M"),
    ],
)
def test_format_tokens(tokens: int | None, text: str) -> None:
    assert format_tokens(tokens) == text


def test_price_summary() -> None:
    model = ModelInfo(
        "openai", "m", "M", cost=Cost(input=0.15, output=0.6), limit=Limits(context=128000)
    )
    assert price_summary(model) == "$0.15 / $0.60 per 1M · 128k ctx"
    assert price_summary(ModelInfo("p", "x", "X", status="deprecated")) == "deprecated"
