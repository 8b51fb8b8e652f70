"""Why a model costs $0, and ``--paid`` to leave such models out of ``search``.

"The cheapest model with tool calls and 128K+ context" used to be answered by free tiers and
subscription seats; now each $0 row says which it is and ``--paid`` answers the question.
"""

from __future__ import annotations

import json

import pytest

from modelforge_lsp.catalog import ModelInfo
from modelforge_lsp.catalog.models import Cost
from modelforge_lsp.catalog.zero_cost import zero_cost_reason
from tests.cli.conftest import RunCli


@pytest.mark.parametrize(
    ("provider", "reason"),
    [
        pytest.param("github-copilot", "subscription", id="copilot"),
        pytest.param("gitlab", "subscription", id="gitlab-duo"),
        pytest.param("zai-coding-plan", "subscription", id="coding-plan"),
        pytest.param("lmstudio", "local", id="local-runtime"),
        pytest.param("openrouter", "free_tier", id="free-tier"),
    ],
)
def test_zero_cost_reasons(provider: str, reason: str) -> None:
    model = ModelInfo(provider, "m", "M", cost=Cost(input=0.0, output=0.0))
    assert zero_cost_reason(model) == reason
    assert zero_cost_reason(ModelInfo(provider, "m", "M", cost=Cost(input=0.1))) is None
    assert zero_cost_reason(ModelInfo(provider, "m", "M")) is None  # no price is not $0


@pytest.mark.parametrize("flag", ["--paid", "--exclude-free"])
def test_paid_answers_the_cheapest_question(run_cli: RunCli, flag: str) -> None:
    args = ("-c", "tools", "--min-context", "128000", "--sort", "price", "-n", "10")
    everything = json.loads(run_cli("--offline", "search", *args, "--json").out)
    assert everything[0]["cost"]["input"] == 0 and everything[0]["zero_cost"]
    result = run_cli("--offline", "search", *args, flag, "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert len(rows) == 10
    assert all(row["cost"]["input"] > 0 and row["zero_cost"] is None for row in rows)
    assert [row["cost"]["input"] for row in rows] == sorted(row["cost"]["input"] for row in rows)


def test_the_row_says_why(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "-p", "github-copilot", "-n", "3")
    assert result.code == 0, result.err
    rows = result.out.splitlines()[1:]
    assert rows and all("$0 sub" in row for row in rows)
    assert "$0 sub: paid by a subscription" in result.err and "--paid" in result.err
    rows_json = json.loads(run_cli("--offline", "search", "-p", "github-copilot", "--json").out)
    assert {row["zero_cost"] for row in rows_json} == {"subscription"}


def test_info_and_compare_say_why(run_cli: RunCli) -> None:
    card = run_cli("--offline", "info", "github-copilot", "gpt-4.1")
    assert card.code == 0, card.err
    assert "why $0" in card.out and "paid by a subscription" in card.out
    record = json.loads(run_cli("--offline", "info", "github-copilot/gpt-4.1", "--json").out)
    assert record["zero_cost"] == "subscription"
    table = run_cli("--offline", "compare", "github-copilot/gpt-4.1", "openai/gpt-4.1")
    [row] = [line for line in table.out.splitlines() if line.startswith("why $0")]
    assert "subscription" in row
    paid = run_cli("--offline", "compare", "openai/gpt-4.1", "openai/gpt-4o")
    assert "why $0" not in paid.out


def test_compare_does_not_call_a_subscription_the_cheapest(run_cli: RunCli) -> None:
    args = ("github-copilot/gpt-4.1", "openai/gpt-4.1", "openai/gpt-4o", "--json")
    best = json.loads(run_cli("--offline", "compare", *args).out)["best"]
    assert best["cost.input"] == ["openai/gpt-4.1"] and best["cost.output"] == ["openai/gpt-4.1"]
