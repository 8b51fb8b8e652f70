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
    "AUTH_DATA_FIELDS",
    "AUTH_DETAILS_FIELDS",
    "AUTH_STRATEGIES",
    "LLM_TYPES",
    "ROOT",
    "KeySpec",
    "ValueType",
    "spec_at",
]

ValueType = Literal["map", "string", "boolean", "url", "enum", "any"]

LLM_TYPES = ("openai_compatible", "ollama", "github_copilot", "google_genai")
AUTH_STRATEGIES = ("api_key", "device_flow")
"""The runtime knows these two; any other value is refused, and no ``auth_strategy`` at all means
no credentials (so ``openai_compatible`` and ``google_genai`` fail to authenticate)."""
AUTH_DETAILS_FIELDS = ("client_id", "device_code_url", "token_url", "scope")
"""What ``device_flow`` reads from ``auth_details``; a missing one stops the runtime."""
AUTH_DATA_FIELDS = (
    "api_key",
    "access_token",
    "refresh_token",
    "expires_in",
    "expires_at",
    "token_type",
    "scope",
)
"""What the runtime's ``auth login`` stores in ``auth_data`` (an API key, or a device login)."""


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
    open: bool = False
    """A map another program writes (``auth_data``): keys beyond ``children`` are not unknown."""


def _keys(*specs: KeySpec) -> Mapping[str, KeySpec]:
    return MappingProxyType({spec.name: spec for spec in specs})


_AUTH_DETAILS = KeySpec(
    "auth_details",
    "map",
    "Settings of the OAuth device flow; read when `auth_strategy: device_flow`, which needs "
    "all four fields.",
    children=_keys(
        KeySpec("client_id", "string", "OAuth client id of the application."),
        KeySpec("device_code_url", "url", "Endpoint that issues device and user codes."),
        KeySpec("token_url", "url", "Endpoint polled for the access token."),
        KeySpec("scope", "string", "OAuth scopes to request, space-separated."),
    ),
)

_AUTH_DATA = KeySpec(
    "auth_data",
    "map",
    "Credentials the runtime stored here itself (`modelforge auth login`, `config add "
    "--api-key`). It reads them after the `MODELFORGE_<PROVIDER>_API_KEY` / `_ACCESS_TOKEN` "
    "environment variable. A secret in a file is one leak away: prefer the variable.",
    children=_keys(
        KeySpec("api_key", "any", "A stored API key (a secret)."),
        KeySpec("access_token", "any", "A stored OAuth access token (a secret)."),
        KeySpec("refresh_token", "any", "A stored OAuth refresh token (a secret)."),
        KeySpec("expires_in", "any", "Lifetime of the access token, in seconds."),
        KeySpec("expires_at", "any", "When the access token expires (ISO 8601)."),
        KeySpec("token_type", "any", "The token's type, usually `bearer`."),
        KeySpec("scope", "any", "The scopes the token was granted."),
    ),
    open=True,
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
            "Defaults to the alias itself. Ignored under `llm_type: ollama`, which sends the "
            "alias.",
            example="gpt-4o-mini",
        ),
    ),
)

_PROVIDER = KeySpec(
    "<provider>",
    "map",
    "A provider. The runtime finds it by this exact key, and reads its credentials from "
    "`MODELFORGE_<KEY>_API_KEY`; write it as the runtime does (lower case, `_` for `-`: "
    "`github_copilot`). Providers the catalog does not know are allowed (gateways, ollama).",
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
            "The API's base URL. Under `openai_compatible` no `base_url` means OpenAI's "
            "endpoint; `ollama` needs it (or `$OLLAMA_HOST`); `google_genai` ignores it. "
            "Use https; plain http is only safe to loopback (a local ollama).",
            example="https://api.openai.com/v1",
        ),
        KeySpec(
            "auth_strategy",
            "enum",
            "How to authenticate: `api_key` (from `MODELFORGE_<KEY>_API_KEY`, else `auth_data`) "
            "or `device_flow` (OAuth device login, e.g. GitHub Copilot; needs `auth_details`). "
            "Leaving it out means no credentials at all: every provider but ollama then fails.",
            enum=AUTH_STRATEGIES,
            example="api_key",
        ),
        _AUTH_DETAILS,
        _AUTH_DATA,
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
            "Your LLM providers, keyed by the name you pass to `get_llm()`.",
            item=_PROVIDER,
        ),
        KeySpec(
            "current_model",
            "map",
            "The model ModelForge uses by default.",
            children=_keys(
                KeySpec("provider", "string", "A provider key under `providers`, spelled exactly."),
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
