"""What every command shares: settings from the global options, one console, one catalog.

Commands ask ``AppContext.catalog()`` and get the data at once (disk or snapshot); a stale cache is
refreshed in the background and the process waits a moment for it at exit, so CLI-only users
also get fresh data without ever waiting on the network up front.

Both consoles are made with ``markup=False`` and ``emoji=False``: catalog names, URLs and paths
are data, and a model named ``[link=file:///etc/passwd]x`` or ``:warning: GPT`` must print as
those characters (Rich swaps emoji codes even with markup off). This is the one
place Rich could interpret them; a command that wants colour says so with ``style=`` or a
``rich.text.Text``, never with markup inside a string.

Both are made on first use, and Rich imported with them: a command that ``show``s a table or
card into a pipe, and says its notices there, writes the plain text Rich would have written
(``cli.plain``) and never pays Rich's import.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from modelforge_lsp.catalog.gc_pause import paused_gc
from modelforge_lsp.cli.plain import Plain, is_pipe, plain_cells
from modelforge_lsp.logs import configure_logging

if TYPE_CHECKING:
    from rich.console import Console

    from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource, RefreshOutcome

__all__ = ["AppContext"]

_EXIT_WAIT_SECONDS = 3.0
_PIPE_WIDTH = 400


@dataclass
class AppContext:
    """The global options, the consoles and the catalog, one per invocation (``ctx.obj``)."""

    offline: bool = False
    cache_dir: Path | None = None
    color: bool = True
    verbose: bool = False
    quiet: bool = False
    _out: Console | None = field(default=None, init=False)
    _err: Console | None = field(default=None, init=False)
    _source: CatalogSource | None = field(default=None, init=False)
    _catalog: Catalog | None = field(default=None, init=False)
    _refresh: threading.Thread | None = field(default=None, init=False)
    _outcome: RefreshOutcome | None = field(default=None, init=False)
    _banner: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        configure_logging(  # every line redacted: -v output gets pasted into bug reports
            logging.DEBUG if self.verbose else logging.ERROR, "%(levelname)s %(name)s: %(message)s"
        )

    @property
    def out(self) -> Console:
        """Rich's console on stdout, made on first use (``show`` into a pipe may never need it)."""
        if self._out is None:
            from rich.console import Console  # noqa: PLC0415 -- 40 ms a pipe may not need

            no_color = None if self.color else True  # None: rich honours NO_COLOR itself
            out = Console(
                no_color=no_color, highlight=False, soft_wrap=False, markup=False, emoji=False
            )
            if not out.is_terminal:  # piped: whole rows, never cut at an assumed 80 columns
                out = Console(
                    no_color=True, highlight=False, width=_PIPE_WIDTH, markup=False, emoji=False
                )
            self._out = out
        return self._out

    @property
    def err(self) -> Console:
        """Rich's console on stderr, made on first use."""
        if self._err is None:
            from rich.console import Console  # noqa: PLC0415 -- 40 ms a pipe may not need

            no_color = None if self.color else True
            self._err = Console(
                stderr=True, no_color=no_color, highlight=False, markup=False, emoji=False
            )
        return self._err

    @property
    def width(self) -> int:
        """The width output on stdout is laid out for: the terminal's, or ``_PIPE_WIDTH``."""
        return _PIPE_WIDTH if is_pipe(sys.stdout) else self.out.width

    def show(self, item: Plain) -> None:
        """Print ``item`` on stdout; into a pipe as the plain text Rich would write, when
        ``item`` can say what that is (``cli.plain``), so that Rich is not even imported."""
        text = item.plain(_PIPE_WIDTH) if is_pipe(sys.stdout) else None
        if text is None:
            self.out.print(item)
            return
        sys.stdout.write(text)
        sys.stdout.flush()

    def warn(self, message: str) -> None:
        """A ``warning:`` line on stderr (never silenced)."""
        from rich.text import Text  # noqa: PLC0415 -- only when there is something to say

        self.err.print(Text.assemble(("warning:", "yellow"), f" {message}"))

    def settings(self) -> CatalogSettings:
        from modelforge_lsp.catalog import CatalogSettings  # noqa: PLC0415

        settings = CatalogSettings.from_env()
        for problem in settings.problems:
            self.warn(problem)
        if self.offline:
            settings = replace(settings, offline=True)
        if self.cache_dir is not None:
            settings = replace(settings, cache_dir=self.cache_dir)
        return settings

    def source(self) -> CatalogSource:
        if self._source is None:
            from modelforge_lsp.catalog import CatalogSource  # noqa: PLC0415

            self._source = CatalogSource(self.settings())
        return self._source

    def catalog(self, *, banner: bool = True) -> Catalog:
        """The catalog at once; a stale one triggers a background refresh, and ``finish`` says
        once, in one line, where the data came from and what the refresh found."""
        if self._catalog is None:
            source = self.source()
            # the catalog lives as long as the command: unfrozen, its tens of thousands of
            # objects would be walked by the next two collections (6-10 ms of a search)
            with paused_gc(freeze=True):
                self._catalog = source.load()
            self._refresh = source.refresh_in_background(self._note_refresh)
            provenance = self._catalog.provenance
            self._banner = banner and (provenance.stale or provenance.offline)
        return self._catalog

    def notice(self, message: str) -> None:
        """A dim line on stderr that ``--quiet`` (``MODELFORGE_QUIET=1``) silences: facts about
        the data, never a warning or an error."""
        if self.quiet:
            return
        if is_pipe(sys.stderr) and plain_cells([message]):  # what Rich would write there
            sys.stderr.write(f"{message}\n")
            sys.stderr.flush()
        else:
            self.err.print(message, style="dim", soft_wrap=True)

    def _note_refresh(self, outcome: RefreshOutcome) -> None:
        self._outcome = outcome
        if outcome.held_back:  # not a passing failure: it repeats until someone decides
            self.warn(str(outcome.error))
        elif outcome.error is not None and self.verbose and not self._banner:
            self.err.print(f"background refresh: {outcome.error}", style="dim")

    def finish(self) -> None:
        """Give a background refresh a short grace period so its result reaches the cache, then
        the catalog line: stale or offline data, and whether models.dev could be reached."""
        refresh = self._refresh
        if refresh is not None and refresh.is_alive():
            refresh.join(_EXIT_WAIT_SECONDS)
        if not self._banner or self._catalog is None:
            return
        self._banner = False
        line = f"catalog: {self._catalog.provenance.describe()}"
        outcome = self._outcome
        if refresh is not None and refresh.is_alive():
            line += f"; models.dev did not answer within {_EXIT_WAIT_SECONDS:g} s (not refreshed)"
        elif outcome is not None and outcome.offline:
            line += f"; not refreshed: {outcome.error}"
        elif outcome is not None and outcome.error is None:
            line += "; refreshed from models.dev for the next command"
        self.notice(line)
