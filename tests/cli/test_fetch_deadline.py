"""``modelforge refresh-cache`` against a mirror that trickles or redirects to nowhere (issue 10).

The real CLI process fetches from the fake models.dev over real sockets. A server sending one
byte every fifth of a second never trips a per-read timeout; only the overall deadline
(``MODELFORGE_FETCH_DEADLINE``, 1 s here to keep the tests fast) ends the fetch, and the user
reads why in one line. Before the deadline these runs did not end at all.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from modelforge_lsp.catalog import ModelsDevCache
from tests.cli.conftest import RunCli
from tests.fake_modelsdev import Behaviour, FakeModelsDev

DEADLINE = "1"
SLACK = 4.0
"""Seconds allowed on top of the deadline for starting Python and the CLI on a shared machine."""


@pytest.mark.parametrize(
    "headers", [pytest.param(False, id="body-trickle"), pytest.param(True, id="header-trickle")]
)
def test_a_trickling_server_is_given_up_on_at_the_deadline(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, headers: bool
) -> None:
    modelsdev_server.default = Behaviour.trickle(0.2, headers=headers)
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url, "MODELFORGE_FETCH_DEADLINE": DEADLINE}

    started = time.monotonic()
    result = run_cli("refresh-cache", env=env, timeout=30)
    elapsed = time.monotonic() - started

    assert result.code == 1, result
    assert elapsed < float(DEADLINE) + SLACK, f"took {elapsed:.1f}s"
    host = modelsdev_server.base_url.removeprefix("http://")
    assert f"{host} did not finish sending the catalog within 1 s" in result.err
    assert "MODELFORGE_FETCH_DEADLINE" in result.err
    assert "still using: bundled snapshot" in result.err
    assert "Traceback" not in result.err
    assert len(modelsdev_server.requests) == 1  # the deadline covers retries: none was left


def test_a_deadline_that_does_not_parse_costs_a_warning(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url, "MODELFORGE_FETCH_DEADLINE": "soon"}
    result = run_cli("refresh-cache", env=env)
    assert result.code == 0, result
    assert "MODELFORGE_FETCH_DEADLINE" in result.err and "using the default" in result.err


def test_a_redirect_to_an_unreachable_host_names_that_host(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.default = Behaviour.redirect_to_unreachable()
    result = run_cli("refresh-cache", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url})

    assert result.code == 1, result
    ours = modelsdev_server.base_url.removeprefix("http://")
    message = " ".join(result.err.split())  # rich may wrap the line
    found = re.search(r"could not connect to (\S+) \(redirected from (\S+)\)", message)
    assert found is not None, result.err
    assert re.fullmatch(r"localhost:\d+", found[1]) and found[2] == ours
    assert f"could not connect to {ours}" not in message


@pytest.mark.parametrize("status", [404, 503])
def test_an_error_from_a_redirect_target_names_that_host(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, status: int
) -> None:
    with FakeModelsDev() as target:
        target.default = Behaviour.status(status)
        modelsdev_server.default = Behaviour.redirect(target.url)
        result = run_cli("refresh-cache", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url})

    assert result.code == 1, result
    ours, theirs = (s.base_url.removeprefix("http://") for s in (modelsdev_server, target))
    message = " ".join(result.err.split())
    assert f"{theirs} (redirected from {ours}) answered HTTP {status}" in message, result.err


def test_a_refresh_lock_held_by_a_stuck_process_is_waited_on_no_longer_than_a_fetch(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path
) -> None:
    """A refresh queues behind another process's fetch, which ends within its deadline; a lock
    held far longer (here by this test, standing in for a stuck process) is given up on."""
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url, "MODELFORGE_FETCH_DEADLINE": DEADLINE}
    with ModelsDevCache(cache_dir).refresh_lock(timeout=1):
        started = time.monotonic()
        result = run_cli("refresh-cache", env=env, timeout=60)
        elapsed = time.monotonic() - started

    assert result.code == 1, result
    assert elapsed < float(DEADLINE) + 5 + SLACK, f"took {elapsed:.1f}s"
    assert "another process has been refreshing the catalog for over 6s" in result.err
    assert modelsdev_server.requests == []
