"""One exception tree for the whole package, so callers can catch at the depth they care about.

::

    ModelForgeError                 root: catch this to handle anything we raise on purpose
    ├── CatalogError                anything about getting or reading the models.dev catalog
    │   ├── CatalogNetworkError     could not reach the catalog (DNS, connect, reset, timeout, 5xx)
    │   │   └── CatalogRateLimited  the server said 429; ``retry_after`` says when to come back
    │   ├── CatalogHTTPError        the server answered with a status we cannot use (404, 401, ...)
    │   ├── CatalogFormatError      the body is not a models.dev catalog (bad gzip, JSON, shape)
    │   │   └── CatalogTooLarge     the body is over the configured size cap
    │   ├── CatalogInsecureURL      refused: plain ``http://`` off loopback
    │   ├── ModelNotFound           a provider, or a model of one, that the user named is not in
    │   │                           the catalog (``kind``, ``query``, ``suggestions``)
    │   └── CatalogUnavailable      offline mode or the catalog feature toggle forbids the request
    └── ConfigError                 anything about reading or changing a user's config file
        ├── ConfigReadError         a config file that cannot be read as text: missing, a
        │                           directory, not permitted, not UTF-8 (``reason`` says which)
        ├── ConfigEditError         a change that cannot be made safely (file left untouched)
        ├── ConfigWriteError        the system refused the write (disk full, read-only file
        │                           system, no permission): ``errno``, ``path``, what to do
        └── MigrationError          a 2.x JSON config that cannot be migrated (nothing written)

Every message says what happened and what the user can do about it, so the CLI can print it as
is and the server can log it without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

__all__ = [
    "CatalogError",
    "CatalogFormatError",
    "CatalogHTTPError",
    "CatalogInsecureURL",
    "CatalogNetworkError",
    "CatalogRateLimited",
    "CatalogTooLarge",
    "CatalogUnavailable",
    "ConfigEditError",
    "ConfigError",
    "ConfigReadError",
    "ConfigWriteError",
    "MigrationError",
    "ModelForgeError",
    "ModelNotFound",
]


class ModelForgeError(Exception):
    """Root of every exception this package raises on purpose."""


class CatalogError(ModelForgeError):
    """The models.dev catalog could not be fetched, stored or read."""


class CatalogNetworkError(CatalogError):
    """The catalog server could not be reached or kept failing (retried errors end here)."""


class CatalogRateLimited(CatalogNetworkError):
    """The catalog server answered 429 Too Many Requests, even after the allowed retries."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CatalogHTTPError(CatalogError):
    """The catalog server answered with a status that retrying will not fix."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class CatalogFormatError(CatalogError):
    """The data is not a models.dev catalog: truncated, not JSON, or the wrong shape."""


class CatalogTooLarge(CatalogFormatError):
    """The response body exceeds the configured size cap."""


class CatalogInsecureURL(CatalogError):
    """A catalog URL uses plain HTTP to a host that is not loopback."""


class ModelNotFound(CatalogError):
    """A provider, or a model of a provider, that the user named is not in the catalog.

    One exception for one question, whoever asks it (``info``, ``config add``, the checks):
    ``kind`` says which of the two was not found, ``query`` is the name as the user gave it and
    ``suggestions`` the catalog ids they most likely meant, best first. For a model, ``provider``
    is the catalog provider that was searched and ``served_by`` the providers that do serve a
    model of that id. The message is ready to print; ``catalog.lookup`` builds it with the
    did-you-mean, a caller with more to say (a command to try) passes its own.
    """

    def __init__(
        self,
        kind: Literal["provider", "model"],
        query: str,
        suggestions: Sequence[str] = (),
        *,
        provider: str | None = None,
        served_by: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        where = f" for provider {provider}" if provider is not None else ""
        super().__init__(message or f"unknown {kind} '{query}'{where}")
        self.kind: Literal["provider", "model"] = kind
        self.query = query
        self.suggestions = tuple(suggestions)
        self.provider = provider
        self.served_by = tuple(served_by)


class CatalogUnavailable(CatalogError):
    """The network is off limits: offline mode, or the catalog is disabled by settings."""


class ConfigError(ModelForgeError):
    """A config file could not be read, changed or migrated as asked."""


class ConfigReadError(ConfigError):
    """A config file could not be read as text; the message names the file and the reason.

    ``reason`` lets a caller treat one case on its own (a writer takes a missing file as empty).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str,
        reason: Literal["missing", "directory", "permission", "encoding", "os"],
    ) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class ConfigEditError(ConfigError):
    """A config change that cannot be made safely; the message says what to do instead."""


class ConfigWriteError(ConfigError):
    """The operating system refused to write a config file (``ENOSPC``, ``EROFS``, ``EACCES``
    ...): the message names the file, the cause in words and what to do; the file is as it was.

    A system condition, not a bug of ours, so the CLI prints it as one line, not as an
    "internal error"; ``errno`` lets a caller tell the cases apart.
    """

    def __init__(self, message: str, *, path: str, errno: int | None) -> None:
        super().__init__(message)
        self.path = path
        self.errno = errno


class MigrationError(ConfigError):
    """The JSON cannot be migrated (not JSON, not an object); nothing was written."""
