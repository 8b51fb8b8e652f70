"""Removing one entry from a YAML config's text, leaving every other line as it was.

``EditableText.remove`` (``text_edit``) calls ``remove_entry`` and verifies the result by parsing
it again, as it does for insertions; this module only decides which characters go.

* **Block style** (``key:`` on a line of its own): the entry's lines go -- its key line, its
  value, the comment lines directly above it at its own indentation (they describe it, like
  ``# the cheap one`` above ``gpt-4o-mini:``) and the comment lines after it indented deeper
  than its key (they are inside it, like ``# end of openai``). A blank line that would be left
  doubled, or left at the top of the mapping, goes with it. When the entry was the mapping's
  only one, the mapping's key gets ``{}``: ``providers:`` with nothing under it would read as
  ``null``, which the runtime cannot iterate.
* **Flow style** (inside ``{...}``): ``key: value`` goes with one comma -- the one after it, or
  for the last entry the one before it; a line left empty goes too; the only entry leaves
  ``{}``.
"""

from __future__ import annotations

from modelforge_lsp.config.files.text_layout import KeyPath, inside_flow, split_lines
from modelforge_lsp.config.syntax import ConfigDocument, Entry, Position, Value
from modelforge_lsp.errors import ConfigEditError

__all__ = ["remove_entry"]


def remove_entry(text: str, document: ConfigDocument, path: KeyPath) -> str:
    """``text`` without the entry at ``path`` (unverified: the caller parses it again)."""
    entry = document.entry_at(path)
    owner = document.entry_at(path[:-1]) if len(path) > 1 else None
    mapping = document.root if owner is None else owner.value
    if entry is None or mapping is None:
        raise ConfigEditError(f"'{'.'.join(path)}' is not in the file")
    if inside_flow(document, path):
        return _remove_flow(text, mapping, entry)
    return _remove_block(split_lines(text), mapping, entry, owner)


def _remove_block(lines: list[str], mapping: Value, entry: Entry, owner: Entry | None) -> str:
    column = entry.key_span.start.character
    first = entry.key_span.start.line
    if lines[first][:column].strip():  # `- key:` or `? key`: not a line of its own
        raise ConfigEditError(f"'{entry.key}' shares its line with other YAML; remove it by hand")
    while first > 0 and _comment_at(lines[first - 1]) == column:
        first -= 1
    last = max(entry.key_span.end.line, entry.value.span.end.line)
    while True:
        ahead = last + 1
        while ahead < len(lines) and _blank(lines[ahead]):
            ahead += 1
        indent = _comment_at(lines[ahead]) if ahead < len(lines) else None
        if indent is None or indent <= column:
            break
        last = ahead
    owner_line = -1 if owner is None else owner.key_span.start.line
    opens = first - 1 == owner_line or _blank(lines[first - 1])
    if opens and last + 1 < len(lines) and _blank(lines[last + 1]) and lines[last + 1]:
        last += 1
    if last == len(lines) - 1 and first > 0 and lines[last] and lines[last][-1] not in "\r\n":
        lines[first - 1] = lines[first - 1].rstrip("\r\n")  # the file ended without a break
    del lines[first : last + 1]
    if owner is not None and len(mapping.entries) == 1:
        row = lines[owner_line]
        colon = row.index(":", owner.key_span.end.character) + 1
        lines[owner_line] = row[:colon] + " {}" + row[colon:]
    return "".join(lines)


def _remove_flow(text: str, mapping: Value, entry: Entry) -> str:
    offsets = _LineOffsets(text)
    start = offsets.at(entry.key_span.start)
    end = _end_of(entry, offsets)
    if len(mapping.entries) == 1:
        opening = text.index("{", offsets.at(mapping.span.start)) + 1
        closing = text.rindex("}", 0, offsets.at(mapping.span.end))
        return _drop_empty_line(text[:opening] + text[closing:], opening)
    index = next(i for i, e in enumerate(mapping.entries) if e.key_span == entry.key_span)
    if index < len(mapping.entries) - 1:
        comma = text.index(",", end)
        if "#" in text[end:comma]:
            raise ConfigEditError(f"a comment sits inside '{entry.key}'; remove it by hand")
        after = comma + 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return _drop_empty_line(text[:start] + text[after:], start)
    comma = text.index(",", _end_of(mapping.entries[index - 1], offsets))
    between = text[comma:start]
    if "#" not in between:
        return _drop_empty_line(text[:comma] + text[end:], comma)
    return _drop_empty_line(text[:comma] + text[comma + 1 : start] + text[end:], start - 1)


def _end_of(entry: Entry, offsets: _LineOffsets) -> int:
    """Where an entry's text ends: after its value (or its key, for ``{a}``)."""
    return max(offsets.at(entry.key_span.end), offsets.at(entry.value.span.end))


def _drop_empty_line(text: str, offset: int) -> str:
    """``text`` without the line holding ``offset`` when the removal emptied it: only blanks
    are left, or blanks and the comment that trailed what went."""
    lines = split_lines(text)
    starts = _LineOffsets(text).starts
    number = max(i for i, first in enumerate(starts) if first <= offset)
    line = lines[number]
    before, rest = line[: offset - starts[number]], line[offset - starts[number] :].strip()
    if len(lines) > 1 and not before.strip() and (not rest or rest.startswith("#")):
        del lines[number]
    return "".join(lines)


class _LineOffsets:
    """Positions (line, column) to offsets into the text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for line in split_lines(text)[:-1]:
            self.starts.append(self.starts[-1] + len(line))

    def at(self, position: Position) -> int:
        return self.starts[position.line] + position.character


def _blank(line: str) -> bool:
    return not line.strip()


def _comment_at(line: str) -> int | None:
    """The column of a comment-only line's ``#``; ``None`` for any other line."""
    stripped = line.lstrip(" \t")
    return len(line) - len(stripped) if stripped.startswith("#") else None
