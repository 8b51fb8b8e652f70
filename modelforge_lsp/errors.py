"""One exception tree for the whole package, so callers can catch at the depth they care about.

::

    ModelForgeError                 root: catch this to handle anything we raise on purpose
    └── CatalogError                anything about getting or reading the models.dev catalog
        ├── CatalogNetworkError     could not reach the catalog (DNS, connect, reset, timeout, 5xx)
        │   └── CatalogRateLimited  the server said 429; ``retry_after`` says when to come back
        ├── CatalogHTTPError        the server answered with a status we cannot use (404, 401, ...)
        ├── CatalogFormatError      the body is not a models.dev catalog (bad gzip, JSON, shape)
        │   └── CatalogTooLarge     the body is over the configured size cap
        ├── CatalogInsecureURL      refused: plain ``http://`` off loopback
        ├── ModelNotFound           a PROVIDER/MODEL the user named is not in the catalog
        └── CatalogUnavailable      offline mode or the catalog feature toggle forbids the request
    └── ConfigError                 anything about reading or changing a user's config file
        ├── ConfigEditError         a change that cannot be made safely (file left untouched)
        ├── ModelChoiceError        a provider or model the user named is not in the catalog
        └── MigrationError          a 2.x JSON config that cannot be migrated (nothing written)

Every message says what happened and what the user can do about it, so the CLI can print it as
is and the server can log it without a traceback.
"""

from __future__ import annotations

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
    "MigrationError",
    "ModelChoiceError",
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
    """A PROVIDER/MODEL the user named is not in the catalog; the message has suggestions."""


class CatalogUnavailable(CatalogError):
    """The network is off limits: offline mode, or the catalog is disabled by settings."""


class ConfigError(ModelForgeError):
    """A config file could not be read, changed or migrated as asked."""


class ConfigEditError(ConfigError):
    """A config change that cannot be made safely; the message says what to do instead."""


class ModelChoiceError(ConfigError):
    """The provider or model a user named is not in the catalog.

    ``kind`` says which of the two was not found; ``suggestions`` are the closest ids.
    """

    def __init__(self, message: str, kind: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.suggestions = suggestions


class MigrationError(ConfigError):
    """The JSON cannot be migrated (not JSON, not an object); nothing was written."""
