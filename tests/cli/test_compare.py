"""``modelforge compare``: side by side, best values marked, workload priced per model."""

from __future__ import annotations

import json
import re

import pytest

from tests.cli.conftest import RunCli

PAIR = ("openai/gpt-4o", "openai/gpt-4o-mini")


def _row(out: str, label: str) -> str:
    """The table line whose label column is ``label``."""
    return next(line for line in out.splitlines() if line.startswith(label + " "))


@pytest.mark.parametrize(
    ("label", "best", "other"),
    [
        pytest.param("input $/1M", "$0.15 *", "$2.50", id="lowest-price"),
        pytest.param("output $/1M", "$0.60 *", "$10.00", id="lowest-output-price"),
        pytest.param("released", "2024-07-18 *", "2024-05-13", id="newest-date"),
    ],
)
def test_best_value_in_each_row_is_marked(
    run_cli: RunCli, label: str, best: str, other: str
) -> None:
    result = run_cli("--offline", "compare", *PAIR)
    assert result.code == 0, result.err
    header = result.out.splitlines()[0]
    assert "openai/gpt-4o" in header and "openai/gpt-4o-mini" in header
    row = _row(result.out, label)
    assert best in row and other in row and f"{other} *" not in row
    assert "* best in its row" in result.out


def test_equal_values_are_not_marked(run_cli: RunCli) -> None:
    result = run_cli("--offline", "compare", *PAIR)
    assert "*" not in _row(result.out, "context tokens")  # both 128k
    assert "*" not in _row(result.out, "tools")  # both yes


def test_capability_rows_mark_yes(run_cli: RunCli) -> None:
    result = run_cli("--offline", "compare", "openai/gpt-4o", "openai/o3-mini")
    assert result.code == 0, result.err
    reasoning = _row(result.out, "reasoning")
    assert "yes *" in reasoning and "no" in reasoning


def test_workload_json(run_cli: RunCli) -> None:
    result = run_cli(
        "--offline", "compare", *PAIR,
        "--input-tokens", "1000000", "--output-tokens", "1000000", "--requests", "2", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    document = json.loads(result.out)
    big, mini = document["models"]
    assert (big["model"], mini["model"]) == ("gpt-4o", "gpt-4o-mini")
    assert big["workload"]["total"] == pytest.approx(25.0)  # 2 x ($2.50 + $10.00)
    work = dict(mini["workload"])
    # 1M in and 1M out is more than either model takes: priced, flagged, nobody's best
    assert (work.pop("tier"), work.pop("over_limits")) == (None, ["context 128K", "output 16K"])
    assert work == pytest.approx(
        {"input_tokens": 1000000, "output_tokens": 1000000, "requests": 2,
         "input": 0.3, "output": 1.2, "total": 1.5, "per_request": 0.75}
    )  # fmt: skip
    assert document["best"]["workload.total"] == []
    assert document["best"]["cost.input"] == ["openai/gpt-4o-mini"]
    assert document["best"]["limit.context"] == []  # a tie is nobody's win


def test_workload_in_the_table(run_cli: RunCli) -> None:
    result = run_cli(
        "--offline", "compare", *PAIR, "--input-tokens", "2000", "--output-tokens", "500",
        "--requests", "10000",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "$100.00" in _row(result.out, "workload total")  # 10k x (2000 x 2.5 + 500 x 10) / 1M
    assert "$6.00 *" in _row(result.out, "workload total")  # 10k x (2000 x .15 + 500 x .6) / 1M
    assert "10,000 requests of 2,000 input + 500 output tokens" in result.out


def test_no_workload_rows_without_token_counts(run_cli: RunCli) -> None:
    result = run_cli("--offline", "compare", *PAIR, "--json")
    assert all("workload" not in record for record in json.loads(result.out)["models"])


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        pytest.param(("openai/gpt-4o",), 2, "at least two", id="one-model"),
        pytest.param((), 2, "Missing argument", id="no-models"),
        pytest.param(("openai/gpt-4o", "openai/gpt-4o-mni"), 1, "'openai/gpt-4o-mini'",
                     id="typo-gets-suggestion"),
        pytest.param(("openai/gpt-4o", "--requests", "0", "openai/gpt-4o-mini"), 2, "--requests",
                     id="bad-option"),
    ],
)  # fmt: skip
def test_errors(run_cli: RunCli, args: tuple[str, ...], code: int, expected: str) -> None:
    result = run_cli("--offline", "compare", *args)
    assert result.code == code and expected in result.err
    assert "Traceback" not in result.err


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("compare", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--input-tokens" in result.out


LONG = ("google/gemini-2.5-pro", "openai/gpt-4o", "openai/gpt-4.1")


def test_a_long_prompt_is_priced_by_the_tier_and_a_misfit_is_flagged(run_cli: RunCli) -> None:
    args = ("--offline", "compare", *LONG, "--input-tokens", "300000", "--output-tokens", "1000")
    result = run_cli(*args, "--json")
    assert result.code == 0, result.err
    gemini, gpt4o, gpt41 = (record["workload"] for record in json.loads(result.out)["models"])
    assert gemini["tier"] == 200_000
    assert gemini["input"] == pytest.approx(0.75)  # 300K x $2.50, not the base $1.25
    assert gemini["over_limits"] == [] and gpt41["over_limits"] == []
    assert gpt4o["over_limits"] == ["context 128K"] and gpt4o["tier"] is None
    best = json.loads(result.out)["best"]["workload.total"]
    assert "openai/gpt-4o" not in best  # it cannot take the request, however cheap

    table = run_cli(*args).out
    assert "no: over context 128K" in _row(table, "request fits")
    assert ">200K" in _row(table, "priced at")
    assert "openai/gpt-4o cannot take one such request" in table


def test_tier_prices_have_rows_of_their_own(run_cli: RunCli) -> None:
    result = run_cli("--offline", "compare", *LONG)
    assert result.code == 0, result.err
    row = _row(result.out, "input >200K $/1M")
    gemini, gpt4o, gpt41 = re.split(r"\s{2,}", row.strip())[-3:]
    assert (gemini, gpt4o) == ("$2.50", "-")  # gpt-4o's 128K context never gets there
    assert gpt41 == "$2.00 *"  # no tier: its base price holds past 200K


def test_a_limit_no_model_states_has_no_row(run_cli: RunCli) -> None:
    result = run_cli("--offline", "compare", *PAIR)
    assert not any(line.startswith("input tokens ") for line in result.out.splitlines())
    assert _row(result.out, "context tokens")
