"""``modelforge refresh-cache`` and ``cache status|clear|path`` against the fake models.dev."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import CATALOG_FILE, Behaviour, FakeModelsDev


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


def _changed_catalog() -> dict[str, Any]:
    """The fixture catalog with one model removed, one added and one newly deprecated."""
    raw = json.loads(CATALOG_FILE.read_text())
    models = raw["openai"]["models"]
    del models["gpt-3.5-turbo"]
    models["gpt-9"] = {"id": "gpt-9", "name": "GPT-9", "family": "gpt"}
    models["gpt-4o"]["status"] = "deprecated"
    return raw  # type: ignore[no-any-return]


def test_refresh_reports_what_changed(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    first = run_cli("refresh-cache", env=env)
    assert first.code == 0, first.err
    assert "  previous   bundled snapshot" in first.out  # there was no cache yet

    modelsdev_server.set_document(_changed_catalog())
    second = run_cli("refresh-cache", "--force", env=env)
    assert second.code == 0, second.err
    assert "Changes since the previous copy: 1 added, 1 removed, 1 newly deprecated." in second.out
    assert "  previous   disk cache" in second.out
    lines = second.out.splitlines()
    assert any(line.split() == ["added", "openai/gpt-9"] for line in lines), lines
    assert any(line.split() == ["removed", "openai/gpt-3.5-turbo"] for line in lines), lines
    assert any(
        line.split() == ["deprecated", "openai/gpt-4o", "(successor:", "gpt-4.1)"] for line in lines
    ), lines


def test_refresh_json_lists_the_changes(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    assert run_cli("refresh-cache", env=env).code == 0
    modelsdev_server.set_document(_changed_catalog())
    result = run_cli("refresh-cache", "--force", "--json", env=env)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["status"] == "updated" and document["models"] == 24
    assert document["previous"]["origin"] == "cache" and document["previous"]["models"] == 24
    assert document["changes"] == {
        "added": [{"provider": "openai", "model": "gpt-9", "name": "GPT-9"}],
        "removed": [{"provider": "openai", "model": "gpt-3.5-turbo", "name": "GPT-3.5-turbo"}],
        "deprecated": [
            {"provider": "openai", "model": "gpt-4o", "name": "GPT-4o", "successor": "gpt-4.1"}
        ],
    }
    again = json.loads(run_cli("refresh-cache", "--force", "--json", env=env).out)
    assert again["status"] == "not_modified" and again["changes"] is None


def test_refresh_with_no_changes_says_so(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    assert run_cli("refresh-cache", env=env).code == 0
    modelsdev_server.set_document(CATALOG_FILE.read_bytes() + b"\n")  # new ETag, same models
    result = run_cli("refresh-cache", "--force", env=env)
    assert result.code == 0 and "No models added, removed or deprecated" in result.out


def test_refresh_failure_json(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> None:
    modelsdev_server.script(Behaviour.status(404))
    result = run_cli(
        "refresh-cache", "--json", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    )
    assert result.code == 1 and "404" in result.err
    document = json.loads(result.out)
    assert document["status"] == "failed" and "404" in document["error"]["message"]
    assert document["error"]["code"] == "catalog_http"


def test_status_shows_catalog_stats(run_cli: RunCli) -> None:
    status = json.loads(run_cli("--offline", "cache", "status", "--json").out)
    assert set(status["stats"]) == {
        "lookups", "lookup_misses", "searches", "search_cache_hits", "search_hit_rate",
        "search_seconds",
    }  # fmt: skip
    assert status["serving_from"] == "snapshot" and status["load_seconds"] > 0
    text = run_cli("--offline", "cache", "status").out
    assert "from the search cache" in text and "loaded in" in text


def test_verify(run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path) -> None:
    missing = run_cli("cache", "verify")
    assert missing.code == 0 and "nothing to verify" in missing.out

    assert run_cli("refresh-cache", env={"MODELFORGE_CATALOG_URL": modelsdev_server.url}).code == 0
    good = run_cli("cache", "verify")
    assert good.code == 0 and good.out.startswith("OK:") and "24 models" in good.out
    assert json.loads(run_cli("cache", "verify", "--json").out)["state"] == "ok"

    data = next(cache_dir.glob("models-dev-api.v*.json.gz"))
    blob = bytearray(data.read_bytes())
    blob[len(blob) // 2] ^= 0xFF  # same size, different bytes: only the sha256 can tell
    data.write_bytes(bytes(blob))
    bad = run_cli("cache", "verify", "--json")
    assert bad.code == 1 and "Traceback" not in bad.err
    document = json.loads(bad.out)
    assert document["state"] == "bad" and document["ok"] is False
    assert "sha256" in document["set_aside"][0]["reason"]
    assert "quarantine" in document["set_aside"][0]["path"]
    assert "set aside" in bad.err and "refresh-cache" in bad.err

    after = run_cli("cache", "verify")  # the bad copy is gone: nothing left to verify
    assert after.code == 0 and "nothing to verify" in after.out
