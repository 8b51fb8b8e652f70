"""``ModelsDevClient``: fetch models.dev's ``api.json`` safely, politely and predictably.

The catalog decides what an editor flags, so this client is built around what goes wrong on real
networks and what a broken or tampered answer could do:

* **Integrity in transit.** ``https://`` only, except to loopback (tests, local mirrors); a request
  hook sees every redirect hop and refuses plain ``http://`` there too. TLS verification stays on.
  A mirror's bearer token goes only over TLS or loopback; httpx drops it on cross-origin redirects.
* **Bounded cost.** Explicit timeouts; a cap on the decoded body enforced while streaming, so a
  gzip bomb or a runaway mirror stops at the cap; a few retries with exponential backoff and full
  jitter, so editors restarting together do not hammer models.dev in step; ``Retry-After`` wins
  over our backoff, within a cap.
* **Cheap refreshes.** ``If-None-Match``/``If-Modified-Since`` turn an unchanged catalog into a
  bodiless 304 that only refreshes the cache's timestamp.
* **One kind of failure.** ``fetch`` raises only ``CatalogError`` subclasses, chained to the cause,
  with a message that says what to do; no httpx exception reaches the caller.

The body is parsed by ``models.parse_catalog``, the same parser as every other source.
"""

from __future__ import annotations

import json
import logging
import math
import os
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

import httpx

from modelforge_lsp import __version__
from modelforge_lsp.catalog.models import ParsedCatalog, parse_catalog
from modelforge_lsp.catalog.settings import DEFAULT_CATALOG_URL
from modelforge_lsp.errors import (
    CatalogError,
    CatalogFormatError,
    CatalogHTTPError,
    CatalogInsecureURL,
    CatalogNetworkError,
    CatalogRateLimited,
    CatalogTooLarge,
)
from modelforge_lsp.urls import is_loopback_host

__all__ = ["DEFAULT_CATALOG_URL", "FetchResult", "ModelsDevClient", "Validators"]

log = logging.getLogger(__name__)

TOKEN_ENV_VAR = "MODELFORGE_CATALOG_TOKEN"  # noqa: S105 -- the variable's name, not a secret
USER_AGENT = f"modelforge-lsp/{__version__} (+https://github.com/modelforge/modelforge-lsp)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "gzip"}
ProgressCallback = Callable[[int, int | None], None]
_OFFLINE_HINT = "or set MODELFORGE_OFFLINE=1 to work from the bundled catalog"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous fetch returned, sent back so the server can answer 304 Not Modified."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One successful fetch; on 304 ``catalog`` is ``None`` and the cached copy is still good.

    ``url`` is where the answer finally came from (after redirects), ``body_bytes`` the decoded
    body size (0 on 304), ``elapsed`` the seconds for the whole fetch, retries and waits included.
    """

    not_modified: bool
    catalog: ParsedCatalog | None
    etag: str | None
    last_modified: str | None
    url: str
    body_bytes: int
    elapsed: float
    attempts: int


def _is_private_route(url: httpx.URL) -> bool:
    """True when nobody on the way can read or alter the traffic: TLS, or this very machine."""
    return url.scheme == "https" or (url.scheme == "http" and is_loopback_host(url.host))


def _check_url(url: httpx.URL, what: str) -> None:
    if not _is_private_route(url):
        raise CatalogInsecureURL(
            f"refusing the {what} {url}: anyone on the way could alter the catalog; use an "
            "https:// URL (plain http:// is allowed only to loopback hosts like 127.0.0.1)"
        )


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP-date), if usable."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _cert_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate error behind an httpx connect error (httpx -> httpcore -> ssl), if any."""
    cause: BaseException | None = exc
    for _ in range(8):  # the chain is short; the bound guards against a cyclic one
        if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
            break
        cause = cause.__cause__ or cause.__context__
    return cause if isinstance(cause, ssl.SSLCertVerificationError) else None


def _ssl_verify(verify: bool | str) -> bool | ssl.SSLContext:
    if isinstance(verify, bool):
        return verify
    try:
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    except OSError as exc:
        raise CatalogError(
            f"cannot load the CA bundle {verify!r} ({exc}); check the path of the certificate file"
        ) from exc


