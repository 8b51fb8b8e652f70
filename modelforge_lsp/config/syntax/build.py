"""ruamel.yaml nodes to the ``Value`` tree: spans, scalars resolved, duplicates and alias caps.

The span conventions are the ones ``config.syntax.parse`` documents. Scalars are resolved the
YAML 1.2 core-schema way (with ``yes``/``no``/``on``/``off`` read as booleans, as ModelForge's
YAML 1.1 readers do), so a value reads the same here as in the runtime.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from modelforge_lsp.config.syntax.compose import AliasRef, LineIndex, is_flow, node_end
from modelforge_lsp.config.syntax.tree import (
    LINE_BREAK,
    DuplicateKey,
    Entry,
    Position,
    ScalarStyle,
    Span,
    SyntaxIssue,
    Value,
    ValueKind,
)

__all__ = ["MAX_EXPANDED_NODES", "TreeBuilder"]

MAX_EXPANDED_NODES = 100_000
"""Cap on the nodes of the tree counted with every alias expanded (an alias bomb stops here)."""
_CORE = "tag:yaml.org,2002:"
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_STYLES: dict[str | None, ScalarStyle] = {
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}


class TreeBuilder:
    """ruamel nodes -> ``Value`` tree, linear in the number of nodes.

    An anchored node is converted once and its (immutable) ``Value`` shared by every alias, so
    the work is linear in the text; ``expanded`` still counts the tree as if every alias were
    copied, and an alias that would take it past ``MAX_EXPANDED_NODES`` is left empty -- the tree
    anyone walks stays small however the aliases multiply.
    """

    def __init__(self, text: str, lines: LineIndex, *, json_mode: bool) -> None:
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
        self, node: Node | AliasRef, path: tuple[str, ...], empty_at: int | None
    ) -> tuple[Value, int]:
        """The ``Value`` of ``node`` and its expanded size. ``empty_at``: where an empty value
        sits (just after its ``:`` or ``-``)."""
        if isinstance(node, AliasRef):
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

    def _alias(self, ref: AliasRef, path: tuple[str, ...]) -> tuple[Value, int]:
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
            empty_at = self._after_indicator(node_end(key_node), ":")
            value, value_size = self.value(value_node, (*path, key), empty_at)
            size += value_size
            entries.append(Entry(key, key_span, value))
        last = node.value[-1] if node.value else None
        if last is not None and self.json_mode:
            self._check_trailing_comma(node, max(node_end(last[0]), node_end(last[1])))
        if entries and not is_flow(node):
            last_entry = entries[-1]
            span = Span(self._start(node), max(last_entry.key_span.end, last_entry.value.span.end))
        else:
            span = self._node_span(node)
        return Value("map", span, entries=tuple(entries)), size

    def _sequence(self, node: SequenceNode, path: tuple[str, ...]) -> tuple[Value, int]:
        items: list[Value] = []
        size = 1
        previous_end = int(node.start_mark.index)
        flow = is_flow(node)
        for item_node in node.value:
            empty_at = None if flow else self._after_indicator(previous_end, "-")
            item, item_size = self.value(item_node, path, empty_at)
            size += item_size
            items.append(item)
            previous_end = node_end(item_node)
        if node.value and self.json_mode:
            self._check_trailing_comma(node, node_end(node.value[-1]))
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

    def _key(self, node: Node | AliasRef) -> tuple[str, Span]:
        """A key's text (a non-string key keeps its source text) and span."""
        if isinstance(node, AliasRef):
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
