"""Refusing input that cannot mean anything, before a command acts on it.

``--alias ""`` wrote a model named by the empty string; ``info ""`` searched for nothing;
``--local --global`` silently wrote wherever the last flag pointed. Each is now a usage error
(exit 2) that says what is wrong, raised by a click callback on the option, so every command
that takes the option refuses it in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

__all__ = ["not_empty", "scope_flag"]

V = TypeVar("V", str, Sequence[str], None)
F = TypeVar("F", bound=Callable[..., Any])


def not_empty(ctx: click.Context, param: click.Parameter, value: V) -> V:
    """An option or argument that, when given, must hold more than whitespace."""
    values: list[str] = [value] if isinstance(value, str) else list(value or ())
    if any(not text.strip() for text in values):
        raise click.BadParameter("cannot be empty", ctx=ctx, param=param)
    return value


def scope_flag(name: str, *, help: str) -> Callable[[F], F]:
    """``--local`` or ``--global``: sets the command's ``scope`` parameter to ``name``.

    The two cannot share one click destination (the last flag typed would silently win), so
    each is its own flag that fills ``scope`` and refuses the other."""

    def fill(ctx: click.Context, param: click.Parameter, given: bool) -> None:
        chosen = ctx.params.get("scope")
        if given:
            if chosen is not None and chosen != name:
                raise click.UsageError("--local and --global contradict each other; pass one", ctx)
            ctx.params["scope"] = name
        else:
            ctx.params.setdefault("scope", None)

    return click.option(
        f"--{name}", f"{name}_scope", is_flag=True, expose_value=False, callback=fill, help=help
    )
