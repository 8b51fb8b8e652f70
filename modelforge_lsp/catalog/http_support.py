"""The catalog client's small helpers: how long ``Retry-After`` asks for, whether a connect
error was a certificate failure, the TLS trust to verify with, and how a host is named.

Pure functions of their arguments (and the clock, for an HTTP-date), kept apart so the client
reads as the fetch it performs.
"""

from __future__ import annotations

import math
import os
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from modelforge_lsp.errors import CatalogError

__all__ = ["cert_failure", "host_of", "parse_retry_after", "ssl_verify"]


def parse_retry_after(value: str | None) -> float | None:
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


def cert_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate error behind an httpx connect error (httpx -> httpcore -> ssl), if any."""
    cause: BaseException | None = exc
    for _ in range(8):  # the chain is short; the bound guards against a cyclic one
        if cause is None or isinstance(cause, ssl.SSLCertVerificationError):
            break
        cause = cause.__cause__ or cause.__context__
    return cause if isinstance(cause, ssl.SSLCertVerificationError) else None


def ssl_verify(verify: bool | str) -> bool | ssl.SSLContext:
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


def host_of(url: httpx.URL) -> str:
    """``host[:port]`` of ``url``: what messages name, never the user info before it."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return host if url.port is None else f"{host}:{url.port}"
