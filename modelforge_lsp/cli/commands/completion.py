"""``modelforge completion bash|zsh|fish``: the shell's completion script, to source or save.

The script is click's own (it calls back into ``modelforge`` with ``_MODELFORGE_COMPLETE``
set); commands, options, choices, and provider and model names (``cli.completion``) complete.
"""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

__all__ = ["completion"]

SHELLS = ("bash", "zsh", "fish")


@click.command("completion", short_help="Print the shell completion script (bash, zsh, fish).")
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL; provider and model names complete too.

    \b
    Install:
      bash:  echo 'eval "$(modelforge completion bash)"' >> ~/.bashrc
      zsh:   echo 'eval "$(modelforge completion zsh)"' >> ~/.zshrc
      fish:  modelforge completion fish > ~/.config/fish/completions/modelforge.fish
    """
    root = ctx.find_root()
    prog = root.info_name or "modelforge"
    variable = f"_{prog.replace('-', '_').replace('.', '_').upper()}_COMPLETE"
    shell_class = get_completion_class(shell)
    assert shell_class is not None  # every name in SHELLS is one of click's
    click.echo(shell_class(root.command, {}, prog, variable).source())
