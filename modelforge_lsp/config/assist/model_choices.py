"""The models completion offers under a provider: best first, deprecated last, no image models.

At a 100k-model catalog one aggregator serves 9,000 models; listing them all to show the first
hundred cost most of a completion. With nothing typed, the newest few hundred are enough unless
they hold too few active chat models (then the whole list is read, as before).
"""

from __future__ import annotations

from collections.abc import Collection

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.config.assist.image_models import unless_typed_for

__all__ = ["model_choices"]

_HEAD = 4
"""With nothing typed, read this many times the models wanted before reading them all."""


def model_choices(
    catalog: Catalog | None,
    provider_key: str,
    prefix: str,
    limit: int,
    exclude: Collection[str] = (),
) -> list[ModelInfo]:
    """The provider's models matching ``prefix``, best first, deprecated ones last; those whose
    folded id is in ``exclude`` left out.

    More than ``limit`` when more match, so the caller can tell the list was cut. An unknown
    provider has none: its models are not the catalog's to suggest.
    """
    provider = None if catalog is None else catalog.provider(provider_key)
    if catalog is None or provider is None:
        return []
    wanted = limit + len(exclude) + 1
    if not prefix:
        head = _kept(catalog, provider, prefix, _HEAD * wanted, exclude)
        if sum(not m.is_deprecated for m in head) > limit:
            return [m for m in head if not m.is_deprecated]
        wanted = len(provider.models)
    kept = _kept(catalog, provider, prefix, wanted, exclude)
    return [m for m in kept if not m.is_deprecated] + [m for m in kept if m.is_deprecated]


def _kept(
    catalog: Catalog, provider: ProviderInfo, prefix: str, wanted: int, exclude: Collection[str]
) -> list[ModelInfo]:
    found = catalog.search(prefix, provider=provider.id, limit=wanted)
    return unless_typed_for([m for m in found if m.id.casefold() not in exclude], prefix)
