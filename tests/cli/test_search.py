"""``modelforge search`` through the real entry point, offline on the bundled snapshot."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from modelforge_lsp import __version__
from tests.cli.conftest import RunCli


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.code == 0 and __version__ in result.out


def test_search_json_best_match_first(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "claude sonet 4.5", "-p", "anthropic", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert rows[0]["provider"] == "anthropic" and rows[0]["model"] == "claude-sonnet-4-5"
    assert set(rows[0]) >= {"provider", "model", "name", "cost", "limit", "status"}
    assert "bundled snapshot" in result.err  # the banner says where the data comes from


def test_search_filters_in_the_table(run_cli: RunCli) -> None:
    result = run_cli(
        "--offline", "search", "-p", "openai", "-c", "vision", "--max-price", "1", "--json"
    )
    rows = json.loads(result.out)
    assert rows and all(r["cost"]["input"] <= 1 for r in rows)
    table = run_cli("--offline", "search", "gpt-4o-mini", "-p", "openai", "-n", "3")
    assert table.code == 0
    assert (
        "gpt-4o-mini" in table.out
        and "$0.15" in table.out
        and "$0.60" in table.out
        and "128K" in table.out
    )


def test_no_match_exits_1_with_advice(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "zzqqxxjj")
    assert result.code == 1 and "no models match" in result.err


def test_unknown_provider_exits_1(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "gpt", "-p", "nosuchprovider")
    assert result.code == 1 and "unknown provider" in result.err


def test_usage_error_exits_2(run_cli: RunCli) -> None:
    result = run_cli("search", "--capability", "telepathy")
    assert result.code == 2 and "telepathy" in result.err


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("search", "--help")
    assert result.code == 0 and "Examples:" in result.out and "--max-price" in result.out


def test_capabilities_column_and_json(run_cli: RunCli) -> None:
    table = run_cli("--offline", "search", "gpt-4o", "-p", "openai", "-n", "1")
    assert table.code == 0, table.err
    header, row = table.out.splitlines()[:2]
    assert "capabilities" in header and "tools vision pdf structured files" in row
    rows = json.loads(run_cli("--offline", "search", "gpt-4o", "-p", "openai", "--json").out)
    assert {"tool_call", "vision", "pdf"} <= set(rows[0]["capabilities"])
    assert "reasoning" not in rows[0]["capabilities"]


@pytest.mark.parametrize(
    ("args", "holds"),
    [
        pytest.param(("--status", "deprecated"), lambda r: r["status"] == "deprecated",
                     id="status-deprecated"),
        pytest.param(("--status", "active"), lambda r: r["status"] != "deprecated",
                     id="status-active"),
        pytest.param(("--max-output-price", "1"), lambda r: r["cost"]["output"] <= 1,
                     id="max-output-price"),
        pytest.param(("-c", "audio"), lambda r: "audio" in r["capabilities"], id="audio"),
        pytest.param(("-c", "pdf", "-c", "reasoning"),
                     lambda r: {"pdf", "reasoning"} <= set(r["capabilities"]),
                     id="pdf-and-reasoning"),
        pytest.param(("--min-context", "1000000"), lambda r: r["limit"]["context"] >= 1_000_000,
                     id="min-context"),
    ],
)  # fmt: skip
def test_filters(run_cli: RunCli, args: tuple[str, ...], holds: Callable[[Any], bool]) -> None:
    result = run_cli("--offline", "search", *args, "-n", "40", "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert len(rows) == 40 and all(holds(r) for r in rows)


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [
        pytest.param("price", lambda r: r["cost"]["input"], False, id="price-cheapest-first"),
        pytest.param("context", lambda r: r["limit"]["context"] or 0, True,
                     id="context-largest-first"),
        pytest.param("recent", lambda r: r["release_date"] or "", True, id="recent-newest-first"),
    ],
)  # fmt: skip
def test_sort_orders(
    run_cli: RunCli, sort: str, key: Callable[[Any], Any], descending: bool
) -> None:
    result = run_cli("--offline", "search", "-p", "openai", "--sort", sort, "-n", "30", "--json")
    assert result.code == 0, result.err
    values = [key(r) for r in json.loads(result.out)]
    assert len(values) == 30 and values == sorted(values, reverse=descending)


def test_unknown_provider_gets_a_suggestion(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "gpt", "-p", "opnai")
    assert result.code == 1 and "did you mean 'openai'?" in result.err