class _Retryable(Exception):
    """Internal: an attempt failed in a way that another attempt may fix."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.status, self.retry_after = reason, status, retry_after


@dataclass(frozen=True, slots=True)
class _Answer:
    headers: httpx.Headers
    url: str
    body: bytes | None  # None on 304


class ModelsDevClient:
    """A models.dev client holding one connection pool; use it as a context manager or ``close`` it.

    ``max_retries`` counts retries, so a fetch makes at most ``1 + max_retries`` attempts.
    ``token`` defaults to ``$MODELFORGE_CATALOG_TOKEN``; pass ``""`` to send none. ``verify`` is
    ``True`` (system trust, honouring ``SSL_CERT_FILE``), or the path of a CA bundle or directory.
    """

    def __init__(
        self,
        url: str = DEFAULT_CATALOG_URL,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        max_retries: int = 3,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_retry_after: float = 30.0,
        max_bytes: int = 64 * 1024 * 1024,
        token: str | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_retries < 0 or max_bytes <= 0 or min(connect_timeout, read_timeout) <= 0:
            raise ValueError("max_retries must be >= 0; max_bytes and the timeouts must be > 0")
        try:
            self._url = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise CatalogInsecureURL(f"{url!r} is not a URL ({exc}); use an https:// URL") from exc
        _check_url(self._url, "catalog URL")
        self._where = self._url.netloc.decode("ascii")
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
        )
        self._retries = max_retries
        self._backoff = (backoff_base, backoff_cap, max_retry_after)
        self._max_bytes = max_bytes
        self._token = (os.environ.get(TOKEN_ENV_VAR) if token is None else token) or None
        self._sleep = sleep
        self._http = httpx.Client(
            headers=_HEADERS,
            timeout=self._timeout,
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=2),
            verify=_ssl_verify(verify),
            follow_redirects=True,
            max_redirects=5,
            event_hooks={"request": [self._check_hop]},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def fetch(
        self, validators: Validators | None = None, *, on_progress: ProgressCallback | None = None
    ) -> FetchResult:
        """Download and parse the catalog, or learn that ``validators`` still describe it (304).

        ``on_progress(received, total)`` is called per chunk with the decoded bytes so far and the
        expected total when known (``None`` for compressed or chunked bodies).
        Raises a ``CatalogError`` subclass on any failure (what ``on_progress`` raises passes
        through unchanged).
        """
        started = time.monotonic()
        headers = self._request_headers(validators or Validators())
        attempt = 0
        while True:
            attempt += 1
            try:
                answer = self._attempt(headers, on_progress)
                break
            except _Retryable as failure:
                if attempt > self._retries:
                    raise self._give_up(failure, attempt) from failure.__cause__
                delay = self._delay(attempt - 1, failure.retry_after)
                log.info(
                    "catalog fetch attempt %d of %d failed (%s); retrying in %.2fs",
                    *(attempt, self._retries + 1, failure.reason, delay),
                )
                self._sleep(delay)
        body, kept = answer.body, validators or Validators()
        return FetchResult(
            not_modified=body is None,
            catalog=None if body is None else self._decode(body),
            etag=answer.headers.get("ETag") or (kept.etag if body is None else None),
            last_modified=answer.headers.get("Last-Modified")
            or (kept.last_modified if body is None else None),
            url=answer.url,
            body_bytes=0 if body is None else len(body),
            elapsed=time.monotonic() - started,
            attempts=attempt,
        )

    def _request_headers(self, validators: Validators) -> dict[str, str]:
        headers = {}
        if self._token is not None and _is_private_route(self._url):
            headers["Authorization"] = f"Bearer {self._token}"
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        return headers

    def _check_hop(self, request: httpx.Request) -> None:
        """Request hook: every hop, the first and each redirect, must be https or loopback."""
        _check_url(request.url, "catalog URL" if request.url == self._url else "redirect to")

    def _attempt(self, headers: dict[str, str], on_progress: ProgressCallback | None) -> _Answer:
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        try:
            with self._http.stream("GET", self._url, headers=headers) as response:
                self._check_status(response, conditional)
                body = None
                if response.status_code != 304:
                    body = self._read_body(response, on_progress)
                return _Answer(response.headers, str(response.url), body)
        except httpx.TimeoutException as exc:
            connecting = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            limit = self._timeout.connect if connecting else self._timeout.read
            raise _Retryable(f"{self._where} did not answer within {limit:g}s") from exc
        except httpx.ConnectError as exc:
            if (cert := _cert_failure(exc)) is not None:
                raise CatalogNetworkError(
                    f"the TLS certificate of {self._where} could not be verified "
                    f"({cert.verify_message}); for a private mirror with its own certificate "
                    "authority, set SSL_CERT_FILE to its CA bundle"
                ) from exc
            raise _Retryable(f"could not connect to {self._where} ({exc})") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retryable(f"the connection to {self._where} broke ({exc})") from exc
        except httpx.DecodingError as exc:
            raise CatalogFormatError(
                f"the catalog from {self._url} could not be decompressed ({exc}); the download "
                "was probably cut short or corrupted -- try again later"
            ) from exc
        except httpx.HTTPError as exc:
            raise CatalogNetworkError(
                f"could not fetch the catalog from {self._url} ({exc}); check the catalog URL "
                f"and your proxy settings, {_OFFLINE_HINT}"
            ) from exc

    def _check_status(self, response: httpx.Response, conditional: bool) -> None:
        status = response.status_code
        if status in RETRY_STATUSES:
            retry_after = _parse_retry_after(response.headers.get("Retry-After"))
            reason = f"{self._where} answered HTTP {status} {response.reason_phrase}"
            if status == 429:
                asked = "" if retry_after is None else f" and asked to wait {retry_after:g}s"
                reason = f"{self._where} is rate-limiting catalog downloads (HTTP 429{asked})"
            raise _Retryable(reason, status, retry_after)
        if response.is_success or (status == 304 and conditional):
            return
        hint = f"check the token in {TOKEN_ENV_VAR}" if status in (401, 403) else "check the URL"
        raise CatalogHTTPError(
            f"{self._where} answered HTTP {status} {response.reason_phrase} for {response.url}; "
            f"{hint}, {_OFFLINE_HINT}",
            status,
        )

    def _too_large(self, size: str) -> CatalogTooLarge:
        return CatalogTooLarge(
            f"the catalog from {self._url} is {size}, over the {self._max_bytes}-byte cap; check "
            "the catalog URL, or raise the size cap if this mirror really serves that much"
        )

    def _read_body(self, response: httpx.Response, on_progress: ProgressCallback | None) -> bytes:
        length = response.headers.get("Content-Length", "")
        declared = int(length) if length.isdigit() else None
        if declared is not None and declared > self._max_bytes:
            raise self._too_large(f"{declared} bytes (Content-Length)")
        compressed = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        total = None if compressed else declared
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise self._too_large(f"more than {self._max_bytes} bytes")
            if on_progress is not None:
                on_progress(len(body), total)
        return bytes(body)

    def _decode(self, body: bytes) -> ParsedCatalog:
        try:
            raw = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError too
            raise CatalogFormatError(
                f"the catalog from {self._url} is not UTF-8 JSON ({exc}); the download may have "
                "been cut short, or the URL does not point at models.dev's api.json"
            ) from exc
        return parse_catalog(raw)

    def _delay(self, retry: int, retry_after: float | None) -> float:
        base, cap, max_retry_after = self._backoff
        if retry_after is not None:
            return min(retry_after, max_retry_after)
        return random.uniform(0.0, min(cap, base * 2**retry))  # noqa: S311 -- jitter, no secret

    def _give_up(self, failure: _Retryable, attempts: int) -> CatalogNetworkError:
        advice = "check your network or proxy" if failure.status is None else "try again later"
        message = (
            f"{failure.reason} ({attempts} attempt{'s' if attempts > 1 else ''}); "
            f"{advice}, {_OFFLINE_HINT}"
        )
        if failure.status == 429:
            return CatalogRateLimited(message, retry_after=failure.retry_after)
        return CatalogNetworkError(message)
