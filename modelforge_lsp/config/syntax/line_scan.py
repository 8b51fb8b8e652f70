"""One line of YAML read left to right, the way ``cursor_context`` needs it.

A ``LineScan`` records the flow collections (``{``/``[``) a line opens and leaves open, the keys
of each collection's entries with their ``:``, quoted and plain scalars, and a ``#`` comment; and,
when given a cursor column, the state at the cursor (a ``Hit``). It reads one line only -- the
caller decides which lines are parents -- so a broken line elsewhere cannot derail it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from modelforge_lsp.config.syntax.tree import NODE_PROPERTIES

__all__ = ["Frame", "Hit", "LineScan", "scan_line"]

_BLOCK_SCALAR = re.compile(NODE_PROPERTIES + r"[|>][-+0-9]*")
_NO_VALUE = re.compile(NODE_PROPERTIES + r"(?:[&!]\S*)?")
_FLOW_INDICATORS = ",[]{}"


class Frame:
    """A mapping or sequence being read on one line: ``{``, ``[``, or ``""`` for the block
    level of the line."""

    __slots__ = ("colon", "key", "keys", "opener", "owner")

    def __init__(self, opener: str, owner: str | None) -> None:
        self.opener = opener
        self.owner = owner
        """The key whose value this collection is."""
        self.key: str | None = None
        """Key of the entry being read (after its ``:``)."""
        self.colon = False
        self.keys: list[str] = []
        """Keys of this collection's entries on the line, in order."""


@dataclass(slots=True)
class Hit:
    """The scan's state at the cursor."""

    frames: tuple[Frame, ...]
    start: int
    end: int
    entry: int
    """Index in ``frames[-1].keys`` the cursor's entry's key has (or will have)."""
    colon: bool
    """The cursor is after its entry's ``:`` (in the value)."""
    key: str | None
    is_key: bool = False
    """The cursor is on a token that turned out to be followed by ``:``."""
    comment: bool = False


@dataclass(slots=True)
class LineScan:
    frames: list[Frame]
    """Frames still open at the end of the line; ``frames[0]`` is the base."""
    hit: Hit | None
    value_text: str | None
    """What follows the line's block-level ``:``, comment excluded; ``None`` without one."""

    @property
    def block_key(self) -> str | None:
        base = self.frames[0]
        return base.keys[0] if base.keys else None

    @property
    def open_path(self) -> list[str]:
        """Keys this line contributes to the path of deeper lines."""
        if len(self.frames) > 1:
            return [f.owner for f in self.frames[1:] if f.owner is not None]
        return [self.block_key] if self.block_key is not None else []

    @property
    def value_kind(self) -> Literal["flow", "block", "empty", "scalar", "none"]:
        if len(self.frames) > 1:
            return "flow"
        if self.value_text is None:
            return "none"
        if _BLOCK_SCALAR.fullmatch(self.value_text):
            return "block"
        if _NO_VALUE.fullmatch(self.value_text):
            return "empty"
        return "scalar"


def scan_line(line: str, start: int, cursor: int | None, base: Frame) -> LineScan:
    """Read one line from ``start`` (where its key begins); record the state at ``cursor``."""
    return _Scanner(line, cursor, base).run(start)


class _Scanner:
    """One pass over a line: flow frames, entries and their ``:``, scalars, a comment."""

    def __init__(self, line: str, cursor: int | None, base: Frame) -> None:
        self.line = line
        self.cursor = cursor
        self.frames = [base]
        self.hit: Hit | None = None
        self.pending: tuple[str, bool] | None = None
        """The last scalar of the entry, and whether it holds the cursor."""
        self.quoted_end = -1
        """Where the last quoted scalar ended: a ``:`` after it is an indicator (JSON)."""
        self.value_start: int | None = None
        self.comment_at = len(line)

    def run(self, start: int) -> LineScan:
        line = self.line
        at = start
        while at < len(line):
            char = line[at]
            if char == "#" and (at == 0 or line[at - 1] in " \t"):
                self.comment_at = at
                break
            if char in "\"'":
                at = self._quoted(at)
            elif char in " \t" or self._indicator(at):
                self._mark_between(at)
                at += 1
            else:
                at = self._plain(at)
        if self.hit is None and self.cursor is not None:
            self.hit = self._between()
            self.hit.comment = self.cursor > self.comment_at
        value_text = None
        if self.value_start is not None:
            value_text = line[self.value_start : self.comment_at].strip(" \t")
        return LineScan(self.frames, self.hit, value_text)

    def _indicator(self, at: int) -> bool:
        """Handle a flow indicator or an entry's ``:`` at ``at``; False for anything else."""
        char = self.line[at]
        top = self.frames[-1]
        flow = top.opener != ""
        if char == ":" and (self.quoted_end >= 0 or _ends_key(self.line, at, flow=flow)):
            self._mark_between(at)
            if not top.colon:
                key = self.pending[0] if self.pending is not None else ""
                top.key, top.colon = key, True
                top.keys.append(key)
                if self.pending is not None and self.pending[1] and self.hit is not None:
                    self.hit.is_key = True
                if len(self.frames) == 1:
                    self.value_start = at + 1
        elif char in "{[":
            self._mark_between(at)
            self.frames.append(Frame(char, top.key if top.colon else None))
        elif flow and char == ",":
            self._mark_between(at)
            top.key, top.colon = None, False
        elif flow and char in "]}":
            self._mark_between(at)
            if len(self.frames) > 1:
                self.frames.pop()
        else:
            return False
        self.pending, self.quoted_end = None, -1
        return True

    def _quoted(self, at: int) -> int:
        end, content_end = _quoted_end(self.line, at)
        holds = self._holds(at, content_end)
        if holds:
            self.hit = self._at_token(at + 1, content_end)
        self.pending = (_unquote(self.line[at + 1 : content_end], self.line[at]), holds)
        self.quoted_end = end
        return end

    def _plain(self, at: int) -> int:
        stop = _plain_end(self.line, at, flow=self.frames[-1].opener != "")
        end = at + len(self.line[at:stop].rstrip(" \t"))
        holds = self._holds(at, end)
        if holds:
            self.hit = self._at_token(at, end)
        self.pending, self.quoted_end = (self.line[at:end], holds), -1
        return stop

    def _holds(self, start: int, end: int) -> bool:
        return self.hit is None and self.cursor is not None and start <= self.cursor <= end

    def _mark_between(self, at: int) -> None:
        """Record the state when the cursor sits before ``at`` and on no scalar."""
        if self.hit is None and self.cursor is not None and at >= self.cursor:
            self.hit = self._between()

    def _between(self) -> Hit:
        cursor = self.cursor or 0
        return self._at_token(cursor, cursor)

    def _at_token(self, start: int, end: int) -> Hit:
        top = self.frames[-1]
        return Hit(tuple(self.frames), start, end, _entry(top), top.colon, top.key)


def _entry(frame: Frame) -> int:
    """Index in ``frame.keys`` of the key of the entry being read (seen or still to come)."""
    return len(frame.keys) - 1 if frame.colon else len(frame.keys)


def _ends_key(line: str, at: int, *, flow: bool) -> bool:
    """A ``:`` is the mapping indicator when a blank, the line end or (in flow) a flow
    indicator follows it; otherwise it is part of a plain scalar (``https://``, ``llama3:8b``)."""
    after = line[at + 1 : at + 2]
    return after in ("", " ", "\t") or (flow and after in _FLOW_INDICATORS)


def _plain_end(line: str, start: int, *, flow: bool) -> int:
    """Where a plain scalar starting at ``start`` stops (trailing blanks not trimmed)."""
    at = start
    while at < len(line):
        char = line[at]
        if char == ":" and _ends_key(line, at, flow=flow):
            break
        if flow and char in _FLOW_INDICATORS:
            break
        if char == "#" and at > start and line[at - 1] in " \t":
            break
        at += 1
    return at


def _quoted_end(line: str, start: int) -> tuple[int, int]:
    """(end after the closing quote, end of the content); an unclosed quote runs to the line
    end."""
    quote = line[start]
    at = start + 1
    while at < len(line):
        char = line[at]
        if char == quote:
            if quote == "'" and line[at + 1 : at + 2] == "'":
                at += 2
                continue
            return at + 1, at
        at += 2 if quote == '"' and char == "\\" else 1
    return len(line), len(line)


def _unquote(content: str, quote: str) -> str:
    if quote == "'":
        return content.replace("''", "'")
    return re.sub(r"\\(.)", r"\1", content)
