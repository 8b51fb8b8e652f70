"""What changed between two copies of the catalog: models added, removed and newly deprecated.

``modelforge refresh-cache`` prints this after a fetch, so a user learns that the model in their
config was just deprecated without reading models.dev's history. Models are matched by the
provider's normalised id and the model id, the same identity every lookup uses, so a provider
respelled ``github_copilot`` -> ``github-copilot`` is not reported as a removal plus an addition.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelforge_lsp.catalog.index import Catalog
from modelforge_lsp.catalog.models import ModelInfo, normalize_provider_id

__all__ = ["CatalogDiff", "diff_catalogs"]


@dataclass(frozen=True, slots=True)
class CatalogDiff:
    """Models by change, each group sorted by provider id, then model id.

    ``added`` and ``removed`` hold the model as the catalog that has it describes it;
    ``deprecated`` holds models present in both whose status became ``deprecated`` (as the new
    catalog describes them). A model that arrives already deprecated counts as added only.
    """

    added: tuple[ModelInfo, ...] = ()
    removed: tuple[ModelInfo, ...] = ()
    deprecated: tuple[ModelInfo, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.deprecated)


def _by_key(catalog: Catalog) -> dict[tuple[str, str], ModelInfo]:
    return {
        (normalize_provider_id(provider.id), model.id): model
        for provider in catalog.providers
        for model in provider.models.values()
    }


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """The changes that turn ``old`` into ``new`` (pure; neither catalog is touched)."""
    before, after = _by_key(old), _by_key(new)
    added = [after[key] for key in sorted(after.keys() - before.keys())]
    removed = [before[key] for key in sorted(before.keys() - after.keys())]
    deprecated = [
        after[key]
        for key in sorted(before.keys() & after.keys())
        if after[key].is_deprecated and not before[key].is_deprecated
    ]
    return CatalogDiff(tuple(added), tuple(removed), tuple(deprecated))
