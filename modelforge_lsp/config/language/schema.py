"""The ModelForge config language (DESIGN §2) as data: one source of truth for every feature.

Completion offers ``children`` keys and ``enum`` values, hover shows ``doc``, and the checks test
``type``, ``enum`` and ``required`` -- all from the tree below, so adding a key here teaches every
feature at once. A ``KeySpec`` with ``item`` describes a map whose keys are the user's own
(provider keys, model aliases): every entry of such a map follows ``item``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

__all__ = [
    "AUTH_STRATEGIES",
    "LLM_TYPES",
    "ROOT",
    "KeySpec",
    "ValueType",
    "spec_at",
]

ValueType = Literal["map", "string", "boolean", "url", "enum"]

LLM_TYPES = ("openai_compatible", "ollama", "github_copilot", "google_genai")
AUTH_STRATEGIES = ("api_key", "device_flow", "none")


@dataclass(frozen=True, slots=True)
class KeySpec:
    """What a key accepts and what it means."""

    name: str
    type: ValueType
    doc: str
    enum: tuple[str, ...] = ()
    required: bool = False
    children: Mapping[str, KeySpec] = field(default_factory=lambda: MappingProxyType({}))
    item: KeySpec | None = None
    """For maps keyed by the user (``providers``, ``models``): the spec of every entry."""
    example: str = ""


def _keys(*specs: KeySpec) -> Mapping[str, KeySpec]:
    return MappingProxyType({spec.name: spec for spec in specs})


_AUTH_DETAILS = KeySpec(
    "auth_details",
    "map",
    "Settings of the OAuth device flow; only read when `auth_strategy: device_flow`.",
    children=_keys(
        KeySpec("client_id", "string", "OAuth client id of the application."),
        KeySpec("device_code_url", "url", "Endpoint that issues device and user codes."),
        KeySpec("token_url", "url", "Endpoint polled for the access token."),
        KeySpec("scope", "string", "OAuth scopes to request, space-separated."),
    ),
)

_MODEL = KeySpec(
    "<alias>",
    "map",
    "A model you can select. The alias is looked up in the catalog unless `api_model_name` "
    "names the catalog model it stands for.",
    children=_keys(
        KeySpec(
            "api_model_name",
            "string",
            "The provider's model id this alias stands for (the id sent to the API). "
            "Defaults to the alias itself.",
            example="gpt-4o-mini",
        ),
    ),
)

_PROVIDER = KeySpec(
    "<provider>",
    "map",
    "A provider. Its key is the models.dev provider id (`github_copilot` and `github-copilot` "
    "are the same); providers the catalog does not know are allowed (self-hosted gateways).",
    children=_keys(
        KeySpec(
            "llm_type",
            "enum",
            "The API protocol used to talk to this provider.",
            enum=LLM_TYPES,
            required=True,
            example="openai_compatible",
        ),
        KeySpec(
            "base_url",
            "url",
            "The API's base URL. Defaults to the catalog's `api` URL for the provider. "
            "Use https; plain http is only safe to loopback (a local ollama).",
            example="https://api.openai.com/v1",
        ),
        KeySpec(
            "auth_strategy",
            "enum",
            "How to authenticate: `api_key` (default; the key comes from the environment), "
            "`device_flow` (OAuth device login, e.g. GitHub Copilot) or `none` (local servers).",
            enum=AUTH_STRATEGIES,
            example="api_key",
        ),
        _AUTH_DETAILS,
        KeySpec(
            "models",
            "map",
            "The models you use from this provider, keyed by alias.",
            item=_MODEL,
        ),
    ),
)

ROOT = KeySpec(
    "<root>",
    "map",
    "A ModelForge config file.",
    children=_keys(
        KeySpec(
            "providers",
            "map",
            "Your LLM providers, keyed by models.dev provider id.",
            item=_PROVIDER,
        ),
        KeySpec(
            "current_model",
            "map",
            "The model ModelForge uses by default.",
            children=_keys(
                KeySpec("provider", "string", "A provider key under `providers`."),
                KeySpec("model", "string", "A model alias under that provider's `models`."),
            ),
        ),
        KeySpec(
            "settings",
            "map",
            "ModelForge's own behaviour.",
            children=_keys(
                KeySpec("show_telemetry", "boolean", "Show token usage and cost after each call."),
            ),
        ),
    ),
)


def spec_at(path: Sequence[str]) -> KeySpec | None:
    """The spec of the key at ``path`` (``("providers", "openai", "llm_type")``), or ``None``."""
    spec = ROOT
    for key in path:
        if spec.item is not None:
            spec = spec.item
        elif key in spec.children:
            spec = spec.children[key]
        else:
            return None
    return spec
