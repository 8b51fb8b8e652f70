"""Why a model costs $0: a subscription, a free tier, or your own machine.

models.dev lists hundreds of models at $0.00, for different reasons: GitHub Copilot, GitLab
Duo and the "coding plans" are paid for by a subscription, per seat, not per token; free tiers
(``:free`` ids, GitHub Models, NVIDIA's trial endpoints) are rate-limited; a local runtime
(LM Studio, Ollama) runs open weights on your hardware. A table that says "$0.00" for all of
them answers "what is the cheapest model" with models nobody can buy by the token. So every
front says which of the three it is (``zero_cost_reason``, ``ZERO_COST_NOTES``), and the
commands can leave them out (``is_paid``: a known, non-zero price per token).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

from modelforge_lsp.catalog.index import ModelFilter
from modelforge_lsp.catalog.models import ModelInfo

__all__ = [
    "LOCAL_PROVIDERS",
    "SUBSCRIPTION_PROVIDERS",
    "ZERO_COST_NOTES",
    "ZERO_COST_SHORT",
    "PaidModelFilter",
    "ZeroCost",
    "is_paid",
    "zero_cost_reason",
]

ZeroCost = Literal["subscription", "local", "free_tier"]

SUBSCRIPTION_PROVIDERS: Final = frozenset(
    {"github-copilot", "gitlab", "kimi-for-coding", "firepass", "cursor", "windsurf"}
)
"""Providers paid per seat or plan; ids with ``coding-plan`` or ``token-plan`` count too."""
_SUBSCRIPTION_WORDS: Final = ("coding-plan", "token-plan", "coding plan", "token plan")

LOCAL_PROVIDERS: Final = frozenset(
    {"lmstudio", "ollama", "llama.cpp", "llamacpp", "localai", "jan", "vllm", "docker"}
)
"""Runtimes on the user's own machine: the weights are free, the hardware is yours."""

ZERO_COST_NOTES: Mapping[ZeroCost, str] = MappingProxyType(
    {
        "subscription": "paid by a subscription (per seat or plan)",
        "local": "runs on your own machine",
        "free_tier": "a free tier (usually rate-limited)",
    }
)
ZERO_COST_SHORT: Mapping[ZeroCost, str] = MappingProxyType(
    {"subscription": "sub", "local": "local", "free_tier": "free"}
)
"""One word for a table cell beside ``$0``."""


def zero_cost_reason(model: ModelInfo) -> ZeroCost | None:
    """Why ``model`` is listed at $0 for input and output, or ``None`` when it is not."""
    cost = model.cost
    if cost is None or cost.input != 0 or (cost.output or 0) != 0:
        return None
    provider = model.provider_id.lower()
    if provider in SUBSCRIPTION_PROVIDERS or any(w in provider for w in _SUBSCRIPTION_WORDS):
        return "subscription"
    if provider in LOCAL_PROVIDERS:
        return "local"
    return "free_tier"


def is_paid(model: ModelInfo) -> bool:
    """A known price per input token above zero: what "the cheapest model" means to a buyer."""
    cost = model.cost
    return cost is not None and cost.input is not None and cost.input > 0


class PaidModelFilter(ModelFilter):
    """``ModelFilter`` that also leaves out models without a price per token (``--paid``)."""

    def matches(self, model: ModelInfo) -> bool:
        return is_paid(model) and super().matches(model)
