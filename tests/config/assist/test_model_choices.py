"""Model completion reads only the head of a long list when that gives the same answer.

``model_choices`` with nothing typed lists the newest few hundred models instead of all of a
provider's; the first ``limit`` and whether more exist must be what the whole list gives, for
every provider of the bundled catalog (and with models already in the file left out).
"""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Catalog, ModelInfo
from modelforge_lsp.catalog.snapshot import load_snapshot
from modelforge_lsp.config.assist.image_models import unless_typed_for
from modelforge_lsp.config.assist.model_choices import model_choices


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def whole_list(catalog: Catalog, provider: str, exclude: set[str]) -> list[ModelInfo]:
    """The answer from every model of the provider (what completion read before)."""
    everything = catalog.search("", provider=provider, limit=10**6)
    kept = unless_typed_for([m for m in everything if m.id.casefold() not in exclude], "")
    return [m for m in kept if not m.is_deprecated] + [m for m in kept if m.is_deprecated]


@pytest.mark.parametrize("limit", [1, 3, 20, 100])
def test_nothing_typed_gives_what_the_whole_list_gives(catalog: Catalog, limit: int) -> None:
    for provider in catalog.providers:
        ids = [m.id.casefold() for m in provider.models.values()]
        for exclude in (set(), set(ids[::3])):
            found = model_choices(catalog, provider.id, "", limit, exclude)
            expected = whole_list(catalog, provider.id, exclude)
            assert found[:limit] == expected[:limit], provider.id
            assert (len(found) > limit) == (len(expected) > limit), provider.id


def test_no_catalog_or_unknown_provider_has_no_models(catalog: Catalog) -> None:
    assert model_choices(None, "openai", "", 10) == []
    assert model_choices(catalog, "no-such-provider", "gpt", 10) == []
