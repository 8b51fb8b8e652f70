"""``ModelsDevClient`` against a real HTTP server on 127.0.0.1 that misbehaves on cue.

Waits between retries go through a recording ``sleep``, so backoff and ``Retry-After`` are checked
exactly and the file runs in a few seconds; only the timeout cases really wait (a fraction of a
second each).
"""

from __future__ import annotations

import copy
import json
import logging
import os
import random
import re
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from modelforge_lsp import __version__
from modelforge_lsp.catalog import client as client_module
from modelforge_lsp.catalog.client import (
    DEFAULT_CATALOG_URL,
    FetchResult,
    ModelsDevClient,
    Validators,
)
from modelforge_lsp.errors import (
    CatalogError,
    CatalogFormatError,
    CatalogHTTPError,
    CatalogInsecureURL,
    CatalogNetworkError,
    CatalogRateLimited,
    CatalogTooLarge,
)
from tests.fake_modelsdev import CATALOG_FILE, Behaviour, FakeModelsDev

TOKEN = "s3cret-mirror-token"
OFFLINE_HINT = "MODELFORGE_OFFLINE=1"
READ_TIMEOUT = 0.15

MakeClient = Callable[..., ModelsDevClient]


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELFORGE_CATALOG_TOKEN", raising=False)


@pytest.fixture
def sleeps() -> list[float]:
    """The waits the client asked for, in order (nothing really sleeps)."""
    return []


@pytest.fixture
def make_client(modelsdev_server: FakeModelsDev, sleeps: list[float]) -> Iterator[MakeClient]:
    """Build clients for the fake server with test-sized timeouts; closes them afterwards."""
    clients: list[ModelsDevClient] = []

    def make(url: str | None = None, **options: Any) -> ModelsDevClient:
        settings: dict[str, Any] = {
            "connect_timeout": 1.0,
            "read_timeout": READ_TIMEOUT,
            "backoff_base": 0.01,
            "sleep": sleeps.append,
        }
        settings.update(options)
        client = ModelsDevClient(url or modelsdev_server.url, **settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def catalog_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOG_FILE.read_text())
    return data


# --- the normal path ------------------------------------------------------------------------


def test_fetch_parses_the_catalog(modelsdev_server: FakeModelsDev, make_client: MakeClient) -> None:
    result = make_client().fetch()

    assert result.catalog is not None
    assert len(result.catalog.providers) == 6
    assert result.catalog.model_count == 24
    assert result.catalog.skipped == ()
    assert not result.not_modified
    assert result.etag == modelsdev_server.etag
    assert result.last_modified == modelsdev_server.last_modified
    assert result.url == modelsdev_server.url
    assert result.body_bytes == len(modelsdev_server.document)
    assert result.attempts == 1
    assert result.elapsed > 0


