"""``modelforge``: the terminal front over the catalog and config checks (DESIGN §1).

Commands live one per module in ``cli/commands``; this module holds the global options and the
error policy: a ``ModelForgeError`` becomes one actionable line on stderr and exit code 1 (a
traceback only with ``-v``); usage errors exit 2 (click's convention).

The same CLI is installed as ``mforge`` too: ModelForge's runtime installs a ``modelforge``
script of its own, and the commands only it has are handed to it (``cli/runtime_cli.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from modelforge_lsp import __version__
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.failure import CommandError, json_requested, report
from modelforge_lsp.cli.runtime_cli import RuntimeAwareGroup
from modelforge_lsp.errors import ModelForgeError
from modelforge_lsp.urls import redact_text

__all__ = ["DOCS_URL", "cli", "main"]


_COMMANDS = "modelforge_lsp.cli.commands"
DOCS_URL = "https://github.com/modelforge/modelforge-lsp/tree/main/docs"
"""pyproject's Documentation URL: an installed user has no docs/ folder to look in."""
_NAMES = ("modelforge", "mforge")
"""The console scripts (pyproject): usage lines name the one that was typed."""


@click.group(
    cls=RuntimeAwareGroup,
    lazy_commands={
        "search": f"{_COMMANDS}.search:search",
        "info": f"{_COMMANDS}.info:info",
        "compare": f"{_COMMANDS}.compare:compare",
        "discover": f"{_COMMANDS}.discover:discover",
        "refresh-cache": f"{_COMMANDS}.refresh:refresh_cache",
        "cache": f"{_COMMANDS}.cache:cache",
        "doctor": f"{_COMMANDS}.doctor:doctor",
        "config": f"{_COMMANDS}.config_group:config",
        "completion": f"{_COMMANDS}.completion:completion",
    },
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Examples:\n\n  modelforge search 'claude sonnet' --provider anthropic\n\n"
    f"  modelforge refresh-cache\n\nDocs: {DOCS_URL}",
)
@click.version_option(__version__, "-V", "--version", prog_name="modelforge")
@click.option(
    "--offline", is_flag=True, help="Never touch the network (same as MODELFORGE_OFFLINE=1)."
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Catalog cache directory (default: the user cache dir; env MODELFORGE_CACHE_DIR).",
)
@click.option("--no-color", is_flag=True, help="Plain output without colour (also NO_COLOR=1).")
@click.option("-v", "--verbose", is_flag=True, help="Log details and show tracebacks on errors.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    envvar="MODELFORGE_QUIET",
    help="No notices on stderr (the catalog line); warnings and errors stay. "
    "Env: MODELFORGE_QUIET=1.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    offline: bool,
    cache_dir: Path | None,
    no_color: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    """Browse the models.dev catalog and keep ModelForge configs correct."""
    app = AppContext(
        offline=offline, cache_dir=cache_dir, color=not no_color, verbose=verbose, quiet=quiet
    )
    ctx.obj = app
    ctx.call_on_close(app.finish)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs ``cli`` and turns every failure into one clear line on
    stderr and, when the command line asked for JSON, an error object on stdout
    (``cli.failure``): the one place failures are shown."""
    args = sys.argv[1:] if argv is None else argv
    as_json = json_requested(args)
    try:
        cli.main(args=argv, prog_name=_prog_name(), standalone_mode=False)
    except click.exceptions.Abort as exc:
        report(exc, "aborted; nothing written", as_json=as_json)
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except CommandError as exc:
        _fail(exc, f"error: {exc.message}", exc_code=exc.exit_code, as_json=as_json)
    except click.ClickException as exc:
        report(exc, exc.format_message(), as_json=as_json)
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ModelForgeError as exc:
        _fail(exc, f"error: {exc}", as_json=as_json, verbose=_verbose(argv))
    except Exception as exc:  # a bug of ours: one line, the traceback only when asked for
        _fail(
            exc,
            f"error: internal error ({type(exc).__name__}: {exc}); rerun with -v for the "
            "traceback and please report it (`modelforge doctor` prints what to include)",
            as_json=as_json,
            verbose=_verbose(argv),
        )


def _fail(
    exc: BaseException,
    message: str,
    *,
    as_json: bool,
    exc_code: int = 1,
    verbose: bool = False,
) -> NoReturn:
    """Exit ``exc_code`` with ``message`` (or, with ``-v``, the traceback), redacted: an
    exception's text may quote the catalog URL, credentials included, and both get pasted into
    bug reports."""
    report(exc, message.removeprefix("error: "), as_json=as_json)
    if verbose:
        import traceback  # noqa: PLC0415 -- 25 ms every command would pay for -v alone

        message = "".join(traceback.format_exception(exc)).rstrip()
    click.echo(redact_text(message), err=True)
    sys.exit(exc_code)


def _prog_name() -> str:
    """``mforge`` when run as ``mforge`` (where the runtime owns ``modelforge``), so that usage
    lines and hints, ours and the runtime's, read as what the user typed; else ``modelforge``."""
    invoked = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    return invoked if invoked in _NAMES else _NAMES[0]


def _verbose(argv: list[str] | None) -> bool:
    args = sys.argv if argv is None else argv
    return "-v" in args or "--verbose" in args
