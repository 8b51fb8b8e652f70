"""A big text libyaml finds broken: the pure parser re-reads only the lines that word the issue.

A syntax issue is worded by ruamel's pure parser (the same words for a file of any size), but
that parser reads a 5,000-model config in about a second, and a config is broken on every
keystroke of a line not finished yet (``      gpt`` before its ``:``): each of those keystrokes
cost a second of parsing, holding up hover and completion meanwhile.

The pure parser stops at the first issue, and what it says there depends on the keys that lead
down to that place, not on the entries before it. So it reads a *cut* of the text: the line
where libyaml stopped and a few after it, the keys above it (``providers:``, ``openrouter:``,
``models:``) and each enclosing mapping's first key (where its marks start), nothing else. A
JSON config (one flow collection, laid out one entry a line as our writers write it) is cut
alike: the lines that open the collections around the place, one whole entry before it (so the
parser expects a next entry there, as it did), and the lines from there on. Each character of
the cut maps back to its index in the text, so the issue lands where it would have.

The cut is used only if libyaml stops on it exactly where and why it stopped on the whole text
(same problem, same context, same places), and if the pure parser's issue lies before the
cut's end (else the whole rest of the text is read). Where the lines above are not plain keys
all the way up (sequences, flow collections on one line), where an anchor is cut away (an
alias below would no longer resolve), where a tab, a directive or a document marker precedes
the place, where the text holds a character the pure reader rejects (it says so first, whatever
the parser would), or where the pure parser finds the cut well-formed, the caller re-reads the
whole text as before.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import Reader

from modelforge_lsp.config.syntax.compose import ParserFailedError

__all__ = ["MIN_CUT_INDEX", "reread_error"]

MIN_CUT_INDEX = 4_000
"""An issue found before this index the pure parser reaches in a few milliseconds: no cut."""
TRAILING_LINES = 3
"""Lines kept after the last one libyaml's error names, before trying all the rest."""

_KEY = r"(?:[A-Za-z0-9_][A-Za-z0-9_./+@()-]*|\"[^\"\\\n]*\"|'[^'\n]*')"
_PARENT = re.compile(rf"( *){_KEY}:(?:[ ]*|[ ]+#.*)")
"""A key whose value is the block below it: ``  models:``."""
_HEAD = re.compile(rf"( *){_KEY}:(?=[ ]|$)")
"""A mapping's first key, whatever its value (the cut leaves the value out)."""
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_FLOW_OPENING = re.compile(rf" *(?:{_STRING} *: *)?[{{\[] *")
"""A line that opens a flow collection, keyed or not: ``    "models": {``."""
_FLOW_ENTRY = re.compile(rf" *{_STRING} *: *(?:{_STRING}|[-+.0-9A-Za-z]+|{{ *}}|\[ *\]) *,")
"""One whole entry of a flow mapping on its line, and its comma: ``      "gpt-4o": {},``."""
_FIRST_CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
_GIVE_UP = re.compile(r"[&\t!|>\x85\u2028\u2029]|\r(?!\n)|^(?:%|---|\.\.\.)", re.MULTILINE)
"""In what the cut leaves out: an anchor (an alias below would no longer resolve once it is cut
away); what libyaml lets by and the pure parser words an issue about, so the whole read stops
there first -- a tab, a tag (``!!! x``), a block scalar's header (``|#``, CRLF blank lines
inside one), a NEL or line/paragraph separator (in a comment); a lone ``\r`` (a line break the
line search does not see); a directive or document marker."""

Read = Callable[[str, bool], object]
"""``read(text, fast)`` reads a text with libyaml (``fast``) or the pure parser and raises
``ParserFailedError`` where it is broken: the tree builder."""


@dataclass(frozen=True, slots=True)
class _Cut:
    text: str
    cut_starts: tuple[int, ...]
    text_starts: tuple[int, ...]
    """Where each kept piece starts, in the cut and in the whole text."""

    def to_text_index(self, index: int) -> int:
        piece = max(bisect_right(self.cut_starts, index) - 1, 0)
        return self.text_starts[piece] + index - self.cut_starts[piece]


