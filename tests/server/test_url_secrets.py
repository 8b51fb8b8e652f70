"""The real server with a catalog URL that carries credentials, and a ``--log-file`` (issue 10).

Whatever the server says about its catalog -- ``modelforge.catalogStatus``, the refresh's answer
and ``window/showMessage``, ``window/logMessage`` lines, its debug log (which also records every
JSON-RPC message, ``initializationOptions`` included) -- must name the mirror without its user
info or query values, and the log file must be readable by its owner only.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from modelforge_lsp.server.features.commands import CATALOG_STATUS, REFRESH_CATALOG
from tests.fake_modelsdev import Behaviour, FakeModelsDev
from tests.server.conftest import SERVER_COMMAND, RecordingClient, execute, make_recording_client

SECRETS = ("mirror-user", "s3cr3t-pass", "t0k3n-in-query")
LOG_FILE = Path(tempfile.gettempdir()) / f"modelforge-lsp-url-secrets-{os.getpid()}.log"
LOGGING_SERVER = ClientServerConfig(
    server_command=[*SERVER_COMMAND, "--log-file", str(LOG_FILE)],
    client_factory=make_recording_client,
)


def _secret_url(server: FakeModelsDev) -> str:
    host = server.base_url.removeprefix("http://")
    return f"http://mirror-user:s3cr3t-pass@{host}/api.json?access_token=t0k3n-in-query"


def _assert_clean(where: str, text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{where} shows {leaked}:\n{text[-3000:]}"


@pytest.fixture(scope="module", autouse=True)
def _fresh_log_file() -> Iterator[None]:
    """The log file does not exist before the server creates it (so its mode is the server's)."""
    LOG_FILE.unlink(missing_ok=True)
    yield
    LOG_FILE.unlink(missing_ok=True)


@pytest_lsp.fixture(config=LOGGING_SERVER)
async def client(  # type: ignore[no-untyped-def]
    lsp_client: RecordingClient, modelsdev_server: FakeModelsDev, tmp_path: Path
):
    lsp_client.cache_dir = tmp_path / "cache"  # type: ignore[attr-defined]
    options = {
        "catalog": {"url": _secret_url(modelsdev_server), "cacheDir": str(tmp_path / "cache")}
    }
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_never_shows_logs_or_stores_the_credentials(
    client: RecordingClient, modelsdev_server: FakeModelsDev
) -> None:
    refreshed: dict[str, Any] = await execute(client, REFRESH_CATALOG)
    assert refreshed["error"] is None and refreshed["models"] == 24
    modelsdev_server.script(Behaviour.status(404))
    failed: dict[str, Any] = await execute(client, REFRESH_CATALOG)
    assert failed["status"] == "failed" and "404" in failed["error"]
    status: dict[str, Any] = await execute(client, CATALOG_STATUS)

    host = modelsdev_server.base_url.removeprefix("http://")
    assert status["settings"]["url"] == f"http://***@{host}/api.json?access_token=***"
    assert modelsdev_server.requests[0].path == "/api.json?access_token=t0k3n-in-query"
    for name, answer in (("refresh", refreshed), ("failed refresh", failed), ("status", status)):
        _assert_clean(name, json.dumps(answer))
    _assert_clean("showMessage", "\n".join(m.message for m in client.messages))
    _assert_clean("logMessage", "\n".join(m.message for m in client.log_messages))
    cache_dir: Path = client.cache_dir  # type: ignore[attr-defined]
    for path in cache_dir.rglob("*"):
        if path.is_file():
            _assert_clean(str(path), path.read_bytes().decode("latin-1"))

    log = LOG_FILE.read_text()
    assert "access_token=***" in log  # the URL is logged, redacted
    _assert_clean("the log file", log)
    assert stat.S_IMODE(LOG_FILE.stat().st_mode) == 0o600


@pytest_lsp.fixture(config=LOGGING_SERVER)
async def refused_client(lsp_client: RecordingClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    options = {
        "catalog": {"url": "ftp://mirror-user:s3cr3t-pass@mirror.example/api.json", "offline": True,
                    "cacheDir": str(tmp_path / "cache")},
    }  # fmt: skip
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="module")
async def test_a_refused_url_setting_is_reported_without_its_credentials(
    refused_client: RecordingClient,
) -> None:
    await execute(refused_client, CATALOG_STATUS)  # the settings problem is reported by now
    shown = "\n".join(m.message for m in refused_client.messages)
    assert "expected an http(s) URL" in shown and "ftp://***@mirror.example" in shown
    _assert_clean("showMessage", shown)
    _assert_clean("logMessage", "\n".join(m.message for m in refused_client.log_messages))
    _assert_clean("the log file", LOG_FILE.read_text())
