"""Parse a config once per document version into a tree where every key and value has a span.

Contract (the types live in ``config.syntax.tree`` and are re-exported here; keep them stable):

* ``parse_document(text)`` never raises. YAML (and JSON, read as YAML) that parses gives a
  ``root``; text that does not gives ``root=None`` and ``syntax_errors``.
* Positions are 0-based lines and code-point columns (Python string indices within the line);
  the server converts them to the client's encoding.
* Duplicate keys are recorded (the first one wins in the tree); alias expansion is capped so an
  alias bomb cannot exhaust memory; text over the size limit is not parsed at all.

How the tree is built: ruamel.yaml's pure-Python composer turns the text into nodes whose marks
carry a character index; every span is computed from that index against the text's own line
breaks (``\n``, ``\r\n``, ``\r`` -- the LSP's, not YAML's wider set), so columns are code points
of ``text`` whatever it contains (BOM, emoji, U+2028). Span conventions:

* A span covers the node's source: quotes, and a leading ``&anchor``/``!tag``, included.
* A block collection ends where its last entry or item ends (not at the next key or comment); a
  flow collection ends after its closing bracket; a block scalar (``|``/``>``) ends at the end of
  its last non-blank line.
* An empty value (``models:`` with nothing after it) is an empty span right after its colon
  (``- `` item: right after the dash); where there is no indicator (``{a}``) it is empty at the
  end of the key.
* An alias value (``b: *base``) spans the ``*base`` token; the entries and items it expands to
  keep the spans of the anchored text they came from.

Beyond a plain "does not parse", these give a ``SyntaxIssue`` while ``root`` is still returned:
a second YAML document (the first is used), an alias expansion past the cap or a recursive alias
(the value is left empty), and -- in a JSON config (a document whose top level is ``{...}`` or
``[...]``) -- a trailing comma, which YAML accepts but JSON readers (ModelForge 2.x) reject.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import replace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from modelforge_lsp.config.syntax.tree import (
    LINE_BREAK,
    ConfigDocument,
    DuplicateKey,
    Entry,
    Position,
    ScalarStyle,
    Span,
    SyntaxIssue,
    Value,
    ValueKind,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ConfigDocument",
    "DuplicateKey",
    "Entry",
    "Position",
    "Span",
    "SyntaxIssue",
    "Value",
    "parse_document",
]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

MAX_EXPANDED_NODES = 100_000
"""Cap on the nodes of the tree counted with every alias expanded (an alias bomb stops here)."""
MAX_DEPTH = 200
"""Deepest nesting composed; deeper text is a syntax issue, not a ``RecursionError``."""

_CORE = "tag:yaml.org,2002:"
_TOKEN_STOP = frozenset(" \t\r\n,[]{}#")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_STYLES: dict[str | None, ScalarStyle] = {
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}


def parse_document(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ConfigDocument:
    """Parse ``text``; never raises (see module docstring)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        first_line = LINE_BREAK.split(text, maxsplit=1)[0]
        message = (
            f"the file is too large to check: {size:,} bytes (the limit is {max_bytes:,} bytes)"
        )
        return ConfigDocument(
            text=text,
            root=None,
            syntax_errors=(SyntaxIssue(message, Span.at(0, 0, len(first_line))),),
            too_large=True,
        )
    lines = _Lines(text)
    try:
        node, issues = _compose(text, lines)
    except Exception as error:  # ruamel raises its own errors, and anything on odd input
        return ConfigDocument(text=text, root=None, syntax_errors=(_issue(error, text, lines),))
    if node is None or _is_empty(node):
        return ConfigDocument(text=text, root=None, syntax_errors=tuple(issues))
    converter = _Converter(text, lines, json_mode=_is_flow(node))
    try:
        root, _ = converter.value(node, (), None)
    except Exception as error:  # never raise to an editor; the message says it is our fault
        message = f"internal error while reading the config ({type(error).__name__}: {error})"
        return ConfigDocument(
            text=text, root=None, syntax_errors=(SyntaxIssue(message, Span.at(0, 0, 0)),)
        )
    return ConfigDocument(
        text=text,
        root=root,
        syntax_errors=(*issues, *converter.issues),
        duplicate_keys=tuple(converter.duplicates),
        alias_limited=converter.alias_limited,
    )


class _Lines:
    """Character index -> ``Position``, with the LSP's line breaks."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in LINE_BREAK.finditer(text))]

    def position(self, index: int) -> Position:
        line = bisect_right(self.starts, index) - 1
        return Position(line, index - self.starts[line])

    def span(self, start: int, end: int) -> Span:
        return Span(self.position(start), self.position(end))


class _AliasRef:
    """An alias occurrence: the anchored node it names, and where the ``*name`` token is."""

    __slots__ = ("end", "name", "node", "start")

    def __init__(self, node: Node, name: str, start: int, end: int) -> None:
        self.node = node
        self.name = name
        self.start = start
        self.end = end


class _Composer(Composer):
    """ruamel's composer, but an alias becomes an ``_AliasRef`` that remembers its position."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # a reused anchor is legal YAML; never print warnings

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            node = super().compose_node(parent, index)
            return _AliasRef(node, str(event.anchor), event.start_mark.index, event.end_mark.index)
        return super().compose_node(parent, index)