def reread_error(
    text: str, starts: Sequence[int], error: Exception, *, read: Read
) -> Exception | None:
    """The pure parser's error for ``text``, read from a cut of it; ``None``: read it whole.

    ``starts`` are the text's line starts; ``error`` is what libyaml raised on ``text``.
    """
    if not isinstance(error, MarkedYAMLError) or error.problem_mark is None:
        return None
    marks = [error.problem_mark.index]
    if error.context_mark is not None:
        marks.append(error.context_mark.index)
    if max(marks) < MIN_CUT_INDEX:
        return None
    lines = _Lines(text, starts)
    low, last = lines.line_of(min(marks)), lines.line_of(max(marks))
    if Reader.NON_PRINTABLE.search(text):
        return None  # the pure reader rejects such a character wherever it is, before parsing
    root = _FIRST_CONTENT.search(text, 0, starts[low] + 1)
    if root is None:
        return None
    root_line = lines.line_of(root.start())
    if text[root.end() - 1] in "{[":  # JSON, or YAML written as one flow collection
        plan = _flow_plan(lines, root_line, low, last)
    else:
        kept = _lines_above(lines, root_line, low)
        plan = None if kept is None else (kept, low)
    if plan is None:
        return None
    kept, first = plan
    if _GIVE_UP.search(text, 0, starts[first]):
        return None
    for end in (min(last + 1 + TRAILING_LINES, len(starts)), len(starts)):
        cut = lines.cut(kept, first, end)
        if _stop(_failure(cut.text, read, fast=True), cut) != _stop(error, None):
            continue
        found = _pure_error(cut, read)
        if found is None or end == len(starts):
            return found
        mark = found.problem_mark
        if mark is not None and mark.index < starts[end - 1]:
            return found  # else it may be the cut's end the pure parser stopped at: read on
    return None


class _Lines:
    """The text's lines by their starts (``LineIndex.starts``)."""

    def __init__(self, text: str, starts: Sequence[int]) -> None:
        self.text = text
        self.starts = starts

    def line_of(self, index: int) -> int:
        return bisect_right(self.starts, index) - 1

    def content(self, line: int) -> str:
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line] : end].rstrip("\r\n")

    def cut(self, kept: dict[int, int], first: int, end: int) -> _Cut:
        """The first ``kept[line]`` characters of each kept line, then lines ``first`` up to
        ``end`` whole."""
        parts: list[str] = []
        cut_starts: list[int] = []
        text_starts: list[int] = []
        size = 0
        for line in sorted(kept):
            piece = self.content(line)[: kept[line]] + "\n"
            cut_starts.append(size)
            text_starts.append(self.starts[line])
            parts.append(piece)
            size += len(piece)
        cut_starts.append(size)
        text_starts.append(self.starts[first])
        stop = self.starts[end] if end < len(self.starts) else len(self.text)
        parts.append(self.text[self.starts[first] : stop])
        return _Cut("".join(parts), tuple(cut_starts), tuple(text_starts))


def _lines_above(lines: _Lines, root: int, first: int) -> dict[int, int] | None:
    """Line -> characters kept: the parent keys of line ``first`` and each enclosing mapping's
    first key (the root mapping's is line ``root``); ``None`` where the lines above are not
    plain block keys all the way up."""
    content = lines.content(first)
    level = _indent(content)
    if level == len(content) or content[level] in "\t#":
        return None  # a blank line, a comment, a tab: nothing to cut to
    kept: dict[int, int] = {}
    below = lines.starts[first]  # the kept lines are above this index
    while level > 0:
        parent = _last_line_under(lines, level, below)
        if parent is None:
            return None  # an indented root
        content = lines.content(parent)
        if not _PARENT.fullmatch(content):
            return None
        after = lines.starts[parent] + len(content)
        if not _keep_head(lines, kept, _first_line_at(lines, level, after, below), level):
            return None
        kept[parent] = len(content)
        level, below = _indent(content), lines.starts[parent]
    if not _keep_head(lines, kept, root, 0):
        return None
    kept.pop(first, None)
    return kept


