"""Credentials in the catalog URL, and the mirror token, never leave where they belong (issue 10).

A private mirror's URL may carry ``user:pass@`` or ``?access_token=``. The real CLI process
fetches from the fake models.dev through such a URL; afterwards no byte of a secret may be in
the cache, in ``cache status``, ``refresh-cache --json``, ``doctor`` (the bug-report block) or
the ``-v`` log, and a failure message must not quote it either. The bearer token
(``MODELFORGE_CATALOG_TOKEN``) goes to the catalog host only: never to a proxy in the clear,
never to another origin a redirect names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import Behaviour, FakeModelsDev

SECRETS = ("mirror-user", "s3cr3t-pass", "t0k3n-in-query", "fr4gment-secret")
TOKEN = "bearer-s3cret"


def _secret_url(server: FakeModelsDev) -> str:
    host = server.base_url.removeprefix("http://")
    return f"http://mirror-user:s3cr3t-pass@{host}/api.json?access_token=t0k3n-in-query&v=2"


def _assert_clean(where: str, text: str) -> None:
    leaked = [secret for secret in (*SECRETS, TOKEN) if secret in text]
    assert not leaked, f"{where} shows {leaked}:\n{text}"


def _cache_bytes(cache_dir: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in cache_dir.rglob("*") if p.is_file())


def test_a_url_with_credentials_is_redacted_everywhere_it_is_shown_or_stored(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path
) -> None:
    env = {"MODELFORGE_CATALOG_URL": _secret_url(modelsdev_server)}
    outputs = {
        "-v refresh-cache": run_cli("-v", "refresh-cache", env=env),
        "refresh-cache --force --json": run_cli("refresh-cache", "--force", "--json", env=env),
        "cache status": run_cli("cache", "status", env=env),
        "cache status --json": run_cli("cache", "status", "--json", env=env),
        "doctor": run_cli("doctor", env=env),
        "doctor --json": run_cli("doctor", "--json", env=env),
    }
    for command, result in outputs.items():
        _assert_clean(command, result.out + result.err)
    assert outputs["-v refresh-cache"].code == 0, outputs["-v refresh-cache"]
    assert modelsdev_server.requests[0].path == "/api.json?access_token=t0k3n-in-query&v=2"
    _assert_clean("the cache directory", _cache_bytes(cache_dir))
    status = json.loads(outputs["cache status --json"].out)
    host = modelsdev_server.base_url.removeprefix("http://")
    assert status["source_url"] == f"http://***@{host}/api.json?access_token=***&v=***"


def test_a_failure_message_does_not_quote_the_credentials(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    modelsdev_server.script(Behaviour.status(404))
    env = {"MODELFORGE_CATALOG_URL": _secret_url(modelsdev_server)}
    result = run_cli("-v", "refresh-cache", env=env)
    assert result.code == 1 and "404" in result.err
    _assert_clean("a failed refresh", result.out + result.err)


def test_a_url_stored_by_an_older_version_is_not_shown(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, cache_dir: Path
) -> None:
    """A cache written before redaction still holds the secret URL: what shows it redacts."""
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url}
    assert run_cli("refresh-cache", env=env).code == 0
    (metadata_path,) = cache_dir.glob("*.meta.json")
    metadata = json.loads(metadata_path.read_text())
    metadata["source_url"] = _secret_url(modelsdev_server) + "#fr4gment-secret"
    metadata_path.write_text(json.dumps(metadata))
    commands = (
        ("cache", "status"),
        ("cache", "status", "--json"),
        ("search", "gpt"),
        ("refresh-cache", "--force"),  # a 304: the old metadata, source_url and all, is kept
        ("refresh-cache", "--force", "--json"),
    )
    for args in commands:
        result = run_cli(*args, env={"MODELFORGE_CATALOG_URL": modelsdev_server.url})
        _assert_clean(" ".join(args), result.out + result.err)


@pytest.fixture
def proxy() -> Iterator[FakeModelsDev]:
    """A second fake server: a proxy or another origin, which must never see the token."""
    with FakeModelsDev() as server:
        yield server


@pytest.mark.parametrize("redirected", [False, True], ids=["direct", "redirected-to-localhost"])
def test_the_token_never_goes_through_a_proxy_over_plain_http(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, proxy: FakeModelsDev, redirected: bool
) -> None:
    """Plain http is allowed to loopback only; a proxy from the environment would carry the
    token (and the catalog) in the clear to wherever the proxy is, and its loopback is not
    ours. A redirect to another loopback name must not reach the proxy either."""
    proxy_url = proxy.base_url
    if redirected:
        port = modelsdev_server.base_url.rpartition(":")[2]
        modelsdev_server.script(Behaviour.redirect(f"http://localhost:{port}/api.json"))
    env = {
        "MODELFORGE_CATALOG_URL": modelsdev_server.url,
        "MODELFORGE_CATALOG_TOKEN": TOKEN,
        **dict.fromkeys(("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"), proxy_url),
        **dict.fromkeys(("NO_PROXY", "no_proxy"), ""),
    }
    result = run_cli("refresh-cache", env=env)
    assert result.code == 0, result
    assert proxy.requests == []
    assert modelsdev_server.header_values("Authorization")[0] == f"Bearer {TOKEN}"


def test_the_token_does_not_follow_a_redirect_to_another_origin(
    run_cli: RunCli, modelsdev_server: FakeModelsDev, proxy: FakeModelsDev
) -> None:
    modelsdev_server.script(Behaviour.redirect(proxy.url))
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url, "MODELFORGE_CATALOG_TOKEN": TOKEN}
    result = run_cli("refresh-cache", env=env)
    assert result.code == 0, result
    assert modelsdev_server.header_values("Authorization") == [f"Bearer {TOKEN}"]
    assert proxy.header_values("Authorization") == [None]
