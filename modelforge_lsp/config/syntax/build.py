"""Parser events to the ``Value`` tree, in one pass: spans, scalars resolved, duplicates, aliases.

The span conventions are the ones ``config.syntax.parse`` documents. Scalars are resolved the
way ruamel's resolver does for the document's YAML version (1.2 unless a ``%YAML`` directive
says otherwise), so a value reads the same here as in the runtime.

Why events and not ruamel's composer: composing nodes and then walking them built each node
twice, with ruamel's per-node resolver bookkeeping: nine tenths of a 5,000-model config's parse.
Here each event becomes its ``Value`` at once, under the composer's rules: an alias names the
latest node with that anchor, an undefined alias is a syntax error, nesting deeper than
``MAX_DEPTH`` and more than ``MAX_NODES`` nodes stop the parse.

An anchored node's (immutable) ``Value`` is shared by every alias, so the work is linear in the
text; ``expanded`` counts the tree as if every alias were copied, and an alias that would take
it past ``MAX_EXPANDED_NODES`` is left empty. What a user is never shown is not checked either:
a duplicate key's value and a collection key are read (their anchors stay usable) but add no
issues, duplicates or expansions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ruamel.yaml.composer import ComposerError, MaxDepthExceededError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from modelforge_lsp.config.syntax.compose import (
    ParserFailedError,
    TooManyNodesError,
    close_parser,
    open_parser,
    syntax_issue,
    token_span,
    use_fast_parser,
)
from modelforge_lsp.config.syntax.construct import new_entry, new_span, new_value
from modelforge_lsp.config.syntax.reading import MAX_DEPTH, MAX_NODES, BuiltTree, LineIndex
from modelforge_lsp.config.syntax.reread import reread_error
from modelforge_lsp.config.syntax.scalars import STR_TAG, STYLES, ImplicitTags, scalar_value
from modelforge_lsp.config.syntax.tree import (
    LINE_BREAK,
    DuplicateKey,
    Entry,
    Span,
    SyntaxIssue,
    Value,
    ValueKind,
)

__all__ = ["MAX_EXPANDED_NODES", "build_once", "build_tree"]

MAX_EXPANDED_NODES = 100_000
"""Cap on the nodes of the tree counted with every alias expanded (an alias bomb stops here)."""


def build_once(text: str, lines: LineIndex) -> BuiltTree:
    """``build_tree`` with libyaml alone (if installed) and no second read to word an issue:
    for a snippet whose caller reads the whole text the full way if it fails (``fast_flow``)."""
    return _TreeBuilder(text, lines, fast=True).build()


def build_tree(text: str, lines: LineIndex) -> BuiltTree:
    """The tree of ``text``'s first document; raises the parser's error or a limit's.

    From ``FAST_PARSE_CHARS`` characters libyaml's events are tried first; where it finds the
    text broken the pure parser reads it again, so the syntax issue keeps its wording: only the
    lines that decide the issue where it can (``config.syntax.reread``), else the whole text.
    """
    if use_fast_parser(text):
        try:
            return _TreeBuilder(text, lines, fast=True).build()
        except (TooManyNodesError, MaxDepthExceededError, RecursionError):
            raise  # the builder's own limits: the pure parser would stop at the same place
        except ParserFailedError as failure:  # broken YAML: the pure parser words the issue
            error = reread_error(text, lines.starts, failure.error, read=_read)
            if error is not None:
                raise ParserFailedError(error) from failure
    return _TreeBuilder(text, lines, fast=False).build()


def _read(text: str, fast: bool) -> BuiltTree:
    return _TreeBuilder(text, LineIndex(text), fast=fast).build()


class _Anchor:
    """What an alias to an anchor needs: the anchored node's kind and ``Value``, its size with
    aliases expanded, whether it is still being read (an alias inside it is recursive), and a
    scalar's text (an alias used as a key)."""

    __slots__ = ("kind", "open", "size", "text", "value")

    def __init__(self, kind: ValueKind, value: Value | None, size: int, text: str) -> None:
        self.kind = kind
        self.value = value
        self.size = size
        self.open = value is None
        self.text = text


