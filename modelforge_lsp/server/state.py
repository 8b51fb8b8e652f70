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
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from pygls.workspace.position_codec import PositionCodec

from modelforge_lsp.config.checks import Finding
from modelforge_lsp.config.syntax import ConfigDocument, parse_document
from modelforge_lsp.server.convert import PositionMapper

__all__ = ["CheckResult", "DocumentState", "Generation", "result_id"]

Generation = tuple[int, int]
"""``(catalog generation, settings generation)``: bumps when either changes."""


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
                self._mapper = PositionMapper(self.text, self.codec)
            return self._mapper

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
