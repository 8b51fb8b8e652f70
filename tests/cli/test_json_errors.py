"""Every ``--json`` command fails in JSON too: ``{"error": {"code", "message"}}`` on stdout.

A script that asked for JSON parses stdout, so an error that is only a line of prose on stderr
leaves it with nothing to parse. Each case runs the real entry point in a subprocess; the codes
are the documented ones (``cli.failure.ERROR_CODES``, docs/cli.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modelforge_lsp.cli.failure import ERROR_CODES
from tests.cli.conftest import RunCli

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


@pytest.mark.parametrize(
    ("args", "code", "exit_code"),
    [
        pytest.param(("info", "openai", "gpt-4oo", "--json"), "not_found", 1, id="info-unknown"),
        pytest.param(("info", "x", "--json"), "not_found", 1, id="info-not-provider-model"),
        pytest.param(
            ("compare", "openai/gpt-4o", "openai/nope", "--json"), "not_found", 1,
            id="compare-unknown",
        ),
        pytest.param(("compare", "openai/gpt-4o", "--json"), "usage", 2, id="compare-one-model"),
        pytest.param(("search", "-c", "bogus", "--json"), "usage", 2, id="search-bad-choice"),
        pytest.param(("search", "-p", "opnai", "--json"), "not_found", 1, id="search-provider"),
        pytest.param(
            ("config", "add", "-p", "openai", "-m", "gpt-4o", "--api-key", "k", "--json"),
            "refused", 1, id="config-add-key",
        ),
        pytest.param(
            ("config", "add", "-p", "nosuchprovider", "-m", "m", "--json"), "not_found", 1,
            id="config-add-unknown",
        ),
        pytest.param(
            ("config", "add-auto", "--min-context", "999999999999", "--json"), "no_match", 1,
            id="add-auto-nothing-fits",
        ),
        pytest.param(("config", "show", "--json"), "config_not_found", 1, id="show-no-config"),
        pytest.param(
            ("config", "validate", "--format", "json"), "config_not_found", 2,
            id="validate-no-config",
        ),
        pytest.param(("config", "use", "x", "--json"), "config_read", 1, id="use-no-file"),
        pytest.param(("discover", "--json"), "no_terminal", 2, id="discover-no-terminal"),
        pytest.param(("cache", "status", "--json", "--bogus"), "usage", 2, id="cache-usage"),
    ],
)  # fmt: skip
def test_json_error_object(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], code: str, exit_code: int
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = run_cli("--offline", *args, env={"HOME": str(home), "XDG_CONFIG_HOME": str(home)})
    assert result.code == exit_code, (result.out, result.err)
    document = json.loads(result.out)
    assert set(document) == {"error"}
    assert document["error"]["code"] == code
    assert document["error"]["message"] and document["error"]["message"] in result.err
    assert code in ERROR_CODES


def test_not_found_carries_suggestions(run_cli: RunCli) -> None:
    result = run_cli("--offline", "info", "openai", "gpt-4oo", "--json")
    error = json.loads(result.out)["error"]
    assert error["kind"] == "model" and error["query"] == "gpt-4oo"
    assert "openai/gpt-4o" in error["suggestions"]


def test_a_disabled_catalog_is_a_code_too(run_cli: RunCli) -> None:
    result = run_cli("info", "openai/gpt-4o", "--json", env={"MODELFORGE_CATALOG_ENABLED": "0"})
    assert result.code == 1
    assert json.loads(result.out)["error"]["code"] == "catalog_disabled"


def test_refresh_cache_error_is_the_same_object(run_cli: RunCli) -> None:
    result = run_cli("--offline", "refresh-cache", "--json")
    assert result.code == 1
    document = json.loads(result.out)
    assert document["status"] == "failed"
    assert document["error"]["code"] == "offline" and "offline" in document["error"]["message"]


def test_without_json_stdout_stays_empty(run_cli: RunCli) -> None:
    result = run_cli("--offline", "info", "openai", "gpt-4oo")
    assert result.code == 1 and result.out == ""
    assert "error: openai has no model 'gpt-4oo'" in result.err


def test_every_code_is_documented() -> None:
    section = DOCS.read_text().split("## Errors in JSON", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    assert documented == set(ERROR_CODES)
