"""The best JSON Schema a user could give yaml-language-server for a ModelForge config.

The peer knows nothing of models.dev; what it can know is what a user generates for it. So this
is generous: the config language's whole key tree (``config.language.ROOT``: every key with its
doc, type and enum, ``llm_type`` required), every catalog provider as a known key under
``providers`` (an unknown one is still allowed, as ModelForge allows it), and under each
provider's ``models`` every catalog model id as a property whose description is a short card
(name, price in/out per 1M tokens, context) -- with ``additionalProperties: false`` there, so an
unknown model is flagged like our MF30x. What a schema cannot express (did-you-mean, deprecated
successors, runtime rules, references) the peer simply lacks; the bench measures speed, not that.
"""

from __future__ import annotations

from typing import Any

from modelforge_lsp.catalog import ModelInfo, ProviderInfo
from modelforge_lsp.config.language import ROOT, KeySpec

__all__ = ["model_card", "schema_for"]

_TYPES = {"string": "string", "url": "string", "enum": "string", "boolean": "boolean"}


def _key(spec: KeySpec) -> dict[str, Any]:
    """A ``KeySpec`` (and its children) as JSON Schema."""
    out: dict[str, Any] = {"description": spec.doc, "markdownDescription": spec.doc}
    if spec.enum:
        out["enum"] = list(spec.enum)
    elif spec.type == "url":
        out["type"], out["format"] = "string", "uri"
    elif spec.type in _TYPES:
        out["type"] = _TYPES[spec.type]
    if spec.type == "map":
        out["type"] = ["object", "null"]
        if spec.children:
            out["properties"] = {name: _key(child) for name, child in spec.children.items()}
            out["additionalProperties"] = spec.open
        if spec.item is not None:
            out["additionalProperties"] = _key(spec.item)
        required = [name for name, child in spec.children.items() if child.required]
        if required:
            out["required"] = required
    return out


def model_card(model: ModelInfo) -> str:
    """What a user would put in a model's description: name, prices, context."""
    parts = [f"**{model.name}** (`{model.id}`)"]
    cost, limit = model.cost, model.limit
    if cost is not None and cost.input is not None and cost.output is not None:
        parts.append(f"${cost.input:g} in / ${cost.output:g} out per 1M tokens")
    if limit is not None and limit.context:
        parts.append(f"context {limit.context:,} tokens")
    if model.status:
        parts.append(f"status: {model.status}")
    return " -- ".join(parts)


def _provider(provider: ProviderInfo, template: dict[str, Any]) -> dict[str, Any]:
    out = dict(template)
    out["markdownDescription"] = (
        f"**{provider.name}** -- {len(provider.models)} models; env: {', '.join(provider.env)}"
    )
    properties = dict(template["properties"])
    models = {
        model.id: {
            "type": ["object", "null"],
            "markdownDescription": model_card(model),
            "properties": {"api_model_name": {"enum": [model.id]}},
            "additionalProperties": False,
        }
        for model in provider.models.values()
    }
    properties["models"] = {
        **template["properties"]["models"],
        "properties": models,
        "propertyNames": {"enum": list(models)},
        "additionalProperties": False,
    }
    out["properties"] = properties
    return out


def schema_for(providers: list[ProviderInfo]) -> dict[str, Any]:
    """The schema for configs using ``providers`` (the catalog's, all of them by default)."""
    root = _key(ROOT)
    root["$schema"] = "http://json-schema.org/draft-07/schema#"
    root["title"] = "ModelForge config"
    provider_map = root["properties"]["providers"]
    template = provider_map["additionalProperties"]
    definitions: dict[str, Any] = {}
    known: dict[str, Any] = {}
    for provider in providers:  # each defined once, reachable by both spellings of its key
        definitions[provider.id] = _provider(provider, template)
        ref = {"$ref": f"#/definitions/{provider.id}"}
        known[provider.id] = ref
        known.setdefault(provider.id.replace("-", "_"), ref)
    provider_map["properties"] = known
    root["definitions"] = definitions
    return root
