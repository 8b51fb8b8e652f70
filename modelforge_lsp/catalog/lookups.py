"""One lookup: this provider, or this model of this provider -- or what did you mean.

Every front asks the catalog this question when a user names a provider or a model: the CLI
(``info``, ``compare``, ``search -p``, ``config add``, ``discover``), ``config.files.choose_model``
and the catalog checks behind the editor's diagnostics. They all ask it here, so a misspelling
gets the same suggestions everywhere, and the editor's warning agrees with the CLI's refusal.

* ``lookup`` answers with the ``ProviderInfo``/``ModelInfo``, or raises ``ModelNotFound``
  (``kind``, ``query``, ``suggestions``) with a message ready to print.
* ``suggest_providers``/``suggest_models`` are its did-you-mean, for callers that report a miss
  rather than refuse it (the checks turn it into a finding and its quick fixes).

Provider suggestions are the ids scoring at least ``SUGGESTION_CUTOFF`` (rapidfuzz ``ratio``,
0-100, case-insensitive, ``_`` = ``-``). 80 keeps a slip or a swap of letters (``opnai`` 91,
``antrhopic`` 89, ``mistarl`` 86, ``opeani`` 83) and stays quiet for the names people give their
own gateways (``corp-gateway`` 67 against ``cloudflare-ai-gateway``), which the checks report as
a hint, not as a misspelling. Model suggestions are the catalog's ranked search within the
provider: model ids are long and versioned, and the search already takes ``4.5`` for ``4-5``.
"""

from __future__ import annotations

from typing import overload

from modelforge_lsp.catalog.index import Catalog
from modelforge_lsp.catalog.models import ModelInfo, ProviderInfo
from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.errors import ModelNotFound

__all__ = ["SUGGESTION_CUTOFF", "SUGGESTION_LIMIT", "lookup", "suggest_models", "suggest_providers"]

SUGGESTION_CUTOFF = 80.0
"""The least similarity (0-100) at which a provider id is offered as "did you mean"."""
SUGGESTION_LIMIT = 3
"""At most this many suggestions: enough to contain the right one, few enough to read."""
_SERVED_BY_SHOWN = 3


def suggest_providers(catalog: Catalog, query: str) -> tuple[str, ...]:
    """Provider ids ``query`` is probably a misspelling of, best first; ``()`` if none is close."""
    ids = (p.id for p in catalog.providers)
    return tuple(closest(query, ids, limit=SUGGESTION_LIMIT, cutoff=SUGGESTION_CUTOFF))


def suggest_models(catalog: Catalog, provider_id: str, query: str) -> tuple[str, ...]:
    """Model ids of ``provider_id`` that ``query`` probably means, best first."""
    found = catalog.search(query, provider=provider_id, limit=SUGGESTION_LIMIT)
    return tuple(model.id for model in found)


@overload
def lookup(catalog: Catalog, provider: str) -> ProviderInfo: ...
@overload
def lookup(catalog: Catalog, provider: str, model: str) -> ModelInfo: ...
def lookup(catalog: Catalog, provider: str, model: str | None = None) -> ProviderInfo | ModelInfo:
    """The provider named ``provider`` (``_`` and ``-`` alike), or its model ``model``.

    Raises ``ModelNotFound`` when either is not in the catalog: ``kind`` is ``"provider"`` or
    ``"model"``, ``suggestions`` the ids the user probably meant; for a model, ``served_by``
    lists the providers that do serve that id (the user may have the wrong provider).
    """
    info = catalog.provider(provider)
    if info is None:
        suggestions = suggest_providers(catalog, provider)
        raise ModelNotFound(
            "provider",
            provider,
            suggestions,
            message=f"unknown provider {provider!r}{did_you_mean(suggestions)}",
        )
    if model is None:
        return info
    found = catalog.model(info.id, model)
    if found is not None:
        return found
    suggestions = suggest_models(catalog, info.id, model)
    served_by = tuple(p.id for p in catalog.providers_offering(model))
    served = f" (served by {', '.join(served_by[:_SERVED_BY_SHOWN])})" if served_by else ""
    message = f"unknown model {model!r} for provider {info.id}{served}{did_you_mean(suggestions)}"
    raise ModelNotFound(
        "model", model, suggestions, provider=info.id, served_by=served_by, message=message
    )
