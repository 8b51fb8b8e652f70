"""``DocumentState``: one version of one open document, shared by every request about it.

An editor asks many questions about the same text -- diagnostics, hover, completion, inlay
hints, code actions -- often several per keystroke. Parsing the YAML for each would waste time
and could give answers that disagree. So the server keeps one ``DocumentState`` per open URI
and replaces it on every change (taplo does the same): the text is fixed for the state's
lifetime, the parse happens once on first use (from whichever thread asks first), and the
findings are cached next to it, tagged with the catalog and settings they were computed
against.

A parse can take a second on a large file, so it never runs under the state's lock: the first
caller claims it by leaving a ``Future`` behind and parses outside the lock; later callers wait
on that future (a thread with ``.result()``, the event loop with ``asyncio.wrap_future``), so
``parsed`` and ``mapper`` answer at once meanwhile and the text is still parsed only once.

The size limit lives here too, so that it holds for every request, not just the check: a text
over ``config.syntax.DEFAULT_MAX_BYTES`` is ``too_large`` from the moment the state exists. Its
parse is the root-less document that says so (MF102, without reading the YAML), its mapper
covers the first line only (where MF102 points) instead of splitting megabytes into lines, and
``ModelForgeServer.state_to_answer`` refuses it to hover, completion and the other requests
that would otherwise scan the text -- at once, with a log line, on the event loop. One pasted
50 MB file thus costs its own requests nothing and never takes the worker threads that other
documents' answers need.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from pygls.workspace.position_codec import PositionCodec

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks import CheckSettings, Finding, check
from modelforge_lsp.config.syntax import (
    DEFAULT_MAX_BYTES,
    LINE_BREAK,
    ConfigDocument,
    parse_document,
)
from modelforge_lsp.server.convert import PositionMapper

__all__ = ["CheckResult", "DocumentState", "Generation", "result_id"]

Generation = tuple[int, int]
"""``(catalog generation, settings generation)``: bumps when either changes."""
_MAPPED_PREFIX = 10_000
"""Characters of a too-large document's first line that its mapper covers (MF102's range)."""


@dataclass(eq=False)
class DocumentState:
    """The text of ``uri`` at ``version``, its parse, and its findings (once computed)."""

    uri: str
    version: int
    text: str
    codec: PositionCodec = field(default_factory=PositionCodec, repr=False)
    opening: int = 0
    """Which ``didOpen`` of the server this text descends from (versions restart on reopen)."""
    findings: list[Finding] | None = field(default=None, repr=False)
    """The last check's findings for this version; see ``findings_generation``."""
    findings_generation: Generation | None = field(default=None, repr=False)
    _parse: Future[ConfigDocument] | None = field(default=None, init=False, repr=False)
    _mapper: PositionMapper | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    size: int = field(init=False)
    """The text's size in UTF-8 bytes, what the limit is about."""
    too_large: bool = field(init=False)
    """Over ``DEFAULT_MAX_BYTES``: never parsed, refused by every request but diagnostics."""
    refused: set[str] = field(default_factory=set, init=False, repr=False)
    """The requests already refused for this version (each is logged once, not per keystroke)."""

    def __post_init__(self) -> None:
        self.size = len(self.text.encode("utf-8", "surrogatepass"))
        self.too_large = self.size > DEFAULT_MAX_BYTES

    @property
    def document(self) -> ConfigDocument:
        """The parsed document, parsed by this call if no one has started it; blocks until done.

        Blocking: on the event loop, use ``ModelForgeServer.parse`` instead.
        """
        with self._lock:
            future, claimed = self._parse, self._parse is None
            if future is None:
                future = self._parse = Future()
                # Running from the start: a waiter that gives up (a cancelled request) cancels
                # its own wait, never this parse, which other requests and the check share.
                future.set_running_or_notify_cancel()
        if claimed:
            try:
                future.set_result(parse_document(self.text))
            except BaseException as error:  # waiters must not wait forever
                future.set_exception(error)
        return future.result()

    @property
    def parse_future(self) -> Future[ConfigDocument] | None:
        """The parse, done or under way, if some caller started it; ``None`` if none did."""
        return self._parse

    @property
    def parsed(self) -> ConfigDocument | None:
        """The parse if some request already made it, else ``None`` -- without parsing or waiting.

        Completion and hover can answer from the text alone (``config`` falls back to reading
        it), so a keystroke never waits for a full YAML parse, yet uses one when it exists.
        """
        future = self._parse
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    @property
    def mapper(self) -> PositionMapper:
        """Converts positions between this text's code points and the client's units."""
        with self._lock:
            if self._mapper is None:
                text = self.text
                if self.too_large:  # only MF102's line is ever mapped
                    text = LINE_BREAK.split(text[:_MAPPED_PREFIX], maxsplit=1)[0]
                self._mapper = PositionMapper(text, self.codec)
            return self._mapper

    def run_checks(self, catalog: Catalog | None, settings: CheckSettings) -> list[Finding]:
        """This version's findings, parse included: blocking, a worker thread's job, which the
        server runs with the collector paused (``collector.IdleCollector.run_check``)."""
        return check(self.document, catalog, settings)

    def findings_for(self, generation: Generation) -> list[Finding] | None:
        """The cached findings if they were computed against ``generation``."""
        return self.findings if self.findings_generation == generation else None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The findings of one check of one document version."""

    state: DocumentState
    findings: list[Finding]
    generation: Generation

    @property
    def result_id(self) -> str:
        return result_id(self.state, self.generation)


def result_id(state: DocumentState, generation: Generation) -> str:
    """Names a check result for pull diagnostics: same id, same diagnostics.

    Derived from what the findings depend on -- the text (which opening, which version), the
    catalog and the settings -- so an unchanged id can be answered without re-checking.
    """
    catalog, settings = generation
    return f"{state.opening}.{state.version}.{catalog}.{settings}"
