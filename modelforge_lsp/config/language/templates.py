"""The provider block a new provider gets: the catalog's facts in the config language's words.

The catalog says where a provider's API lives (``api``) and which environment variable holds its
key (``env``); the config language needs an ``llm_type`` and, for some providers, an auth
strategy. ``provider_template`` maps one onto the other, once -- completion's provider snippet
and ``config add`` both write what it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelforge_lsp.catalog import ProviderInfo
from modelforge_lsp.config.language.semantics import guess_llm_type, uses_device_flow

__all__ = ["ProviderTemplate", "provider_template"]


@dataclass(frozen=True, slots=True)
class ProviderTemplate:
    key: str
    llm_type: str
    base_url: str | None
    auth_strategy: str | None
    """``None`` means the default (``api_key``), so the field is left out."""
    env: tuple[str, ...]

    def fields(self) -> list[tuple[str, str]]:
        """The provider's scalar fields in the order they are written."""
        items = [("llm_type", self.llm_type)]
        if self.base_url:
            items.append(("base_url", self.base_url))
        if self.auth_strategy:
            items.append(("auth_strategy", self.auth_strategy))
        return items


def provider_template(provider: ProviderInfo) -> ProviderTemplate:
    return ProviderTemplate(
        key=provider.id,
        llm_type=guess_llm_type(provider.id),
        base_url=provider.api,
        auth_strategy="device_flow" if uses_device_flow(provider.id) else None,
        env=provider.env,
    )
