"""``modelforge search`` through the real entry point, offline on the bundled snapshot."""

from __future__ import annotations

import json

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
        and "128k" in table.out
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
