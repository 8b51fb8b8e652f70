"""The words for a model's capabilities and lifecycle status, shared by every front.

The editor's hover card and the CLI's tables describe the same models. When each kept its own
words, one capability was "tool calls" in the editor and "tools" in the terminal, and only the
editor explained what "alpha" means. These tables are the one place those words live; a front
decides the layout (a comma list in a card, a column in a table), never the words.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from modelforge_lsp.catalog.index import Capability, has_capability
from modelforge_lsp.catalog.models import ModelInfo, Status

__all__ = [
    "CAPABILITY_LABELS",
    "STATUS_NOTES",
    "capabilities_of",
    "capability_named",
    "status_note",
]

CAPABILITY_LABELS: Mapping[Capability, str] = MappingProxyType(
    {
        "tool_call": "tools",
        "reasoning": "reasoning",
        "vision": "vision",
        "audio": "audio",
        "pdf": "pdf",
        "structured_output": "structured",
        "attachment": "files",
    }
)
"""One short word per capability, in display order: what tables, hover cards and help show.
JSON documents use the keys; input takes either (``capability_named``)."""

_BY_NAME: Mapping[str, Capability] = MappingProxyType(
    {name: key for key, label in CAPABILITY_LABELS.items() for name in (key, label)}
    | {"tool": "tool_call", "tool_calls": "tool_call", "file": "attachment"}
)


def capability_named(text: str) -> Capability | None:
    """The capability ``text`` names, as a label (``tools``) or a key (``tool_call``), any
    case, ``-`` as ``_``; ``None`` for anything else. One vocabulary shown, both accepted."""
    return _BY_NAME.get(text.strip().lower().replace("-", "_"))


STATUS_NOTES: Mapping[Status, str] = MappingProxyType(
    {
        "deprecated": "Deprecated",
        "alpha": "Alpha: may change or be withdrawn",
        "beta": "Beta: may change or be withdrawn",
    }
)
"""What a lifecycle status means for someone choosing the model; active models have none."""


def capabilities_of(model: ModelInfo) -> list[Capability]:
    """The capabilities ``model`` has, in ``CAPABILITY_LABELS`` order (as the filters judge)."""
    return [capability for capability in CAPABILITY_LABELS if has_capability(model, capability)]


def status_note(model: ModelInfo) -> str | None:
    """``STATUS_NOTES`` for ``model``'s status, or ``None`` for an active model."""
    return None if model.status is None else STATUS_NOTES[model.status]