class _TreeBuilder:
    def __init__(self, text: str, lines: LineIndex, *, fast: bool) -> None:
        self.text = text
        self.lines = lines
        self.fast = fast
        self.json_mode = False
        self.expanded = 0
        self.nodes = 0
        self.alias_limited = False
        self.issues: list[SyntaxIssue] = []
        self.duplicates: list[DuplicateKey] = []
        self.anchors: dict[str, _Anchor] = {}
        self.tags = ImplicitTags((1, 2))
        self._parser: Any = None
        self._next: Any = None
        """The parser's ``get_event``."""

    def build(self) -> BuiltTree:
        """The tree; whatever the parser raises (or the reader, on the characters, at once)
        is a ``ParserFailedError``, the limits' errors excepted."""
        try:
            self._parser = open_parser(self.text, fast=self.fast)
            self._next = self._parser.get_event
            return self._document()
        except (TooManyNodesError, MaxDepthExceededError, RecursionError):
            raise
        except ParserFailedError:
            raise
        except Exception as error:
            raise ParserFailedError(error) from error
        finally:
            close_parser(self._parser)

    def _document(self) -> BuiltTree:
        self._next()  # stream start
        event = self._next()
        if type(event) is StreamEndEvent:
            return BuiltTree(None)
        assert type(event) is DocumentStartEvent
        self.tags = ImplicitTags(event.version or (1, 2))
        event = self._next()
        collection = type(event) in (MappingStartEvent, SequenceStartEvent)
        self.json_mode = collection and event.flow_style is True  # a {...} or [...] document
        if type(event) is ScalarEvent and event.start_mark.index == event.end_mark.index:
            root: Value | None = None  # nothing but comments, or a bare ``---``
            self._count(event)
        else:
            root = self._node(event, (), None, 1)[0]
        self._next()  # document end
        self._second_document()
        return BuiltTree(root, tuple(self.issues), tuple(self.duplicates), self.alias_limited)

    def _second_document(self) -> None:
        try:
            event = self._next()
        except Exception as error:
            if self.fast:
                raise ParserFailedError(error) from error  # in the pure parser's words
            self.issues.append(syntax_issue(error, self.text, self.lines))
            return
        if type(event) is not StreamEndEvent:
            message = "only one YAML document per config file; the first one is used"
            span = token_span(self.text, self.lines, event.start_mark.index)
            self.issues.append(SyntaxIssue(message, span))

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooManyNodesError(None, None, "too many nodes", event.start_mark)

    def _node(
        self, event: Any, path: tuple[str, ...], empty_at: int | None, depth: int
    ) -> tuple[Value, int, int]:
        """The ``Value`` that starts with ``event``, its expanded size and where it ends.
        ``empty_at``: where an empty value sits (just after its ``:`` or ``-``)."""
        self._count(event)
        kind = type(event)
        if kind is AliasEvent:
            return self._alias(event)
        if depth > MAX_DEPTH:
            raise MaxDepthExceededError(None, None, "nested too deeply", event.start_mark)
        anchor = event.anchor
        self.expanded += 1
        if kind is ScalarEvent:
            value = self._scalar(event, empty_at)
            if anchor is not None:
                self.anchors[anchor] = _Anchor("scalar", value, 1, event.value)
            return value, 1, event.end_mark.index
        record = None
        if anchor is not None:
            record = _Anchor("map" if kind is MappingStartEvent else "seq", None, 0, "")
            self.anchors[anchor] = record
        if kind is MappingStartEvent:
            value, size, end = self._mapping(event, path, depth)
        elif kind is SequenceStartEvent:
            value, size, end = self._sequence(event, path, depth)
        else:
            raise ParserFailedError(TypeError(f"unexpected YAML event {kind.__name__}"))
        if record is not None:
            record.value, record.size, record.open = value, size, False
        return value, size, end

    def _quietly(self, event: Any, path: tuple[str, ...], depth: int) -> tuple[Value, int, int]:
        """``_node`` for text no check looks at: read, with nothing it finds kept."""
        issues, duplicates = len(self.issues), len(self.duplicates)
        expanded, alias_limited = self.expanded, self.alias_limited
        result = self._node(event, path, None, depth)
        del self.issues[issues:], self.duplicates[duplicates:]
        self.expanded, self.alias_limited = expanded, alias_limited
        return result

    def _anchor(self, event: Any) -> _Anchor:
        record = self.anchors.get(event.anchor)
        if record is None:
            error = ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )
            raise ParserFailedError(error)
        return record

    def _alias(self, event: Any) -> tuple[Value, int, int]:
        start, end = event.start_mark.index, event.end_mark.index
        span = self.lines.span(start, end)
        record = self._anchor(event)
        if record.open or record.value is None:
            message = f"recursive alias *{event.anchor}: an anchored value cannot contain itself"
            self.issues.append(SyntaxIssue(message, span))
            return Value(record.kind, span), 1, end
        if self.expanded + record.size > MAX_EXPANDED_NODES:
            if not self.alias_limited:
                message = (
                    f"too many alias expansions; the config would grow past "
                    f"{MAX_EXPANDED_NODES:,} values, so *{event.anchor} and later aliases are "
                    f"left empty"
                )
                self.issues.append(SyntaxIssue(message, span))
            self.alias_limited = True
            return Value(record.kind, span), 1, end
        self.expanded += record.size
        return replace(record.value, span=span), record.size, end

    def _mapping(
        self, start_event: Any, path: tuple[str, ...], depth: int
    ) -> tuple[Value, int, int]:
        entries: list[Entry] = []
        first_spans: dict[str, Span] = {}
        size = 1
        last_end = -1
        next_event = self._next
        event = next_event()
        while type(event) is not MappingEndEvent:
            key, key_span, key_end = self._key(event, path, depth + 1)
            value_event = next_event()
            first = first_spans.get(key)
            if first is not None:
                self.duplicates.append(DuplicateKey((*path, key), first, key_span))
                value_end = self._quietly(value_event, (*path, key), depth + 1)[2]
            else:
                first_spans[key] = key_span
                empty_at = self._after_indicator(key_end, ":")
                value, value_size, value_end = self._node(
                    value_event, (*path, key), empty_at, depth + 1
                )
                size += value_size
                entries.append(new_entry(key, key_span, value))
            last_end = max(key_end, value_end)
            event = next_event()
        end = event.end_mark.index
        if last_end >= 0 and self.json_mode:
            self._check_trailing_comma(end, last_end)
        if entries and start_event.flow_style is not True:
            last = entries[-1]
            start = self.lines.position(start_event.start_mark.index)
            span = new_span(start, max(last.key_span.end, last.value.span.end))
        else:
            span = self.lines.span(start_event.start_mark.index, end)
        return new_value("map", span, entries=tuple(entries)), size, end

    def _key(self, event: Any, path: tuple[str, ...], depth: int) -> tuple[str, Span, int]:
        """A key's text (a non-string key keeps its source text), span and end."""
        kind = type(event)
        start, end = event.start_mark.index, event.end_mark.index
        if kind is AliasEvent:
            self._count(event)
            record = self._anchor(event)
            key = record.text if record.kind == "scalar" else self.text[start:end]
            return key, self.lines.span(start, end), end
        if kind is ScalarEvent:
            self._count(event)
            if depth > MAX_DEPTH:
                raise MaxDepthExceededError(None, None, "nested too deeply", event.start_mark)
            if event.anchor is not None:  # usable as a value later: ``*name``
                value = self._scalar(event, None)
                self.anchors[event.anchor] = _Anchor("scalar", value, 1, event.value)
            return str(event.value), self.lines.span(start, end), end
        end = self._quietly(event, path, depth)[2]  # ``? [a, b]`` or ``? {a: b}``
        return self.text[start:end].strip(), self.lines.span(start, end), end

    def _sequence(
        self, start_event: Any, path: tuple[str, ...], depth: int
    ) -> tuple[Value, int, int]:
        items: list[Value] = []
        size = 1
        previous_end = start_event.start_mark.index
        flow = start_event.flow_style is True
        next_event = self._next
        event = next_event()
        while type(event) is not SequenceEndEvent:
            empty_at = None if flow else self._after_indicator(previous_end, "-")
            item, item_size, previous_end = self._node(event, path, empty_at, depth + 1)
            size += item_size
            items.append(item)
            event = next_event()
        end = event.end_mark.index
        if items and self.json_mode:
            self._check_trailing_comma(end, previous_end)
        if items and not flow:
            start = self.lines.position(start_event.start_mark.index)
            span = new_span(start, items[-1].span.end)
        else:
            span = self.lines.span(start_event.start_mark.index, end)
        return new_value("seq", span, items=tuple(items)), size, end

    def _scalar(self, event: Any, empty_at: int | None) -> Value:
        start, end = event.start_mark.index, event.end_mark.index
        style = STYLES.get(event.style, "plain")
        if start == end and empty_at is not None:
            start = end = empty_at
        elif style in ("literal", "folded"):
            end = start + len(self.text[start:end].rstrip(" \t\r\n")) or end
        text = str(event.value)
        tag = event.ctag
        if tag is None or str(tag) == "!":
            tag = self.tags.of(text) if event.implicit[0] else STR_TAG
        return new_value(
            "scalar",
            self.lines.span(start, end),
            scalar=scalar_value(str(tag), text),
            text=text,
            style=style,
        )

    def _after_indicator(self, index: int, indicator: str) -> int:
        """Just after ``indicator`` if it is the next thing after ``index`` (skipping blanks and
        comments), else ``index`` itself."""
        text = self.text
        at = index
        while at < len(text):
            char = text[at]
            if char == indicator:
                return at + 1
            if char == "#":
                newline = LINE_BREAK.search(text, at)
                at = newline.start() if newline else len(text)
            elif char in " \t\r\n":
                at += 1
            else:
                break
        return index

    def _check_trailing_comma(self, end: int, last_end: int) -> None:
        """JSON forbids the comma YAML allows before a closing bracket (``end`` is after it)."""
        closer_at = end - 1
        at = last_end
        while at < closer_at:
            char = self.text[at]
            if char == ",":
                closer = self.text[closer_at]
                message = f"trailing comma before '{closer}' is not allowed in JSON"
                self.issues.append(SyntaxIssue(message, self.lines.span(at, at + 1)))
                return
            if char == "#":
                newline = LINE_BREAK.search(self.text, at, closer_at)
                at = newline.start() if newline else closer_at
            else:
                at += 1
