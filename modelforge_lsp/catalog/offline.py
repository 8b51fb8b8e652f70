"""Telling "offline" from "slow": which connect failures are not worth another attempt.

Without network every CLI command used to retry models.dev four times (1-3.8 s of backoff) and
then say nothing about it (issue 12). A failed name lookup, a refused connection and a missing
route are answers, not accidents: an attempt a second later meets the same answer. So the
client reports them at once (``offline_error``), and keeps retrying what may pass (timeouts,
resets, 5xx, 429).
"""

from __future__ import annotations

import errno
import socket

from modelforge_lsp.catalog.deadline import NameNotResolved
from modelforge_lsp.errors import CatalogNetworkError

__all__ = ["is_offline", "offline_error"]

_NO_ROUTE = frozenset({errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH})
_HINT = "or set MODELFORGE_OFFLINE=1 to work from the bundled catalog"


def is_offline(error: BaseException) -> bool:
    """A failed name lookup, or a connection refused or without a route, anywhere in the chain
    of causes (httpx wraps httpcore, which wraps the ``OSError``)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror | NameNotResolved):
            return True
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def offline_error(where: str, error: BaseException) -> CatalogNetworkError | None:
    """The final error for a connect failure to ``where`` that retrying will not fix, else
    ``None`` (retry as usual)."""
    if not is_offline(error):
        return None
    return CatalogNetworkError(
        f"could not connect to {where} ({error}; not retried: looks offline); "
        f"check your network or proxy, {_HINT}"
    )
