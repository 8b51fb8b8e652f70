"""Ranking providers for a half-typed name: what completion offers for a provider key.

Provider ids are few (about 130) and people type them from memory -- ``opnai``, ``copilot`` for
``github-copilot``, ``Anthropic`` -- so the ranking forgives case, ``_``/``-``, typos and partial
words, and puts the labs that make their models ahead of resellers.
"""

from __future__ import annotations

from collections.abc import Sequence

from modelforge_lsp.catalog.fuzzy import rapidfuzz
from modelforge_lsp.catalog.index import FIRST_PARTY_PROVIDERS
from modelforge_lsp.catalog.models import ProviderInfo, normalize_provider_id

__all__ = ["rank_providers"]

_FUZZY_CUTOFF = 60.0
_PARTIAL_WEIGHT = 0.9


def rank_providers(prefix: str, providers: Sequence[ProviderInfo]) -> list[ProviderInfo]:
    """Providers for a half-typed key: exact, then prefix (id or name), then fuzzy by score.

    Ties go to the labs that make their models (``openai`` before its resellers), then by id.
    With no prefix every provider qualifies, makers first.
    """
    query = normalize_provider_id(prefix)
    scored: list[tuple[tuple[int, float, bool, str], ProviderInfo]] = []
    for provider in providers:
        key = normalize_provider_id(provider.id)
        name = provider.name.casefold()
        if not query:
            tier, score = 1, 0.0
        elif query == key:
            tier, score = 0, 100.0
        elif key.startswith(query) or name.startswith(query):
            tier, score = 1, 0.0
        else:
            score = max(_fuzzy(query, key), _fuzzy(query, name))
            if score < _FUZZY_CUTOFF:
                continue
            tier = 2
        standing = provider.id not in FIRST_PARTY_PROVIDERS
        scored.append(((tier, -score, standing, provider.id), provider))
    scored.sort(key=lambda item: item[0])
    return [provider for _, provider in scored]


def _fuzzy(query: str, choice: str) -> float:
    """A typo (``opnai``) or a part of a longer id (``copilot`` in ``github-copilot``)."""
    fuzz = rapidfuzz().fuzz  # on first use: most commands rank no provider
    score = fuzz.ratio(query, choice)
    if len(query) < len(choice):
        score = max(score, _PARTIAL_WEIGHT * fuzz.partial_ratio(query, choice))
    return float(score)