def _last_line_under(lines: _Lines, level: int, below: int) -> int | None:
    """The last line before index ``below`` indented less than ``level`` (blanks and comments
    aside)."""
    found = deque(_under(level).finditer(lines.text, 0, below), maxlen=1)
    return lines.line_of(found[0].start()) if found else None


def _first_line_at(lines: _Lines, level: int, start: int, below: int) -> int | None:
    match = _at(level).search(lines.text, start, below)
    return None if match is None else lines.line_of(match.start())


def _flow_plan(
    lines: _Lines, root: int, context: int, problem: int
) -> tuple[dict[int, int], int] | None:
    """For a flow document (JSON): the lines that open the collections around the place --
    ``context``, where libyaml's error says the innermost one opens, and each one above it by
    indentation up to the ``root`` line -- and the line the cut keeps whole from: a few lines
    before ``problem``, after one whole entry and its comma (so the parser expects a next
    entry there, as it did), or right after ``context``. ``None``: not laid out that way."""
    kept: dict[int, int] = {}
    line = context
    while True:
        content = lines.content(line)
        if not _FLOW_OPENING.fullmatch(content):
            return None
        kept[line] = len(content)
        level = _indent(content)
        if level == 0:
            break
        parent = _last_line_under(lines, level, lines.starts[line])
        if parent is None:
            return None
        line = parent
    if line != root:
        return None
    first = context + 1
    start = problem - TRAILING_LINES
    if start > first + 1:
        entry, kept_from = lines.content(start - 1), lines.content(start)
        if _FLOW_ENTRY.fullmatch(entry) and _indent(entry) == _indent(kept_from):
            kept[start - 1] = len(entry)
            first = start
    return (kept, first) if first <= problem else None


def _keep_head(lines: _Lines, kept: dict[int, int], head: int | None, level: int) -> bool:
    """Keep the key of line ``head``, a mapping's first, if it is not kept whole already
    (``None``: the mapping starts on the line the cut keeps whole)."""
    if head is None or head in kept:
        return True
    match = _HEAD.match(lines.content(head))
    if match is None or len(match.group(1)) != level:
        return False
    kept[head] = match.end()  # the key and its ':'
    return True


@lru_cache(maxsize=32)
def _under(level: int) -> re.Pattern[str]:
    return re.compile(rf"^ {{0,{level - 1}}}[^ \r\n#]", re.MULTILINE)


@lru_cache(maxsize=32)
def _at(level: int) -> re.Pattern[str]:
    return re.compile(rf"^ {{{level}}}[^ \r\n#]", re.MULTILINE)


def _indent(content: str) -> int:
    return len(content) - len(content.lstrip(" "))


def _stop(error: Exception | None, cut: _Cut | None) -> tuple[object, ...] | None:
    """Why and where a parser stopped, in the whole text's indices (``cut``: read on it)."""
    if not isinstance(error, MarkedYAMLError):
        return None

    def index(mark: object) -> int | None:
        at = getattr(mark, "index", None)
        return at if cut is None or at is None else cut.to_text_index(at)

    return (
        type(error),
        error.problem,
        error.context,
        index(error.problem_mark),
        index(error.context_mark),
    )


def _pure_error(cut: _Cut, read: Read) -> MarkedYAMLError | None:
    failure = _failure(cut.text, read, fast=False)
    if not isinstance(failure, MarkedYAMLError):
        return None  # well-formed to the pure parser, or not a marked error: read it whole
    moved = copy.copy(failure)
    for name in ("problem_mark", "context_mark"):
        mark = getattr(failure, name)
        if mark is not None:
            mark = copy.copy(mark)
            mark.index = cut.to_text_index(mark.index)
            setattr(moved, name, mark)
    return moved


def _failure(text: str, read: Read, *, fast: bool) -> Exception | None:
    """What ``read`` raised on ``text`` (the parser's own error), ``None`` if it read it."""
    try:
        read(text, fast)
    except ParserFailedError as failed:
        return failed.error
    except Exception:  # a limit: the whole text decides
        return None
    return None
