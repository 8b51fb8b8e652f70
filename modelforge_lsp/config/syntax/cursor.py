"""What is under the cursor: ``cursor_context(text, position) -> CursorContext``.

Completion, hover and code actions all start from this one function (taplo's ``Query::at``).
It reads the text itself, never the parse tree: while a user types, the document rarely parses.

How it reads the text:

* The key path comes from indentation. Walking back from the cursor's line, every line whose key
  starts left of the lowest indent seen so far is a parent; ``- `` list markers are skipped, so
  ``- name: x`` has its key at the column of ``name`` (items of a list keep the list's path, as
  ``ConfigDocument.walk`` does). Blank and comment-only lines are ignored. A parent line's key
  joins the path, and so do the keys of flow collections it leaves open (``"openai": {``), which
  is how pretty-printed JSON configs get their path.
* The cursor's line is scanned from its start: quotes, ``{``/``[`` flow collections, ``,`` and the
  ``:`` of each entry, and ``#`` comments. That gives the role (key or value), the key whose value
  it is, and flow keys (``openai: {llm_type: op|}``) that extend the path. Brackets never carry
  over from other lines except from the cursor's parents, so an unclosed ``{`` elsewhere cannot
  derail the answer.
* A tab counts as one column, like every other character. YAML forbids tabs in indentation and
  ``parse_document`` reports them; counting them as one keeps ``indent`` a real column of the line
  (usable in a ``Position``) and consistent tab-only indentation still nests correctly.
* A blank line is a place to type a key, at the cursor's column (so on an empty line at column 0
  the path is ``()``: top-level keys). It has role ``"none"`` when its parent line already holds a
  scalar (``show_telemetry: true`` above a deeper blank line): no key can go there, and the path
  is that of the mapping holding the scalar. A line with text is read as written.
* Inside a block scalar (the lines under ``description: |``) the role is ``"value"`` of that key.
* Positions are clamped: a character past the line end is the line end, a line past the end of
  the text is an empty line (``word_span`` stays on the requested line, at column 0).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from modelforge_lsp.config.syntax.line_scan import Frame, LineScan, scan_line
from modelforge_lsp.config.syntax.tree import LINE_BREAK, Position, Span

__all__ = ["CursorContext", "CursorRole", "cursor_context"]

CursorRole = Literal["key", "value", "none"]
_PREFIX = re.compile(r"([ \t]*)((?:-(?:[ \t]+|$))*)")
"""Leading whitespace, then any ``- `` list markers; the key starts where this ends."""


@dataclass(frozen=True, slots=True)
class CursorContext:
    """What the cursor is on, in the terms completion, hover and code actions need."""

    path: tuple[str, ...]
    """Key path of the mapping the cursor's line belongs to, e.g. ``("providers", "openai")``
    for a cursor on ``llm_type`` under ``openai``; flow keys on the line extend it."""
    role: CursorRole
    """``"key"``: typing or pointing at a key (also a blank line, where a key would go);
    ``"value"``: at or in a value; ``"none"``: a comment, or where neither can go."""
    key: str | None
    """Role ``"value"``: the key whose value it is (``"llm_type"``); for a list item, the key of
    the list. Role ``"key"``: the key itself, as far as it is typed (``""`` on a blank line).
    Role ``"none"``: ``None``."""
    word: str
    """The whole word under or just before the cursor (a plain scalar, or a quoted one's
    content without the quotes); ``""`` when there is none."""
    prefix: str
    """The part of ``word`` before the cursor: what completion filters by."""
    word_span: Span
    """Where ``word`` is on the cursor's line (what a completion replaces); an empty span at the
    cursor when there is no word."""
    indent: int
    """Column where the key of this line starts (after any ``- `` markers) or would start (the
    cursor's column on a blank line)."""
    sibling_keys: tuple[str, ...]
    """Other keys of the same mapping, anywhere in the text (this line's own key excluded), so
    completion can offer only the missing ones."""
    in_flow: bool
    """Inside a flow collection ``{...}``/``[...]`` (on this line, or opened by a parent line)."""

    @property
    def full_path(self) -> tuple[str, ...]:
        """``path`` plus ``key`` when the cursor is on a key or a value (and ``key`` is known)."""
        if self.role != "none" and self.key:
            return (*self.path, self.key)
        return self.path


def cursor_context(text: str, position: Position, *, siblings: bool = True) -> CursorContext:
    """The context at ``position`` (0-based line, code-point column); never raises.

    ``siblings=False``: ``sibling_keys`` holds only the keys on the cursor's own line, not the
    other lines of its mapping -- what hover asks for, to whom the scan of every sibling line
    (270 lines for a model under a 500-model provider) was nine tenths of a hover.
    """
    lines = _lines(text)
    line_no = max(position.line, 0)
    line = lines[line_no] if line_no < len(lines) else ""
    cursor = min(max(position.character, 0), len(line))
    content_start, dashed = _key_column(line)
    blank = line.strip(" \t") == ""
    indent = cursor if blank else content_start

    parents, block_parent = _parents(lines, min(line_no, len(lines)), indent)
    block_path = [key for scan in reversed(parents) for key in scan.open_path]
    nearest = parents[0] if parents else None
    base = Frame("", None)
    if nearest is not None and len(nearest.frames) > 1:
        innermost = nearest.frames[-1]
        base = Frame(innermost.opener, innermost.owner)
    in_flow = any(len(scan.frames) > 1 for scan in parents)
    result = _Result(line_no, line, cursor, indent, in_flow)

    if block_parent is not None:  # the line is text of a block scalar
        start, end = _run_at(line, cursor)
        return result.build("value", block_parent.block_key, block_path, (), start, end)
    if blank:
        keys = (
            _sibling_keys(lines, line_no, indent, dashed=False, base=base.opener)
            if siblings
            else []
        )
        if nearest is not None and nearest.value_kind == "scalar":
            path = block_path[: len(block_path) - len(nearest.open_path)]
            return result.build("none", None, path, keys)
        return result.build("key", "", block_path, keys)

    scan = scan_line(line, content_start, cursor, base)
    hit = scan.hit
    assert hit is not None  # a scan with a cursor always records one
    frame = hit.frames[-1]
    own = 1 if hit.is_key or hit.colon else 0
    keys = [*frame.keys[: hit.entry], *frame.keys[hit.entry + own :]]
    if frame is base and siblings:
        keys[:0] = _sibling_keys(lines, line_no, indent, dashed=dashed, base=base.opener)
    result.in_flow = in_flow or any(f.opener for f in hit.frames)
    owners = [f.owner for f in hit.frames[1:]]
    if hit.comment:
        return result.build("none", None, block_path, keys)
    if hit.is_key:
        word = line[hit.start : hit.end]
        return result.build("key", word, _join(block_path, owners), keys, hit.start, hit.end)
    if hit.colon:
        path = _join(block_path, owners)
        return result.build("value", hit.key, path, keys, hit.start, hit.end)
    if frame.opener == "[" or (dashed and frame is base and frame.opener == ""):
        # an item of a list: the value of the list's key, which leaves the path
        list_key = frame.owner
        if frame is not base:
            owners.pop()
        elif block_path and (list_key is None or block_path[-1] == list_key):
            list_key = block_path.pop()
        path = _join(block_path, owners)
        return result.build("value", list_key, path, keys, hit.start, hit.end)
    word = line[hit.start : hit.end]
    return result.build("key", word, _join(block_path, owners), keys, hit.start, hit.end)


@dataclass(slots=True)
class _Result:
    """What every answer for one cursor shares."""

    line_no: int
    line: str
    cursor: int
    indent: int
    in_flow: bool

    def build(
        self,
        role: CursorRole,
        key: str | None,
        path: Sequence[str],
        siblings: Sequence[str],
        start: int | None = None,
        end: int | None = None,
    ) -> CursorContext:
        start = self.cursor if start is None else start
        end = self.cursor if end is None else end
        return CursorContext(
            path=tuple(path),
            role=role,
            key=key,
            word=self.line[start:end],
            prefix=self.line[start : max(self.cursor, start)],
            word_span=Span.at(self.line_no, start, end),
            indent=self.indent,
            sibling_keys=tuple(dict.fromkeys(key for key in siblings if key)),
            in_flow=self.in_flow,
        )


def _run_at(line: str, cursor: int) -> tuple[int, int]:
    """The run of non-blank characters touching ``cursor``."""
    start = cursor
    while start > 0 and line[start - 1] not in " \t":
        start -= 1
    end = cursor
    while end < len(line) and line[end] not in " \t":
        end += 1
    return start, end


@lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    """``text``'s lines, split once per text: hover and completion ask about the same version
    again and again, and splitting a 5,000-line config took 2.6 ms of each (a ``str`` keeps its
    hash, so finding it again is a lookup)."""
    return tuple(LINE_BREAK.split(text))


def _key_column(line: str) -> tuple[int, bool]:
    match = _PREFIX.match(line)
    assert match is not None
    return match.end(), match.end(2) > match.start(2)


def _skipped(line: str) -> bool:
    """Blank and comment-only lines say nothing about structure."""
    content = line.lstrip(" \t")
    return content == "" or content.startswith("#")


def _parents(
    lines: Sequence[str], line_no: int, indent: int
) -> tuple[list[LineScan], LineScan | None]:
    """The parent lines of a line with this indent, nearest first, and -- when the line is
    inside a block scalar -- the line that opened it (its parents then are that line's)."""
    parents: list[LineScan] = []
    block_parent: LineScan | None = None
    threshold = indent
    for number in range(line_no - 1, -1, -1):
        if threshold <= 0:
            break
        line = lines[number]
        if _skipped(line):
            continue
        column, _ = _key_column(line)
        if column >= threshold:
            continue
        scan = scan_line(line, column, None, Frame("", None))
        threshold = column
        if scan.value_kind == "block":
            parents.clear()
            block_parent = scan
            continue
        parents.append(scan)
    return parents, block_parent


def _sibling_keys(
    lines: Sequence[str], line_no: int, indent: int, *, dashed: bool, base: str
) -> list[str]:
    """Keys of the other lines of the mapping the line belongs to: same indent, up to the first
    line to the left (its parent) either way; a ``- `` line starts a new list item's mapping."""

    def keys_of(line: str) -> list[str]:
        return scan_line(line, indent, None, Frame(base, None)).frames[0].keys

    before: list[list[str]] = []
    if not dashed:
        for number in range(min(line_no, len(lines)) - 1, -1, -1):
            line = lines[number]
            if _skipped(line):
                continue
            column, item = _key_column(line)
            if column < indent:
                break
            if column == indent:
                before.append(keys_of(line))
                if item:
                    break
    keys = [key for line_keys in reversed(before) for key in line_keys]
    for number in range(line_no + 1, len(lines)):
        line = lines[number]
        if _skipped(line):
            continue
        column, item = _key_column(line)
        if column < indent or (column == indent and item):
            break
        if column == indent:
            keys.extend(keys_of(line))
    return keys


def _join(path: Sequence[str], owners: Sequence[str | None]) -> list[str]:
    return [*path, *(owner for owner in owners if owner is not None)]
