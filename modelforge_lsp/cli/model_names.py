"""How the commands name providers and models, and what they say when the catalog has no such one.

``info``, ``compare``, ``search -p``, ``config add-auto -p`` and ``discover`` take names from the
command line. The question -- this provider, this model of it, or what did you mean -- is
``catalog.lookup``'s, so the suggestions are those the editor shows; what is added here is the
command line's own: the ``PROVIDER/MODEL`` form, ``provider/model`` references people can paste
back, and a command to try when nothing is close.
"""

from __future__ import annotations

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo, lookup
from modelforge_lsp.catalog.suggest import did_you_mean
from modelforge_lsp.cli.render import model_ref
from modelforge_lsp.errors import ModelNotFound

__all__ = ["find_model", "find_provider"]

_SHOWN = 3
_EXAMPLE_PROVIDERS = "openai, anthropic or openrouter"


def find_provider(catalog: Catalog, name: str) -> ProviderInfo:
    """The provider ``name`` (``_`` and ``-`` alike); ``ModelNotFound`` with suggestions, or with
    example ids when nothing is close."""
    try:
        return lookup(catalog, name)
    except ModelNotFound as missing:
        if missing.suggestions:
            raise
        raise ModelNotFound(
            "provider",
            name,
            message=f"{missing}; use a models.dev provider id such as {_EXAMPLE_PROVIDERS}",
        ) from None


def find_model(catalog: Catalog, first: str, second: str | None = None) -> ModelInfo:
    """The model named by ``PROVIDER MODEL`` or ``PROVIDER/MODEL``; ``ModelNotFound`` otherwise.

    Model ids may contain ``/`` themselves (``openrouter`` serves ``anthropic/claude-sonnet-4.5``),
    so a single argument is split at its first ``/`` only when what precedes it is a provider.
    Suggestions are ``provider/model`` references, the provider's own models first, then
    providers serving the id as typed (a reseller's ``vendor/model`` id, the maker's own).
    """
    if second is not None:
        provider_id, model_id = first, second
    else:
        head, slash, tail = first.partition("/")
        if not (slash and tail and catalog.provider(head) is not None):
            raise _without_provider(catalog, first)
        provider_id, model_id = head, tail
    provider = find_provider(catalog, provider_id)
    try:
        return lookup(catalog, provider.id, model_id)
    except ModelNotFound as missing:
        near = [f"{provider.id}/{m}" for m in missing.suggestions]
        # "anthropic/claude-sonnet-4.5" may be a reseller's whole model id (openrouter serves it)
        whole = [] if second is not None else _served_as(catalog, first)
        refs = list(dict.fromkeys([*near, *whole[:2], *_served_as(catalog, model_id)[:2]]))
        search = f"modelforge search {model_id} --provider {provider.id}"
        hint = did_you_mean(refs) or f"; try `{search}`"
        raise ModelNotFound(
            "model",
            model_id,
            refs,
            provider=provider.id,
            served_by=missing.served_by,
            message=f"{provider.id} has no model {model_id!r}{hint}",
        ) from None


def _served_as(catalog: Catalog, model_id: str) -> list[str]:
    """``provider/id`` for each provider serving ``model_id`` (or ``vendor/model_id``)."""
    return [
        f"{p.id}/{m.id}"
        for p in catalog.providers_offering(model_id)
        for m in p.models.values()
        if m.id == model_id or m.id.endswith(f"/{model_id}")
    ]


def _without_provider(catalog: Catalog, text: str) -> ModelNotFound:
    """What to say about one argument that is not ``PROVIDER/MODEL``: a bare provider (which
    model?), a bare model id (which provider?), an unknown provider, or nothing we know."""
    head, slash, _ = text.partition("/")
    provider = None if slash else catalog.provider(text)
    if provider is not None:
        return ModelNotFound(
            "model",
            "",
            provider=provider.id,
            message=f"which model of {text}? list them with `modelforge search --provider {text}`",
        )
    offering = _served_as(catalog, text)[:_SHOWN]
    if offering:
        return ModelNotFound(
            "provider",
            text,
            offering,
            message=f"{text!r} needs a provider (PROVIDER/MODEL){did_you_mean(offering)}",
        )
    if slash:
        try:
            find_provider(catalog, head)
        except ModelNotFound as missing:
            return missing
    near = [model_ref(m) for m in catalog.search(text, limit=_SHOWN)]
    return ModelNotFound(
        "provider", text, near, message=f"{text!r} is not PROVIDER/MODEL{did_you_mean(near)}"
    )
