"""One vocabulary: the capability words the tables show are the ones ``-c`` takes (the JSON
names still work), and token counts read the way people write them (16K, 128K, 1M)."""

from __future__ import annotations

import json
import re

import pytest

from tests.cli.conftest import RunCli


@pytest.mark.parametrize(
    ("shown", "key"),
    [
        pytest.param("tools", "tool_call", id="tools"),
        pytest.param("structured", "structured_output", id="structured"),
        pytest.param("files", "attachment", id="files"),
    ],
)
def test_table_words_and_json_names_filter_alike(run_cli: RunCli, shown: str, key: str) -> None:
    by_word = run_cli("--offline", "search", "-p", "openai", "-c", shown, "-n", "20", "--json")
    by_key = run_cli("--offline", "search", "-p", "openai", "-c", key, "-n", "20", "--json")
    assert by_word.code == 0 and by_key.code == 0, by_word.err + by_key.err
    assert json.loads(by_word.out) == json.loads(by_key.out)
    assert all(key in row["capabilities"] for row in json.loads(by_word.out))
    table = run_cli("--offline", "search", "-p", "openai", "-c", shown, "-n", "3")
    _header, *rows = table.out.splitlines()
    assert rows and all(shown in row.split() for row in rows)


def test_an_unknown_capability_lists_the_words_shown(run_cli: RunCli) -> None:
    result = run_cli("--offline", "search", "-c", "telepathy")
    assert result.code == 2
    assert "tools, reasoning, vision, audio, pdf, structured, files" in result.err


def test_sizes_read_as_people_write_them(run_cli: RunCli) -> None:
    card = run_cli("--offline", "info", "openai/gpt-4o")
    assert "128K (128,000)" in card.out and "16K (16,384)" in card.out
    table = run_cli("--offline", "search", "-n", "200", "--sort", "context")
    assert table.code == 0, table.err
    assert not re.search(r"\d\.\d+k|\d{3}\.\dk", table.out)  # never 16.38k, 262.1k
    assert re.search(r"\b\d+(\.\d+)?[KM]\b", table.out)
