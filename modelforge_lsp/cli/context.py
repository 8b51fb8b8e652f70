"""What every command shares: settings from the global options, one console, one catalog.

Commands ask ``AppContext.catalog()`` and get the data at once (disk or snapshot); a stale cache is
refreshed in the background and the process waits a moment for it at exit, so CLI-only users
also get fresh data without ever waiting on the network up front.

Both consoles are made with ``markup=False`` and ``emoji=False``: catalog names, URLs and paths
are data, and a model named ``[link=file:///etc/passwd]x`` or ``:warning: GPT`` must print as
those characters (Rich swaps emoji codes even with markup off). This is the one
place Rich could interpret them; a command that wants colour says so with ``style=`` or a
``rich.text.Text``, never with markup inside a string.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.text import Text

from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource, RefreshOutcome
from modelforge_lsp.logs import configure_logging

__all__ = ["AppContext"]

_EXIT_WAIT_SECONDS = 3.0
_PIPE_WIDTH = 400


@dataclass
class AppContext:
    offline: bool = False
    cache_dir: Path | None = None
    color: bool = True
    verbose: bool = False
    quiet: bool = False
    out: Console = field(init=False)
    err: Console = field(init=False)
    _source: CatalogSource | None = field(default=None, init=False)
    _catalog: Catalog | None = field(default=None, init=False)
    _refresh: threading.Thread | None = field(default=None, init=False)
    _outcome: RefreshOutcome | None = field(default=None, init=False)
    _banner: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        no_color = None if self.color else True  # None: rich honours NO_COLOR itself
        self.out = Console(
            no_color=no_color, highlight=False, soft_wrap=False, markup=False, emoji=False
        )
        if not self.out.is_terminal:  # piped: whole rows, never cut at an assumed 80 columns
            self.out = Console(
                no_color=True, highlight=False, width=_PIPE_WIDTH, markup=False, emoji=False
            )
        self.err = Console(
            stderr=True, no_color=no_color, highlight=False, markup=False, emoji=False
        )
        configure_logging(  # every line redacted: -v output gets pasted into bug reports
            logging.DEBUG if self.verbose else logging.ERROR, "%(levelname)s %(name)s: %(message)s"
        )

    def settings(self) -> CatalogSettings:
        settings = CatalogSettings.from_env()
        for problem in settings.problems:
            self.err.print(Text.assemble(("warning:", "yellow"), f" {problem}"))
        if self.offline:
            settings = replace(settings, offline=True)
        if self.cache_dir is not None:
            settings = replace(settings, cache_dir=self.cache_dir)
        return settings

    def source(self) -> CatalogSource:
        if self._source is None:
            self._source = CatalogSource(self.settings())
        return self._source

    def catalog(self, *, banner: bool = True) -> Catalog:
        """The catalog at once; a stale one triggers a background refresh, and ``finish`` says
        once, in one line, where the data came from and what the refresh found."""
        if self._catalog is None:
            source = self.source()
            self._catalog = source.load()
            self._refresh = source.refresh_in_background(self._note_refresh)
            provenance = self._catalog.provenance
            self._banner = banner and (provenance.stale or provenance.offline)
        return self._catalog

    def notice(self, message: str) -> None:
        """A dim line on stderr that ``--quiet`` (``MODELFORGE_QUIET=1``) silences: facts about
        the data, never a warning or an error."""
        if not self.quiet:
            self.err.print(message, style="dim", soft_wrap=True)

    def _note_refresh(self, outcome: RefreshOutcome) -> None:
        self._outcome = outcome
        if outcome.held_back:  # not a passing failure: it repeats until someone decides
            self.err.print(Text.assemble(("warning:", "yellow"), f" {outcome.error}"))
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
