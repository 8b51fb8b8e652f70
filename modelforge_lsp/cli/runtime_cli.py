"""The ModelForge runtime's own commands, reachable through our ``modelforge`` (DESIGN §1).

ModelForge's runtime (PyPI ``model-forge-llm``) installs a ``modelforge`` script too, and
whichever package pip installs last owns that name. So that every command of both stays
reachable in either order, ours also answers as ``mforge`` (pyproject), and when ours owns
``modelforge`` it hands the commands only the runtime has (``HANDED_OVER``) to the runtime's
click CLI, in this process, with the words exactly as typed, and exits with its exit code;
``modelforge runtime ...`` reaches any runtime command, ``config`` included (that name is ours).

The runtime (LangChain and all, seconds of imports) is imported only when one of these runs:
every other invocation, ``--help`` included, stays as lean as it was.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, NoReturn

import click

from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.lazy import LazyGroup

__all__ = [
    "HANDED_OVER",
    "INSTALL_HINT",
    "PASSTHROUGH",
    "SECTION",
    "RuntimeAwareGroup",
    "RuntimeCommand",
    "run_runtime",
]

RUNTIME_PACKAGE: Final = "model-forge-llm"
RUNTIME_TOP: Final = "modelforge"
RUNTIME_MODULE: Final = "modelforge.cli"
"""The runtime's console script is ``modelforge.cli:cli``; its package is ``modelforge``, a name
nothing of ours may take (our one top-level package is ``modelforge_lsp``)."""

INSTALL_HINT: Final = f"pip install {RUNTIME_PACKAGE}"
SECTION: Final = "ModelForge runtime commands"
PASSTHROUGH: Final = "runtime"

HANDED_OVER: Final[Mapping[str, str]] = MappingProxyType(
    {
        "auth": "Log in to a provider, log out, show credential status.",
        "models": "List, search and inspect models as the runtime sees them.",
        "settings": "Show or change the runtime's settings (telemetry).",
        "status": "Credential status (the runtime's older spelling of auth status).",
        "test": "Send a prompt to the current model and print the answer.",
    }
)
"""The runtime's top-level commands we do not have, with the line our ``--help`` shows (its own
help text would cost the runtime's import). A test pins the names against the real runtime."""

_PASSTHROUGH_HELP: Final = "Any command of the runtime's CLI, its `config` included."


class RuntimeCommand(click.Command):
    """A command whose words go to the runtime's CLI unparsed.

    We parse nothing after the command's name (not even ``--help``), so the runtime sees exactly
    what was typed and answers with its own options, help and errors.
    """

    def __init__(self, name: str, help_line: str) -> None:
        super().__init__(name, help=help_line, short_help=help_line, add_help_option=False)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.args = list(args)
        return ctx.args

    def invoke(self, ctx: click.Context) -> NoReturn:
        app = ctx.find_object(AppContext)
        run_runtime(
            self.name or PASSTHROUGH,
            ctx.args,
            prog=ctx.find_root().info_name or "modelforge",
            verbose=app is not None and app.verbose,
        )


def run_runtime(
    command: str, args: Sequence[str], *, prog: str = "modelforge", verbose: bool = False
) -> NoReturn:
    """Run ``prog command args...`` on the runtime's CLI as its own script would, and exit with
    its exit code.

    ``command`` is a handed-over command's name (the runtime gets it in front of ``args``) or
    ``runtime`` (``args`` are the runtime's words). The runtime's usage lines read as what was
    typed (``mforge auth login``). Click's standalone mode gives the runtime's own error display
    and exit codes (2 for usage errors); its commands let their own exceptions escape as
    tracebacks, which become our one ``error:`` line (the traceback with ``-v``).
    """
    typed = f"{prog} {command}"
    if command == PASSTHROUGH:
        runtime_args, prog_name = list(args), typed
    else:
        runtime_args, prog_name = [command, *args], prog
    runtime = _runtime_cli(typed, verbose=verbose)
    try:
        runtime.main(args=runtime_args, prog_name=prog_name, standalone_mode=True)
    except Exception as error:  # the runtime's commands raise their errors uncaught
        if verbose:
            raise
        # The runtime's own errors carry their advice apart from the message.
        suggestion = getattr(error, "suggestion", None)
        advice = f"; {suggestion}" if isinstance(suggestion, str) and suggestion else ""
        _fail(
            f"{error}{advice} ({type(error).__name__} from ModelForge's runtime; "
            f"`{prog} -v {command} ...` shows the traceback)"
        )


def _runtime_cli(typed: str, *, verbose: bool) -> click.Command:
    """The runtime's click group, imported now; a missing or broken runtime is one line."""
    try:
        module = importlib.import_module(RUNTIME_MODULE)
    except ModuleNotFoundError as error:
        if error.name in (RUNTIME_TOP, RUNTIME_MODULE):
            _fail(
                f"`{typed}` needs ModelForge's runtime ({RUNTIME_PACKAGE}), which is not "
                f"installed in this Python environment; install it: {INSTALL_HINT}"
            )
        if verbose:
            raise
        _fail(_broken(error))
    except Exception as error:  # a runtime that fails while importing (a dependency's fault)
        if verbose:
            raise
        _fail(_broken(error))
    command = getattr(module, "cli", None)
    if not isinstance(command, click.Command):
        _fail(
            f"`{RUNTIME_MODULE}` here is not ModelForge's runtime CLI (it has no click command "
            f"`cli`); reinstall the runtime: pip install --force-reinstall {RUNTIME_PACKAGE}"
        )
    return command


def _broken(error: Exception) -> str:
    return (
        f"ModelForge's runtime ({RUNTIME_PACKAGE}) is installed but cannot be imported "
        f"({type(error).__name__}: {error}); reinstall it: "
        f"pip install --force-reinstall {RUNTIME_PACKAGE}"
    )


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


def runtime_installed() -> bool:
    """Whether the runtime's package can be found, without importing it (for ``--help``)."""
    return importlib.util.find_spec(RUNTIME_TOP) is not None


class RuntimeAwareGroup(LazyGroup):
    """Our command group plus the runtime's commands, which ``--help`` lists in their own section.

    Our commands always win a name; a runtime command is looked up only when no command of ours
    has it, so a command we add later can never be swallowed by the hand-over.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *HANDED_OVER, PASSTHROUGH})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        if cmd_name == PASSTHROUGH:
            return RuntimeCommand(PASSTHROUGH, _PASSTHROUGH_HELP)
        if cmd_name in HANDED_OVER:
            return RuntimeCommand(cmd_name, HANDED_OVER[cmd_name])
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ours: list[tuple[str, click.Command]] = []
        for name in super().list_commands(ctx):
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                ours.append((name, command))
        taken = {name for name, _ in ours}
        runtime = [(name, HANDED_OVER[name]) for name in sorted(HANDED_OVER) if name not in taken]
        if PASSTHROUGH not in taken:
            runtime.append((PASSTHROUGH, _PASSTHROUGH_HELP))
        limit = formatter.width - 6 - max(len(name) for name, _ in [*ours, *runtime])
        if ours:
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in ours])
        with formatter.section(SECTION):
            formatter.write_dl(runtime)
            if not runtime_installed():
                formatter.write_paragraph()
                formatter.write_text(f"Not installed in this environment: {INSTALL_HINT}")
