"""Working offline: one catalog line that says what happened, no silent retries, ``--quiet``.

Without network every command used to retry models.dev four times behind the user's back and
then print only the stale-catalog line. A refused connection (like a failed name lookup) is not
worth retrying: the fetch gives up at once and the command's one ``catalog:`` line says why.
A reachable models.dev refreshes the stale data, the line says so, and the next command has
nothing to say. ``--quiet`` and ``MODELFORGE_QUIET=1`` silence the line.
"""

from __future__ import annotations

import pytest

from tests.cli.conftest import UNREACHABLE_URL, RunCli
from tests.fake_modelsdev import FakeModelsDev


def _catalog_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("catalog: ")]


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(UNREACHABLE_URL, id="connection-refused"),
        pytest.param("https://modelforge-test.invalid/api.json", id="name-does-not-resolve"),
    ],
)
def test_unreachable_models_dev_is_said_once_and_not_retried(run_cli: RunCli, url: str) -> None:
    result = run_cli("-v", "search", "gpt", "-n", "1", env={"MODELFORGE_CATALOG_URL": url})
    assert result.code == 0, result.err
    [line] = _catalog_lines(result.err)
    assert "bundled snapshot" in line and "stale" in line
    assert "not refreshed" in line and "not retried: looks offline" in line
    assert "retrying in" not in result.err  # the client's log line before each retry (-v)
    assert "background refresh:" not in result.err  # said once, not twice


@pytest.mark.parametrize(
    ("flag", "env"),
    [
        pytest.param(("--quiet",), {}, id="flag"),
        pytest.param(("-q",), {}, id="short-flag"),
        pytest.param((), {"MODELFORGE_QUIET": "1"}, id="env"),
    ],
)
def test_quiet_silences_the_catalog_line(
    run_cli: RunCli, flag: tuple[str, ...], env: dict[str, str]
) -> None:
    environ = {"MODELFORGE_CATALOG_URL": UNREACHABLE_URL} | env
    result = run_cli(*flag, "search", "gpt", "-n", "1", env=environ)
    assert result.code == 0 and result.out
    assert result.err == ""


def test_quiet_keeps_errors(run_cli: RunCli) -> None:
    result = run_cli("--offline", "--quiet", "info", "openai", "gpt-4oo")
    assert result.code == 1
    assert result.err.startswith("error: openai has no model 'gpt-4oo'")


def test_a_reachable_models_dev_refreshes_and_then_there_is_nothing_to_say(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    first = run_cli("search", "gpt", "-n", "1", env=env)
    assert first.code == 0, first.err
    [line] = _catalog_lines(first.err)
    assert "refreshed from models.dev for the next command" in line
    second = run_cli("search", "gpt", "-n", "1", env=env)
    assert second.code == 0, second.err
    assert _catalog_lines(second.err) == []
    assert len(modelsdev_server.requests) == 1
