"""``modelforge refresh-cache`` and ``cache status|clear|path`` against the fake models.dev."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import Behaviour, FakeModelsDev


def test_refresh_then_status_then_clear(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path
) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    first = run_cli("refresh-cache", env=env)
    assert first.code == 0, first.err
    assert "Updated the catalog" in first.out and "24 models" in first.out

    again = run_cli("refresh-cache", env=env)
    assert again.code == 0 and "fresh" in again.out and "--force" in again.out

    forced = run_cli("refresh-cache", "--force", env=env)
    assert forced.code == 0 and "unchanged" in forced.out

    status = json.loads(run_cli("cache", "status", "--json", env=env).out)
    assert status["freshness"] == "fresh" and status["serving_from"] == "cache"
    assert status["models"] == 24 and status["etag"] == modelsdev_server.etag
    assert status["directory"] == str(cache_dir)

    assert run_cli("cache", "path").out.strip() == str(cache_dir)
    cleared = run_cli("cache", "clear", env=env)
    assert cleared.code == 0 and "Removed" in cleared.out
    status = json.loads(run_cli("--offline", "cache", "status", "--json").out)
    assert status["freshness"] == "missing" and status["serving_from"] == "snapshot"


def test_refresh_failure_is_one_actionable_line(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.script(Behaviour.status(404))
    result = run_cli("refresh-cache", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url})
    assert result.code == 1
    assert "404" in result.err and "still using: bundled snapshot" in result.err
    assert "Traceback" not in result.err


def test_refresh_offline_says_how_to_get_online(run_cli: RunCli) -> None:
    result = run_cli("--offline", "refresh-cache")
    assert result.code == 1 and "offline mode is on" in result.err


def test_insecure_url_is_refused(run_cli: RunCli) -> None:
    result = run_cli(
        "refresh-cache", env={"MODELFORGE_CATALOG_URL": "http://models.example/api.json"}
    )
    assert result.code == 1 and "https" in result.err and "Traceback" not in result.err
