"""A click group that imports a subcommand's module only when that subcommand runs.

Every ``modelforge`` invocation pays Python's import time for what it loads; with a dozen
commands (rich tables, questionary prompts, ruamel, httpx) that is most of a short command's
wall time. Commands are named here as ``"module:attribute"`` and imported on first use;
``--help`` still lists them all. A mistyped command name (``serch``) gets a did-you-mean from
the same matcher the catalog's names use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click

_CUTOFF = 60.0
"""How close a typed word must be to a command's name to be suggested (rapidfuzz ratio)."""

__all__ = ["LazyGroup"]


class LazyGroup(click.Group):
    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module_name, attribute = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            name = args[0] if args else ""
            if not name or name.startswith("-"):
                raise
            from modelforge_lsp.catalog.suggest import closest, did_you_mean  # noqa: PLC0415

            near = closest(name, self.list_commands(ctx), cutoff=_CUTOFF, within=10)
            if not near:
                raise
            raise click.UsageError(f"No such command {name!r}{did_you_mean(near)}", ctx) from None
