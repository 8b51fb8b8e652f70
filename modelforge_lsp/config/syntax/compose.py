"""Text to parser events, and syntax issues at the place they happen.

ruamel's parsers give events whose marks carry a character index; ``reading.LineIndex`` turns an
index into a ``Position`` with the LSP's line breaks, so every span is in code points of the
text whatever it contains. ``config.syntax.build`` turns the events into the tree.

Two limits keep the work per document bounded whatever the text: nesting deeper than
``MAX_DEPTH`` stops at the ``MAX_DEPTH``-th bracket -- in the scanner, because ruamel's scanner
looks ahead over every unclosed ``[``/``{`` that might start a key, quadratic in their number
(20,000 brackets took 4 s before the composer's own depth limit was reached) -- and a document of
more than ``MAX_NODES`` keys and values stops there (100,000 tiny keys took a minute to parse
and gave 100,000 findings). Either is one syntax issue at the place it happened; the tree
builder enforces both on every parser.

Speed: ruamel's pure-Python scanner and parser cost about 1.5 ms a line. From
``FAST_PARSE_CHARS`` (4,000 characters) on, libyaml's parser (``ruamel.yaml.clib``) gives the
events instead, 10 times faster with the same events and marks (character indices, astral
characters included: ``bench/peer/c_parser_check.py``). Its error messages are worded
otherwise, so a document it finds broken is parsed again by the pure parser, whose wording and
place the syntax issue keeps.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.docinfo import DocInfo, version
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from modelforge_lsp.config.syntax.reading import MAX_DEPTH, MAX_NODES, LineIndex
from modelforge_lsp.config.syntax.tree import Span, SyntaxIssue

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # no C extension on this platform: the pure parser does it all
    CParser = None

__all__ = [
    "FAST_PARSE_CHARS",
    "ParserFailedError",
    "TooManyNodesError",
    "close_parser",
    "open_parser",
    "syntax_issue",
    "token_span",
    "use_fast_parser",
]

FAST_PARSE_CHARS = 4_000
"""From this many characters (about 130 lines of config) the C parser is tried first: below it
both take a few milliseconds."""
_TOKEN_STOP = frozenset(" \t\r\n,[]{}#")


class TooManyNodesError(MarkedYAMLError):
    """The document holds more than ``MAX_NODES`` keys, values and items."""


class _Scanner(Scanner):
    """ruamel's scanner, refusing a flow collection nested deeper than ``MAX_DEPTH``."""

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        if self.flow_level >= MAX_DEPTH - 1:  # the document itself is a level too
            mark = self.reader.get_mark()
            raise MaxDepthExceededError(None, None, "nested too deeply", mark)
        super().fetch_flow_collection_start(TokenClass, to_push)


class ParserFailedError(Exception):
    """The parser (or the text it reads) failed; ``error`` is what it raised."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def use_fast_parser(text: str) -> bool:
    """Whether libyaml's parser is tried first on ``text``."""
    return CParser is not None and len(text) >= FAST_PARSE_CHARS


def open_parser(text: str, *, fast: bool) -> Any:
    """A parser whose ``get_event()`` yields ``text``'s events: libyaml's, or ruamel's
    pure-Python one with the flow-depth limit in its scanner."""
    if fast and CParser is not None:
        return CParser(text)
    yaml = YAML(typ="safe", pure=True)
    yaml.Scanner = _Scanner
    yaml.max_depth = MAX_DEPTH
    yaml.doc_infos.append(DocInfo(requested_version=version(yaml.version)))  # as ruamel's load
    return yaml.get_constructor_parser(text)[1]


def close_parser(parser: Any) -> None:
    """Let ``parser`` go without the collector: ruamel's pure parser is a web of reference
    cycles (the ``YAML`` object and its reader, scanner, parser... each pointing at the others,
    the reader holding the whole text), which only a collection frees -- and the server freezes
    what a check leaves alive (``server/collector.py``), so it would be kept until the next
    sweep: the text, at every keystroke. Emptying each part's attributes breaks every cycle."""
    loader = getattr(parser, "loader", None)
    if loader is None:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:  # libyaml's parser: no cycles, but its buffers go now
            dispose()
        return
    parts = [v for v in vars(loader).values() if hasattr(v, "__dict__") and not isinstance(v, type)]
    for part in (*parts, loader):
        vars(part).clear()


def syntax_issue(error: Exception, text: str, lines: LineIndex) -> SyntaxIssue:
    """A readable issue at the place ruamel (or Python) complained about."""
    if isinstance(error, MaxDepthExceededError | RecursionError):
        mark = getattr(error, "problem_mark", None)
        index = mark.index if mark is not None else 0
        message = f"the config is nested too deeply (more than {MAX_DEPTH} levels)"
        return SyntaxIssue(message, token_span(text, lines, index))
    if isinstance(error, TooManyNodesError):
        index = error.problem_mark.index if error.problem_mark is not None else 0
        message = (
            f"the config has more than {MAX_NODES:,} keys, values and items, far more than a "
            "real one; it is not checked (split it, or remove what it does not need)"
        )
        return SyntaxIssue(message, token_span(text, lines, index))
    if isinstance(error, ReaderError):
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"character U+{code:04X} is not allowed in YAML ({error.reason})"
        return SyntaxIssue(message, token_span(text, lines, int(error.position)))
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        index = mark.index if mark is not None else 0
        return SyntaxIssue(_describe(error, text, lines, index), token_span(text, lines, index))
    message = f"the YAML parser failed on this text ({type(error).__name__}: {error})"
    return SyntaxIssue(message, Span.at(0, 0, 0))


def _describe(error: MarkedYAMLError, text: str, lines: LineIndex, index: int) -> str:
    """ruamel's problem text, the construct it was in, and plain words for tabs."""
    index = min(max(index, 0), len(text))
    position = lines.position(index)
    before = text[lines.starts[position.line] : index]
    char = text[index : index + 1]
    if before.strip(" \t") == "" and ("\t" in before or char == "\t"):
        return "tabs are not allowed for indentation in YAML; use spaces"
    if char == "\t":
        return "a tab is not allowed here in YAML; use spaces"
    problem = str(error.problem or error.context or "invalid YAML")
    context = error.context if error.problem else None
    if context and error.context_mark is not None and error.context_mark.index != index:
        start = lines.position(error.context_mark.index)
        return f"{problem} ({context} at line {start.line + 1}, column {start.character + 1})"
    if context:
        return f"{problem} ({context})"
    return problem


def token_span(text: str, lines: LineIndex, index: int) -> Span:
    """The token starting at ``index``: a run up to whitespace or a flow indicator, else one
    character (a tab, a bracket), else empty (a line end or the end of the text)."""
    index = min(max(index, 0), len(text))
    end = index
    if index < len(text) and text[index] not in "\r\n":
        end = index + 1
        if text[index] not in _TOKEN_STOP:
            while end < len(text) and text[end] not in _TOKEN_STOP:
                end += 1
    return lines.span(index, end)
