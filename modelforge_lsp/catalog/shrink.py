"""The shrink guard: a refresh that loses most of the catalog is held back, not stored.

A catalog that parses can still be wrong: a mirror serving one provider's page, a truncated
export that happens to be valid JSON, or a tampered copy that removes the models a team uses. If
it replaced the cache, every config in every editor would light up with "unknown model" at once,
and the good copy would be gone. models.dev grows; it does not lose half of itself in a day. So a
refresh whose catalog has fewer than ``SHRINK_LIMIT`` of the cached copy's models is refused with
``CatalogShrinkHeld`` (the cache keeps the good copy), and the caller can take it anyway when a
person says so (``modelforge refresh-cache --accept-shrink``; the server's
``modelforge.refreshCatalog`` with ``{"acceptShrink": true}``).

The baseline is the cached copy only: a first fetch over the bundled snapshot is not judged,
because a mirror that serves a deliberately small catalog (a company's approved models) is a
legitimate choice, made once, before any copy of it exists.
"""

from __future__ import annotations

from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.errors import CatalogFormatError

__all__ = ["SHRINK_LIMIT", "CatalogShrinkHeld", "check_shrink"]

SHRINK_LIMIT = 0.5
"""The share of the cached models a new catalog must keep to replace it without being asked."""


class CatalogShrinkHeld(CatalogFormatError):
    """A fetched catalog lost more than half of the cached copy's models; it was not stored."""

    def __init__(self, message: str, *, previous: int, fetched: int) -> None:
        super().__init__(message)
        self.previous = previous
        self.fetched = fetched


def check_shrink(previous: ParsedCatalog | None, fetched: ParsedCatalog, *, url: str) -> None:
    """Raise ``CatalogShrinkHeld`` when ``fetched`` keeps less than ``SHRINK_LIMIT`` of
    ``previous``'s models (``None``: nothing cached, nothing to compare)."""
    if previous is None:
        return
    before, after = previous.model_count, fetched.model_count
    if before == 0 or after >= before * SHRINK_LIMIT:
        return
    lost = 1 - after / before
    raise CatalogShrinkHeld(
        f"the catalog from {url} has {after:,} models where the cached copy has {before:,} "
        f"({lost:.0%} fewer), so it was held back and the cached copy kept; if the mirror "
        "really serves fewer models now, take it with `modelforge refresh-cache --accept-shrink`",
        previous=before,
        fetched=after,
    )
