"""``ModelsDevClient``: fetch models.dev's ``api.json`` safely, politely and predictably.

The catalog decides what an editor flags, so this client is built around what goes wrong on real
networks and what a broken or tampered answer could do:

* **Integrity in transit.** ``https://`` only, except to loopback (tests, local mirrors); a request
  hook sees every redirect hop and refuses plain ``http://`` there too. TLS verification stays on.
  A mirror's bearer token goes only over TLS or loopback; httpx drops it on cross-origin redirects.
* **Bounded cost.** Explicit timeouts, and one overall deadline per fetch (``deadline.py``) that
  a server trickling a byte at a time cannot stretch; a cap on the decoded body enforced while
  streaming, so a gzip bomb or a runaway mirror stops at the cap; a few retries with exponential
  backoff and full jitter, so editors restarting together do not hammer models.dev in step;
  ``Retry-After`` wins over our backoff, within a cap.
* **Cheap refreshes.** ``If-None-Match``/``If-Modified-Since`` turn an unchanged catalog into a
  bodiless 304 that only refreshes the cache's timestamp.
* **Nothing secret in what it says.** Messages name hosts, never user info; a URL in a message
  or a ``FetchResult`` is redacted (``urls.redact_url``), so it may be logged, shown or stored.
* **One kind of failure.** ``fetch`` raises only ``CatalogError`` subclasses, chained to the cause,
  with a message that says what to do; no httpx exception reaches the caller.

The body is parsed by ``models.parse_catalog``, the same parser as every other source.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

import httpx

from modelforge_lsp import __version__
from modelforge_lsp.catalog.deadline import ConnectionSockets, FetchDeadline
from modelforge_lsp.catalog.http_support import cert_failure, host_of, parse_retry_after, ssl_verify
from modelforge_lsp.catalog.models import ParsedCatalog, parse_catalog
from modelforge_lsp.catalog.offline import offline_error
from modelforge_lsp.catalog.sanitize import unique_keys
from modelforge_lsp.catalog.settings import DEFAULT_CATALOG_URL, ENVIRONMENT_VARIABLES
from modelforge_lsp.errors import (
    CatalogFormatError,
    CatalogHTTPError,
    CatalogInsecureURL,
    CatalogNetworkError,
    CatalogRateLimited,
    CatalogTooLarge,
)
from modelforge_lsp.urls import is_loopback_host, redact_url

__all__ = ["DEFAULT_CATALOG_URL", "FetchResult", "ModelsDevClient", "Validators"]

log = logging.getLogger(__name__)

TOKEN_ENV_VAR = "MODELFORGE_CATALOG_TOKEN"  # noqa: S105 -- the variable's name, not a secret
USER_AGENT = f"modelforge-lsp/{__version__} (+https://github.com/modelforge/modelforge-lsp)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "gzip"}
ProgressCallback = Callable[[int, int | None], None]
_OFFLINE_HINT = "or set MODELFORGE_OFFLINE=1 to work from the bundled catalog"
_DEADLINE_VARIABLE = ENVIRONMENT_VARIABLES["fetch_deadline"]
_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous fetch returned, sent back so the server can answer 304 Not Modified."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One successful fetch; on 304 ``catalog`` is ``None`` and the cached copy is still good.

    ``url`` is where the answer finally came from (after redirects; redacted, so fit to store
    and show), ``body_bytes`` the decoded
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
            f"refusing the {what} {redact_url(str(url))}: anyone on the way could alter the "
            "catalog; use an https:// URL (plain http:// is allowed only to loopback hosts like "
            "127.0.0.1)"
        )


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
    ``deadline`` bounds a whole ``fetch`` (attempts, waits, every byte) in seconds.
    ``token`` defaults to ``$MODELFORGE_CATALOG_TOKEN``; pass ``""`` to send none. ``verify`` is
    ``True`` (system trust, honouring ``SSL_CERT_FILE``), or the path of a CA bundle or directory.
    """

    def __init__(
        self,
        url: str = DEFAULT_CATALOG_URL,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        deadline: float = 60.0,
        max_retries: int = 3,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_retry_after: float = 30.0,
        max_bytes: int = 64 * 1024 * 1024,
        token: str | None = None,
        verify: bool | str = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_retries < 0 or max_bytes <= 0 or min(connect_timeout, read_timeout, deadline) <= 0:
            raise ValueError("max_retries must be >= 0; max_bytes and the time limits must be > 0")
        try:
            self._url = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise CatalogInsecureURL(
                f"{redact_url(url)} is not a URL ({exc}); use an https:// URL"
            ) from exc
        _check_url(self._url, "catalog URL")
        self._where, self._shown = host_of(self._url), redact_url(str(self._url))
        self._deadline, self._sockets = deadline, ConnectionSockets()
        self._per_operation = (connect_timeout, read_timeout)
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
            verify=ssl_verify(verify),
            # loopback is this machine, never a proxy's (plain http would carry the token to it)
            mounts=dict.fromkeys(f"all://{host}" for host in self._loopback_hosts()),
            follow_redirects=True,
            max_redirects=5,
            event_hooks={"request": [self._check_hop]},
        )

    def _loopback_hosts(self) -> set[str]:
        own = {self._where} if is_loopback_host(self._url.host) else set()
        return {*_LOOPBACK, *own}

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
        with FetchDeadline(self._deadline, self._sockets) as deadline:
            while True:
                attempt += 1
                try:
                    answer = self._attempt(headers, on_progress, deadline)
                    break
                except _Retryable as failure:
                    if deadline.expired:
                        raise self._late(failure.reason, attempt) from failure.__cause__
                    if attempt > self._retries:
                        raise self._give_up(failure, attempt) from failure.__cause__
                    delay = self._delay(attempt - 1, failure.retry_after)
                    if delay >= deadline.remaining():
                        raise self._late(failure.reason, attempt) from failure.__cause__
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

    def _attempt(
        self,
        headers: dict[str, str],
        on_progress: ProgressCallback | None,
        deadline: FetchDeadline,
    ) -> _Answer:
        conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
        connect, read = (deadline.capped(limit) for limit in self._per_operation)
        timeout = httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
        extensions = {"trace": deadline.trace}
        try:
            with self._http.stream(
                "GET", self._url, headers=headers, timeout=timeout, extensions=extensions
            ) as response:
                self._check_status(response, conditional)
                body = None
                if response.status_code != 304:
                    body = self._read_body(response, on_progress, deadline)
                return _Answer(response.headers, redact_url(str(response.url)), body)
        except httpx.HTTPError as exc:
            failure = self._failure(exc, timeout)
            if deadline.expired and not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
                failure = _Retryable(f"{self._hop(exc)} was still sending")  # we cut it off
            raise failure from exc

    def _named(self, url: httpx.URL) -> str:
        """The host a request went to, in words: after a redirect, not the catalog URL's host."""
        host = host_of(url)
        return host if host == self._where else f"{host} (redirected from {self._where})"

    def _hop(self, exc: httpx.HTTPError) -> str:
        try:
            return self._named(exc.request.url)
        except RuntimeError:  # an error raised before any request was made
            return self._where

    def _failure(self, exc: httpx.HTTPError, timeout: httpx.Timeout) -> Exception:
        """What ``exc`` means for the fetch: a ``_Retryable`` or a final ``CatalogError``."""
        where = self._hop(exc)
        if isinstance(exc, httpx.TimeoutException):
            connecting = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            limit = timeout.connect if connecting else timeout.read
            return _Retryable(f"{where} did not answer within {limit:g}s")
        if isinstance(exc, httpx.ConnectError):
            if (cert := cert_failure(exc)) is not None:
                return CatalogNetworkError(
                    f"the TLS certificate of {where} could not be verified "
                    f"({cert.verify_message}); for a private mirror with its own certificate "
                    "authority, set SSL_CERT_FILE to its CA bundle"
                )
            return offline_error(where, exc) or _Retryable(f"could not connect to {where} ({exc})")
        if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
            return _Retryable(f"the connection to {where} broke ({exc})")
        if isinstance(exc, httpx.DecodingError):
            return CatalogFormatError(
                f"the catalog from {self._shown} could not be decompressed ({exc}); the "
                "download was probably cut short or corrupted -- try again later"
            )
        return CatalogNetworkError(
            f"could not fetch the catalog from {self._shown} ({exc}); check the catalog URL "
            f"and your proxy settings, {_OFFLINE_HINT}"
        )

    def _check_status(self, response: httpx.Response, conditional: bool) -> None:
        status, where = response.status_code, self._named(response.url)
        if status in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            reason = f"{where} answered HTTP {status} {response.reason_phrase}"
            if status == 429:
                asked = "" if retry_after is None else f" and asked to wait {retry_after:g}s"
                reason = f"{where} is rate-limiting catalog downloads (HTTP 429{asked})"
            raise _Retryable(reason, status, retry_after)
        if response.is_success or (status == 304 and conditional):
            return
        hint = f"check the token in {TOKEN_ENV_VAR}" if status in (401, 403) else "check the URL"
        raise CatalogHTTPError(
            f"{where} answered HTTP {status} {response.reason_phrase} for "
            f"{redact_url(str(response.url))}; "
            f"{hint}, {_OFFLINE_HINT}",
            status,
        )

    def _too_large(self, size: str) -> CatalogTooLarge:
        return CatalogTooLarge(
            f"the catalog from {self._shown} is {size}, over the {self._max_bytes}-byte cap; check "
            "the catalog URL, or raise the size cap if this mirror really serves that much"
        )

    def _read_body(
        self,
        response: httpx.Response,
        on_progress: ProgressCallback | None,
        deadline: FetchDeadline,
    ) -> bytes:
        length = response.headers.get("Content-Length", "")
        declared = int(length) if length.isdigit() else None
        if declared is not None and declared > self._max_bytes:
            raise self._too_large(f"{declared} bytes (Content-Length)")
        compressed = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        total = None if compressed else declared
        body = bytearray()
        for chunk in response.iter_bytes():
            if deadline.expired:
                raise _Retryable(
                    f"{self._named(response.url)} was still sending ({len(body)} bytes)"
                )
            body += chunk
            if len(body) > self._max_bytes:
                raise self._too_large(f"more than {self._max_bytes} bytes")
            if on_progress is not None:
                on_progress(len(body), total)
        return bytes(body)

    def _decode(self, body: bytes) -> ParsedCatalog:
        try:  # a repeated key: CatalogFormatError from the hook (not a ValueError: passes through)
            raw = json.loads(body.decode("utf-8"), object_pairs_hook=unique_keys)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError too
            raise CatalogFormatError(
                f"the catalog from {self._shown} is not UTF-8 JSON ({exc}); the download may have "
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

    def _late(self, reason: str, attempts: int) -> CatalogNetworkError:
        """The deadline passed: say so in plain words, with the setting that moves it."""
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        return CatalogNetworkError(
            f"{self._where} did not finish sending the catalog within {self._deadline:g} s "
            f"({tries}; last: {reason}); try again, or raise {_DEADLINE_VARIABLE} "
            f"(seconds, now {self._deadline:g}) on a slow network, {_OFFLINE_HINT}"
        )
