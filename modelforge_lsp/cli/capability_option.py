"""``-c/--capability``: one vocabulary shown, both spellings accepted.

Tables and hover cards say ``tools``, ``structured`` and ``files``; the JSON documents (and,
before, the only accepted flag values) say ``tool_call``, ``structured_output`` and
``attachment``. ``-c tools`` was refused. The option now takes either spelling
(``catalog.presentation.capability_named``), lists and completes the words the tables show,
and hands the command the catalog's key.
"""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from modelforge_lsp.catalog.index import Capability
from modelforge_lsp.catalog.presentation import CAPABILITY_LABELS, capability_named

__all__ = ["CapabilityType", "paid_option"]

paid_option = click.option(
    "--paid",
    "--exclude-free",
    "paid",
    is_flag=True,
    help="Only models with a price per token: no free tiers, subscriptions or local runtimes.",
)
"""``--paid/--exclude-free`` of the commands that filter the catalog (search, add-auto)."""

_SHOWN = ", ".join(CAPABILITY_LABELS.values())


class CapabilityType(click.ParamType[Capability, str]):
    """A capability named as a table word (``tools``) or a JSON key (``tool_call``)."""

    name = "capability"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(CAPABILITY_LABELS.values()) + "]"

    def convert(
        self, value: str, param: click.Parameter | None, ctx: click.Context | None
    ) -> Capability:
        found = capability_named(str(value))
        if found is None:
            self.fail(f"{value!r} is not a capability; use one of: {_SHOWN}", param, ctx)
        return found

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        return [
            CompletionItem(label, help=key.replace("_", " "))
            for key, label in CAPABILITY_LABELS.items()
            if label.startswith(incomplete.lower())
        ]