def _compose(text: str, lines: _Lines) -> tuple[Node | _AliasRef | None, list[SyntaxIssue]]:
    """The first document's root node, and an issue if more documents follow."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _Composer
    yaml.max_depth = MAX_DEPTH
    _, parser = yaml.get_constructor_parser(text)
    composer = yaml.composer
    try:
        if not composer.check_node():
            return None, []
        node: Node | _AliasRef = composer.get_node()
        issues: list[SyntaxIssue] = []
        try:
            if not parser.check_event(StreamEndEvent):
                start = parser.peek_event().start_mark.index
                message = "only one YAML document per config file; the first one is used"
                issues.append(SyntaxIssue(message, _token_span(text, lines, start)))
        except Exception as error:  # the next document is broken: say so, keep the first
            issues.append(_issue(error, text, lines))
        return node, issues
    finally:
        parser.dispose()


def _issue(error: Exception, text: str, lines: _Lines) -> SyntaxIssue:
    """A readable issue at the place ruamel (or Python) complained about."""
    if isinstance(error, MaxDepthExceededError | RecursionError):
        mark = getattr(error, "problem_mark", None)
        index = mark.index if mark is not None else 0
        message = f"the config is nested too deeply (more than {MAX_DEPTH} levels)"
        return SyntaxIssue(message, _token_span(text, lines, index))
    if isinstance(error, ReaderError):
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"character U+{code:04X} is not allowed in YAML ({error.reason})"
        return SyntaxIssue(message, _token_span(text, lines, int(error.position)))
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        index = mark.index if mark is not None else 0
        return SyntaxIssue(_describe(error, text, lines, index), _token_span(text, lines, index))
    message = f"the YAML parser failed on this text ({type(error).__name__}: {error})"
    return SyntaxIssue(message, Span.at(0, 0, 0))


def _describe(error: MarkedYAMLError, text: str, lines: _Lines, index: int) -> str:
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


def _token_span(text: str, lines: _Lines, index: int) -> Span:
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


def _is_flow(node: Node | _AliasRef) -> bool:
    return isinstance(node, MappingNode | SequenceNode) and node.flow_style is True


def _is_empty(node: Node | _AliasRef) -> bool:
    """A null with no source text at all (``key:`` with nothing after it, a bare ``---``)."""
    return isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index


def _end(node: Node | _AliasRef) -> int:
    return node.end if isinstance(node, _AliasRef) else int(node.end_mark.index)


class _Converter:
    """ruamel nodes -> ``Value`` tree, linear in the number of nodes.

    An anchored node is converted once and its (immutable) ``Value`` shared by every alias, so
    the work is linear in the text; ``expanded`` still counts the tree as if every alias were
    copied, and an alias that would take it past ``MAX_EXPANDED_NODES`` is left empty -- the tree
    anyone walks stays small however the aliases multiply.
    """

    def __init__(self, text: str, lines: _Lines, *, json_mode: bool) -> None:
        self.text = text
        self.lines = lines
        self.json_mode = json_mode
        self.expanded = 0
        self.alias_limited = False
        self.issues: list[SyntaxIssue] = []
        self.duplicates: list[DuplicateKey] = []
        self._converted: dict[int, tuple[Value, int]] = {}
        """id(anchored node) -> (its Value, its size with aliases expanded)."""
        self._active: set[int] = set()
        """Anchored collections being converted: an alias to one of them is recursive."""

    def value(
        self, node: Node | _AliasRef, path: tuple[str, ...], empty_at: int | None
    ) -> tuple[Value, int]:
        """The ``Value`` of ``node`` and its expanded size. ``empty_at``: where an empty value
        sits (just after its ``:`` or ``-``)."""
        if isinstance(node, _AliasRef):
            return self._alias(node, path)
        known = self._converted.get(id(node))
        if known is not None:
            return known
        self.expanded += 1
        anchored = node.anchor is not None
        if anchored:
            self._active.add(id(node))
        if isinstance(node, MappingNode):
            result = self._mapping(node, path)
        elif isinstance(node, SequenceNode):
            result = self._sequence(node, path)
        elif isinstance(node, ScalarNode):
            result = (self._scalar(node, empty_at), 1)
        else:
            raise TypeError(f"unexpected YAML node {type(node).__name__}")
        if anchored:
            self._active.discard(id(node))
            self._converted[id(node)] = result
        return result

    def _alias(self, ref: _AliasRef, path: tuple[str, ...]) -> tuple[Value, int]:
        span = self.lines.span(ref.start, ref.end)
        target = ref.node
        kind: ValueKind = (
            "map"
            if isinstance(target, MappingNode)
            else "seq"
            if isinstance(target, SequenceNode)
            else "scalar"
        )
        if id(target) in self._active:
            message = f"recursive alias *{ref.name}: an anchored value cannot contain itself"
            self.issues.append(SyntaxIssue(message, span))
            return Value(kind, span), 1
        known = self._converted.get(id(target))
        if known is None:  # an anchor on a key: not converted as a value yet
            known = self.value(target, path, None)
            self.expanded -= known[1]
        value, size = known
        if self.expanded + size > MAX_EXPANDED_NODES:
            if not self.alias_limited:
                message = (
                    f"too many alias expansions; the config would grow past "
                    f"{MAX_EXPANDED_NODES:,} values, so *{ref.name} and later aliases are "
                    f"left empty"
                )
                self.issues.append(SyntaxIssue(message, span))
            self.alias_limited = True
            return Value(kind, span), 1
        self.expanded += size
        return replace(value, span=span), size

    def _mapping(self, node: MappingNode, path: tuple[str, ...]) -> tuple[Value, int]:
        entries: list[Entry] = []
        first_spans: dict[str, Span] = {}
        size = 1
        for key_node, value_node in node.value:
            key, key_span = self._key(key_node)
            first = first_spans.get(key)
            if first is not None:
                self.duplicates.append(DuplicateKey((*path, key), first, key_span))
                continue
            first_spans[key] = key_span
            empty_at = self._after_indicator(_end(key_node), ":")
            value, value_size = self.value(value_node, (*path, key), empty_at)
            size += value_size
            entries.append(Entry(key, key_span, value))
        last = node.value[-1] if node.value else None
        if last is not None and self.json_mode:
            self._check_trailing_comma(node, max(_end(last[0]), _end(last[1])))
        if entries and not _is_flow(node):
            last_entry = entries[-1]
            span = Span(self._start(node), max(last_entry.key_span.end, last_entry.value.span.end))
        else:
            span = self._node_span(node)
        return Value("map", span, entries=tuple(entries)), size

    def _sequence(self, node: SequenceNode, path: tuple[str, ...]) -> tuple[Value, int]:
        items: list[Value] = []
        size = 1
        previous_end = int(node.start_mark.index)
        flow = _is_flow(node)
        for item_node in node.value:
            empty_at = None if flow else self._after_indicator(previous_end, "-")
            item, item_size = self.value(item_node, path, empty_at)
            size += item_size
            items.append(item)
            previous_end = _end(item_node)
        if node.value and self.json_mode:
            self._check_trailing_comma(node, _end(node.value[-1]))
        if items and not flow:
            span = Span(self._start(node), items[-1].span.end)
        else:
            span = self._node_span(node)
        return Value("seq", span, items=tuple(items)), size

    def _scalar(self, node: ScalarNode, empty_at: int | None) -> Value:
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        style = _STYLES.get(node.style, "plain")
        if start == end and empty_at is not None:
            start = end = empty_at
        elif style in ("literal", "folded"):
            end = start + len(self.text[start:end].rstrip(" \t\r\n")) or end
        text = str(node.value)
        return Value(
            "scalar",
            self.lines.span(start, end),
            scalar=_resolve(node.tag, text),
            text=text,
            style=style,
        )

    def _key(self, node: Node | _AliasRef) -> tuple[str, Span]:
        """A key's text (a non-string key keeps its source text) and span."""
        if isinstance(node, _AliasRef):
            span = self.lines.span(node.start, node.end)
            if isinstance(node.node, ScalarNode):
                return str(node.node.value), span
            return self.text[node.start : node.end], span
        span = self._node_span(node)
        if isinstance(node, ScalarNode):
            return str(node.value), span
        return self.text[node.start_mark.index : node.end_mark.index].strip(), span

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

    def _check_trailing_comma(self, node: MappingNode | SequenceNode, last_end: int) -> None:
        """JSON forbids the comma YAML allows before a closing bracket."""
        closer_at = int(node.end_mark.index) - 1
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

    def _start(self, node: Node) -> Position:
        return self.lines.position(int(node.start_mark.index))

    def _node_span(self, node: Node) -> Span:
        return self.lines.span(int(node.start_mark.index), int(node.end_mark.index))


def _resolve(tag: str | None, text: str) -> str | int | float | bool | None:
    """A scalar's value by its (resolved or explicit) tag; YAML 1.2 core, anything else a str."""
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    elif tag == _CORE + "int":
        number = _to_int(text)
        if number is not None:
            return number
    elif tag == _CORE + "float":
        real = _to_float(text)
        if real is not None:
            return real
    return text


def _to_int(text: str) -> int | None:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2].lower(), 10)
    if base != 10:
        digits = digits[2:]
    try:
        return sign * int(digits, base)
    except ValueError:  # not a number after all, or too many digits for int()
        return None


def _to_float(text: str) -> float | None:
    lowered = text.replace("_", "").lower()
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    if lowered in special:
        return special[lowered]
    try:
        return float(lowered)
    except ValueError:
        return None
