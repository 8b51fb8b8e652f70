"""Shell completion of provider and model names, from the catalog on disk (never the network).

Click completes commands and options itself (``_MODELFORGE_COMPLETE``, the scripts that
``modelforge completion bash|zsh|fish`` prints); the arguments that name catalog entries get
``complete_provider``, ``complete_model`` and ``complete_model_ref`` as their
``shell_complete``. A completion runs for every Tab, so it reads the catalog the way an
offline command does (the disk cache, else the bundled snapshot) and never starts a refresh.
During completion the group's callback has not run, so the catalog is loaded here, with the
``--cache-dir`` typed on the line if any.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource

__all__ = ["complete_model", "complete_model_ref", "complete_provider"]

_MOST = 200
"""At most this many candidates: a shell lists them all, and nobody reads more."""


def _catalog(ctx: click.Context) -> Catalog:
    settings = replace(CatalogSettings.from_env(), offline=True)
    cache_dir = ctx.find_root().params.get("cache_dir")
    if isinstance(cache_dir, Path):
        settings = replace(settings, cache_dir=cache_dir)
    return CatalogSource(settings).load()


def _providers(catalog: Catalog, incomplete: str) -> list[CompletionItem]:
    typed = incomplete.lower().replace("_", "-")
    found = [p for p in catalog.providers if p.id.lower().startswith(typed)]
    if not found:  # no prefix match: any id containing what was typed
        found = [p for p in catalog.providers if typed in p.id.lower()]
    return [CompletionItem(p.id, help=p.name) for p in sorted(found, key=lambda p: p.id)][:_MOST]


def _models(
    catalog: Catalog, provider: str, incomplete: str, prefix: str = ""
) -> list[CompletionItem]:
    info = catalog.provider(provider)
    if info is None:
        return []
    ids = sorted(m for m in info.models if m.startswith(incomplete))
    if not ids:
        ids = sorted(m for m in info.models if incomplete.lower() in m.lower())
    return [CompletionItem(f"{prefix}{m}", help=info.models[m].name) for m in ids][:_MOST]


def complete_provider(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Catalog provider ids starting with (else containing) what was typed; after a
    ``provider/``, that provider's models (``info`` takes ``PROVIDER/MODEL`` too)."""
    catalog = _catalog(ctx)
    head, slash, tail = incomplete.partition("/")
    if slash and catalog.provider(head) is not None:
        return _models(catalog, head, tail, prefix=f"{head}/")
    return _providers(catalog, incomplete)


def complete_model(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Model ids of the provider already on the line (``-p``, or ``info``'s PROVIDER)."""
    provider = ctx.params.get("provider")
    if not isinstance(provider, str) or not provider:
        return []
    return _models(_catalog(ctx), provider, incomplete)


def complete_model_ref(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """``PROVIDER/MODEL``: provider ids (with the ``/``) until one is typed or only one fits,
    then its models."""
    catalog = _catalog(ctx)
    head, slash, tail = incomplete.partition("/")
    if slash and catalog.provider(head) is not None:
        return _models(catalog, head, tail, prefix=f"{head}/")
    providers = _providers(catalog, incomplete)
    if len(providers) == 1:
        only = providers[0].value
        return _models(catalog, only, "", prefix=f"{only}/")
    return [CompletionItem(f"{item.value}/", help=item.help) for item in providers]