def test_request_headers_name_the_product_and_ask_for_gzip(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    make_client().fetch()

    (request,) = modelsdev_server.requests
    assert request.headers["user-agent"].startswith(f"modelforge-lsp/{__version__} ")
    assert request.headers["accept-encoding"] == "gzip"
    assert "authorization" not in request.headers
    assert "if-none-match" not in request.headers
    assert "if-modified-since" not in request.headers


@pytest.mark.parametrize(
    ("env_token", "argument", "expected"),
    [
        pytest.param(None, None, None, id="no-token"),
        pytest.param(TOKEN, None, f"Bearer {TOKEN}", id="from-env"),
        pytest.param(None, TOKEN, f"Bearer {TOKEN}", id="from-argument"),
        pytest.param("other", TOKEN, f"Bearer {TOKEN}", id="argument-beats-env"),
        pytest.param(TOKEN, "", None, id="empty-argument-disables-env"),
    ],
)
def test_bearer_token_sent_only_when_set(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    monkeypatch: pytest.MonkeyPatch,
    env_token: str | None,
    argument: str | None,
    expected: str | None,
) -> None:
    if env_token is not None:
        monkeypatch.setenv("MODELFORGE_CATALOG_TOKEN", env_token)

    make_client(token=argument).fetch()

    assert modelsdev_server.header_values("Authorization") == [expected]


def test_one_connection_is_reused_across_fetches(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    client = make_client()
    client.fetch()
    client.fetch()

    first, second = modelsdev_server.requests
    assert first.client_address == second.client_address


def test_context_manager_closes_the_client(modelsdev_server: FakeModelsDev) -> None:
    with ModelsDevClient(modelsdev_server.url) as client:
        assert client.fetch().catalog is not None

    with pytest.raises(RuntimeError, match="closed"):
        client.fetch()


@pytest.mark.parametrize(
    "use_gzip",
    [pytest.param(False, id="identity"), pytest.param(True, id="gzip")],
)
def test_progress_reports_growing_decoded_counts(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, use_gzip: bool
) -> None:
    data = catalog_json()
    data["openai"]["padding"] = os.urandom(
        150_000
    ).hex()  # incompressible: many chunks, even gzipped
    modelsdev_server.set_document(data)
    modelsdev_server.script(Behaviour.ok(gzip=use_gzip))
    calls: list[tuple[int, int | None]] = []

    result = make_client().fetch(
        on_progress=lambda received, total: calls.append((received, total))
    )

    assert result.catalog is not None
    assert result.catalog.model_count == 24
    size = len(modelsdev_server.document)
    assert result.body_bytes == size
    received = [count for count, _ in calls]
    assert len(calls) > 1
    assert received == sorted(set(received))
    assert received[-1] == size
    # A compressed body's decoded size is unknown up front.
    assert {total for _, total in calls} == {None if use_gzip else size}


# --- conditional requests -------------------------------------------------------------------


def test_matching_etag_gives_not_modified(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    client = make_client()
    first = client.fetch()

    second = client.fetch(Validators(etag=first.etag, last_modified=first.last_modified))

    assert second == FetchResult(
        not_modified=True,
        catalog=None,
        etag=first.etag,
        last_modified=first.last_modified,
        url=modelsdev_server.url,
        body_bytes=0,
        elapsed=second.elapsed,
        attempts=1,
    )
    request = modelsdev_server.requests[1]
    assert request.headers["if-none-match"] == first.etag
    assert request.headers["if-modified-since"] == first.last_modified


def test_last_modified_alone_gives_not_modified(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    result = make_client().fetch(Validators(last_modified=modelsdev_server.last_modified))

    assert result.not_modified
    assert result.catalog is None
    assert modelsdev_server.requests[0].headers["if-modified-since"] == result.last_modified


def test_changed_catalog_is_downloaded_with_its_new_etag(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    client = make_client()
    old = client.fetch()
    data = catalog_json()
    del data["groq"]
    modelsdev_server.set_document(data)

    new = client.fetch(Validators(etag=old.etag))

    assert not new.not_modified
    assert new.catalog is not None
    assert len(new.catalog.providers) == 5
    assert new.etag == modelsdev_server.etag != old.etag


def test_not_modified_to_an_unconditional_request_is_an_error(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.script(Behaviour.status(304))

    with pytest.raises(CatalogHTTPError) as caught:
        make_client().fetch()

    assert caught.value.status_code == 304


# --- retries --------------------------------------------------------------------------------

TRANSIENT_FAULTS = [
    pytest.param(Behaviour.reset(), id="reset-before-answer"),
    pytest.param(Behaviour.reset_mid_body(), id="reset-mid-body"),
    pytest.param(Behaviour.slow(2.0), id="slow-headers"),
    pytest.param(Behaviour.stall_mid_body(2.0), id="stall-mid-body"),
    pytest.param(Behaviour.rate_limited(), id="429"),
    pytest.param(Behaviour.status(500), id="500"),
    pytest.param(Behaviour.status(502), id="502"),
    pytest.param(Behaviour.status(503), id="503"),
    pytest.param(Behaviour.status(504), id="504"),
]


@pytest.mark.parametrize("fault", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    fault: Behaviour,
) -> None:
    modelsdev_server.script(fault)

    result = make_client().fetch()

    assert result.catalog is not None
    assert result.catalog.model_count == 24
    assert result.attempts == 2
    assert len(modelsdev_server.requests) == 2
    assert len(sleeps) == 1


TIMED_OUT = f"did not answer within {READ_TIMEOUT}s"
NETWORK = "check your network or proxy"
LATER = "try again later"


@pytest.mark.parametrize(
    ("fault", "expected", "advice", "cause"),
    [
        pytest.param(Behaviour.reset(), "broke", NETWORK, httpx.ReadError, id="reset"),
        pytest.param(
            Behaviour.reset_mid_body(), "broke", NETWORK, httpx.TransportError, id="reset-mid-body"
        ),
        pytest.param(Behaviour.slow(2.0), TIMED_OUT, NETWORK, httpx.ReadTimeout, id="slow"),
        pytest.param(
            Behaviour.stall_mid_body(2.0), TIMED_OUT, NETWORK, httpx.ReadTimeout, id="stall"
        ),
        pytest.param(Behaviour.status(500), "answered HTTP 500", LATER, None, id="500"),
        pytest.param(Behaviour.status(503), "answered HTTP 503", LATER, None, id="503"),
    ],
)
def test_exhausted_retries_raise_network_error(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    fault: Behaviour,
    expected: str,
    advice: str,
    cause: type[Exception] | None,
) -> None:
    modelsdev_server.default = fault

    with pytest.raises(CatalogNetworkError) as caught:
        make_client(max_retries=2).fetch()

    error = caught.value
    assert type(error) is CatalogNetworkError
    assert expected in str(error)
    assert f"(3 attempts); {advice}, or set {OFFLINE_HINT}" in str(error)
    assert len(modelsdev_server.requests) == 3
    assert len(sleeps) == 2
    if cause is None:
        assert error.__cause__ is None
    else:
        assert isinstance(error.__cause__, cause)


def test_refused_connection_is_reported_at_once(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    """Nothing listens there (or the machine is offline): a retry a second later meets the same
    refusal, so the fetch says so at once instead of sleeping through its retries (issue 12)."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    # Nothing listens on ``port`` now.

    with pytest.raises(CatalogNetworkError) as caught:
        make_client(f"http://127.0.0.1:{port}/api.json", max_retries=1).fetch()

    assert f"could not connect to 127.0.0.1:{port}" in str(caught.value)
    assert "check your network or proxy" in str(caught.value)
    assert "not retried: looks offline" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert sleeps == []


def test_no_retries_means_one_attempt(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, sleeps: list[float]
) -> None:
    modelsdev_server.default = Behaviour.status(503)

    with pytest.raises(CatalogNetworkError, match=r"\(1 attempt\)"):
        make_client(max_retries=0).fetch()

    assert len(modelsdev_server.requests) == 1
    assert sleeps == []


def test_backoff_grows_exponentially_up_to_the_cap(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    modelsdev_server.default = Behaviour.status(503)

    with pytest.raises(CatalogNetworkError):
        make_client(max_retries=5, backoff_base=0.1, backoff_cap=0.5).fetch()

    assert sleeps == pytest.approx([0.1, 0.2, 0.4, 0.5, 0.5])


def test_backoff_is_jittered_below_its_ceiling(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, sleeps: list[float]
) -> None:
    modelsdev_server.default = Behaviour.status(502)

    with pytest.raises(CatalogNetworkError):
        make_client(max_retries=4, backoff_base=1.0, backoff_cap=3.0).fetch()

    ceilings = [1.0, 2.0, 3.0, 3.0]
    assert len(sleeps) == len(ceilings)
    assert all(0.0 <= wait <= ceiling for wait, ceiling in zip(sleeps, ceilings, strict=True))


@pytest.mark.parametrize(
    ("fault", "expected_wait"),
    [
        pytest.param(Behaviour.rate_limited(retry_after="2"), 2.0, id="429-seconds"),
        pytest.param(Behaviour.status(503, headers={"Retry-After": "1.5"}), 1.5, id="503-seconds"),
        pytest.param(Behaviour.rate_limited(retry_after="120"), 7.0, id="429-capped"),
        pytest.param(Behaviour.rate_limited(retry_after="0"), 0.0, id="429-zero"),
    ],
)
def test_retry_after_seconds_is_honoured_within_the_cap(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    fault: Behaviour,
    expected_wait: float,
) -> None:
    modelsdev_server.script(fault)

    result = make_client(max_retry_after=7.0).fetch()

    assert result.attempts == 2
    assert sleeps == [expected_wait]


def test_retry_after_http_date_is_honoured(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, sleeps: list[float]
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    modelsdev_server.script(Behaviour.rate_limited(retry_after=when))

    make_client().fetch()

    (wait,) = sleeps
    assert 3.0 < wait <= 5.0


@pytest.mark.parametrize(
    "retry_after",
    [pytest.param("soon", id="garbage"), pytest.param("nan", id="nan")],
)
def test_unusable_retry_after_falls_back_to_backoff(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    retry_after: str,
) -> None:
    modelsdev_server.script(Behaviour.rate_limited(retry_after=retry_after))

    make_client(backoff_base=0.25).fetch()

    (wait,) = sleeps
    assert 0.0 <= wait <= 0.25


def test_exhausted_rate_limit_raises_rate_limited(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, sleeps: list[float]
) -> None:
    modelsdev_server.default = Behaviour.rate_limited(retry_after="120")

    with pytest.raises(CatalogRateLimited) as caught:
        make_client(max_retries=2, max_retry_after=3.0).fetch()

    error = caught.value
    assert error.retry_after == 120.0  # what the server asked, for the caller's own scheduling
    assert "rate-limiting" in str(error)
    assert "asked to wait 120s" in str(error)
    assert "(3 attempts)" in str(error)
    assert "try again later" in str(error)
    assert sleeps == [3.0, 3.0]


def test_retries_are_logged_without_the_token(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    modelsdev_server.script(Behaviour.status(503), Behaviour.reset())
    caplog.set_level(logging.DEBUG)

    make_client(token=TOKEN).fetch()

    retries = [r for r in caplog.records if r.name == client_module.__name__]
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO]
    assert "HTTP 503" in retries[0].getMessage()
    assert "retrying in" in retries[0].getMessage()
    assert "attempt 2 of 4" in retries[1].getMessage()
    assert TOKEN not in caplog.text
    assert modelsdev_server.header_values("Authorization") == [f"Bearer {TOKEN}"] * 3


# --- answers that retrying will not fix -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        pytest.param(400, "check the URL", id="400"),
        pytest.param(401, "MODELFORGE_CATALOG_TOKEN", id="401"),
        pytest.param(403, "MODELFORGE_CATALOG_TOKEN", id="403"),
        pytest.param(404, "check the URL", id="404"),
        pytest.param(410, "check the URL", id="410"),
    ],
)
def test_client_errors_are_not_retried(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    code: int,
    hint: str,
) -> None:
    modelsdev_server.script(Behaviour.status(code))

    with pytest.raises(CatalogHTTPError) as caught:
        make_client().fetch()

    assert caught.value.status_code == code
    assert f"HTTP {code}" in str(caught.value)
    assert hint in str(caught.value)
    assert len(modelsdev_server.requests) == 1
    assert sleeps == []


def test_wrong_path_reports_404_with_the_url(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    url = modelsdev_server.url_for("/api/v9.json")

    with pytest.raises(CatalogHTTPError, match="HTTP 404") as caught:
        make_client(url).fetch()

    assert url in str(caught.value)


def drifted_catalog() -> dict[str, Any]:
    """models.dev's shape after some drift: new fields, dropped optional ones, one bad model."""
    data = copy.deepcopy(catalog_json())
    data["openai"]["region_hint"] = "us"  # new provider field
    gpt4o = data["openai"]["models"]["gpt-4o"]
    gpt4o["provider_tier"] = {"tier": 3}  # new model field
    gpt4o["cost"]["batch_discount"] = 0.5  # new cost field
    mini = data["openai"]["models"]["gpt-4o-mini"]
    for optional in ("cost", "family", "knowledge", "modalities", "temperature"):
        mini.pop(optional, None)
    data["openai"]["models"]["o3-mini"]["limit"]["context"] = "a lot"  # wrong type
    return data


def test_schema_drift_is_tolerated(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.script(Behaviour.json(drifted_catalog()))

    result = make_client().fetch()

    catalog = result.catalog
    assert catalog is not None
    openai = next(p for p in catalog.providers if p.id == "openai")
    assert openai.models["gpt-4o"].cost is not None
    assert openai.models["gpt-4o"].cost.input is not None
    mini = openai.models["gpt-4o-mini"]
    assert (mini.cost, mini.family, mini.temperature) == (None, None, None)
    assert mini.input_modalities == ("text",)
    assert "o3-mini" not in openai.models
    assert [entry.path for entry in catalog.skipped] == ["openai/o3-mini"]
    assert "context" in catalog.skipped[0].reason
    assert catalog.model_count == 23


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        pytest.param(Behaviour.truncated_gzip(), "not UTF-8 JSON", id="truncated-gzip"),
        pytest.param(Behaviour.corrupt_gzip(), "could not be decompressed", id="corrupt-gzip"),
        pytest.param(Behaviour.body(b'{"openai": {'), "not UTF-8 JSON", id="invalid-json"),
        pytest.param(Behaviour.body(b'{"a": "\xff\xfe"}'), "not UTF-8 JSON", id="not-utf8"),
        pytest.param(Behaviour.body(b"[" * 100_000), "not UTF-8 JSON", id="deep-nesting"),
    ],
)
def test_undecodable_body_is_a_format_error(
    modelsdev_server: FakeModelsDev,
    make_client: MakeClient,
    sleeps: list[float],
    fault: Behaviour,
    expected: str,
) -> None:
    modelsdev_server.script(fault)

    with pytest.raises(CatalogFormatError, match=expected) as caught:
        make_client().fetch()

    assert type(caught.value) is CatalogFormatError
    assert caught.value.__cause__ is not None
    assert not isinstance(caught.value.__cause__, CatalogError)
    assert len(modelsdev_server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "document",
    [
        pytest.param([1, 2], id="a-list"),
        pytest.param({}, id="no-providers"),
        pytest.param({"openai": "not an object"}, id="no-usable-provider"),
    ],
)
def test_body_of_the_wrong_shape_is_a_format_error(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, document: object
) -> None:
    modelsdev_server.script(Behaviour.json(document))

    with pytest.raises(CatalogFormatError, match=r"api\.json"):
        make_client().fetch()


# --- size cap -------------------------------------------------------------------------------

CAP = 100_000


def test_announced_oversize_body_is_refused_before_reading(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.script(Behaviour.oversized(10 * CAP, content_length=True))
    progress: list[int] = []

    with pytest.raises(CatalogTooLarge) as caught:
        make_client(max_bytes=CAP).fetch(on_progress=lambda received, _: progress.append(received))

    assert f"{10 * CAP} bytes (Content-Length)" in str(caught.value)
    assert f"{CAP}-byte cap" in str(caught.value)
    assert progress == []


def test_unannounced_oversize_body_is_cut_off_at_the_cap(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    size = 40 * CAP
    modelsdev_server.script(Behaviour.oversized(size, content_length=False))
    progress: list[int] = []

    with pytest.raises(CatalogTooLarge, match=f"more than {CAP} bytes"):
        make_client(max_bytes=CAP).fetch(on_progress=lambda received, _: progress.append(received))

    assert progress  # it streamed...
    assert progress[-1] <= CAP  # ...and stopped at the first chunk over the cap
    assert progress[-1] < size


def test_gzip_body_is_capped_by_its_decoded_size(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    bomb = b"[" + b" " * (20 * CAP) + b"]"
    modelsdev_server.script(Behaviour.body(bomb, gzip=True))

    with pytest.raises(CatalogTooLarge):
        make_client(max_bytes=CAP).fetch()


def test_body_at_the_cap_is_accepted(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    size = len(modelsdev_server.document)

    result = make_client(max_bytes=size).fetch()

    assert result.body_bytes == size


# --- URLs, redirects and TLS ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://models.dev/api.json", id="http-public-host"),
        pytest.param("http://10.1.2.3/api.json", id="http-private-ip"),
        pytest.param("http://localhost.example.com/api.json", id="http-localhost-lookalike"),
        pytest.param("ftp://models.dev/api.json", id="ftp"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param("models.dev/api.json", id="no-scheme"),
        pytest.param("https://[::1/api.json", id="unparsable"),
    ],
)
def test_insecure_url_is_refused_before_any_request(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_client(*args: object, **kwargs: object) -> None:
        raise AssertionError("an HTTP client was created for a refused URL")

    monkeypatch.setattr(httpx, "Client", no_client)

    with pytest.raises(CatalogInsecureURL, match="use an https:// URL"):
        ModelsDevClient(url)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://127.0.0.1:9/api.json", id="ipv4-loopback"),
        pytest.param("http://127.8.9.10/api.json", id="ipv4-loopback-range"),
        pytest.param("http://[::1]:9/api.json", id="ipv6-loopback"),
        pytest.param("http://localhost:9/api.json", id="localhost"),
        pytest.param("http://LOCALHOST./api.json", id="localhost-fqdn"),
        pytest.param(DEFAULT_CATALOG_URL, id="default-https"),
    ],
)
def test_https_and_loopback_urls_are_accepted(url: str) -> None:
    with ModelsDevClient(url):
        pass


def test_redirect_on_loopback_is_followed(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.script(Behaviour.redirect("/api.json", code=301))

    result = make_client(modelsdev_server.url_for("/old/api.json"), token=TOKEN).fetch()

    assert result.catalog is not None
    assert result.url == modelsdev_server.url
    assert [r.path for r in modelsdev_server.requests] == ["/old/api.json", "/api.json"]
    # Same origin: the token follows.
    assert modelsdev_server.header_values("authorization") == [f"Bearer {TOKEN}"] * 2


def test_redirect_to_plain_http_off_loopback_is_refused(
    modelsdev_server: FakeModelsDev, make_client: MakeClient, sleeps: list[float]
) -> None:
    # 192.0.2.0/24 is reserved for documentation: nothing answers there, and we never try.
    modelsdev_server.script(Behaviour.redirect("http://192.0.2.1:9/api.json"))

    with pytest.raises(
        CatalogInsecureURL, match=re.escape("redirect to http://192.0.2.1:9/api.json")
    ):
        make_client().fetch()

    assert len(modelsdev_server.requests) == 1
    assert sleeps == []


def test_redirect_to_another_origin_drops_the_token(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    with FakeModelsDev() as mirror:
        modelsdev_server.script(Behaviour.redirect(mirror.url))

        result = make_client(token=TOKEN).fetch()

        assert result.url == mirror.url
        assert modelsdev_server.header_values("authorization") == [f"Bearer {TOKEN}"]
        assert mirror.header_values("authorization") == [None]
        assert mirror.errors == []


def test_endless_redirects_are_a_network_error(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.default = Behaviour.redirect("/api.json")

    with pytest.raises(CatalogNetworkError, match="check the catalog URL") as caught:
        make_client().fetch()

    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made with the openssl CLI."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(tls_files: tuple[Path, Path]) -> Iterator[FakeModelsDev]:
    cert, key = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with FakeModelsDev(ssl_context=context) as server:
        yield server


def test_tls_certificate_is_verified(tls_server: FakeModelsDev, sleeps: list[float]) -> None:
    with (
        ModelsDevClient(tls_server.url, sleep=sleeps.append) as client,
        pytest.raises(CatalogNetworkError, match="could not be verified") as caught,
    ):
        client.fetch()

    assert "SSL_CERT_FILE" in str(caught.value)
    assert sleeps == []  # a bad certificate does not get better by retrying
    assert tls_server.requests == []


def test_tls_with_a_private_ca_bundle(
    tls_server: FakeModelsDev, tls_files: tuple[Path, Path]
) -> None:
    cert, _ = tls_files
    with ModelsDevClient(tls_server.url, verify=str(cert), token=TOKEN) as client:
        result = client.fetch()

    assert result.catalog is not None
    assert result.url.startswith("https://127.0.0.1:")
    assert tls_server.header_values("authorization") == [f"Bearer {TOKEN}"]


# --- construction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"max_retries": -1}, id="negative-retries"),
        pytest.param({"max_bytes": 0}, id="zero-cap"),
        pytest.param({"read_timeout": 0}, id="zero-timeout"),
    ],
)
def test_nonsense_settings_are_rejected(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        ModelsDevClient(**options)


def test_slow_but_timely_answer_counts_its_time(
    modelsdev_server: FakeModelsDev, make_client: MakeClient
) -> None:
    modelsdev_server.script(Behaviour.slow(0.3))

    result = make_client(read_timeout=2.0).fetch()

    assert result.attempts == 1
    assert result.elapsed >= 0.3
