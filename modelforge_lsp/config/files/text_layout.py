"""Where things sit in a config's text: its lines with their breaks, block or flow style.

``text_edit`` (insertions, scalar replacement) and ``text_remove`` (removal) change a config's
text line by line and must agree on how it is laid out: lines are numbered where
``config.syntax.parse`` numbers them (``\\n``, ``\\r\\n``, ``\\r``), a new line uses the file's
own break, and a mapping written ``{...}`` is changed inside its braces, never as block lines.
"""

from __future__ import annotations

import re

from modelforge_lsp.config.syntax import LINE_BREAK, NODE_PROPERTIES, ConfigDocument, Value

__all__ = ["KeyPath", "inside_flow", "is_flow_map", "newline_of", "split_lines"]

KeyPath = tuple[str, ...]
"""Keys from the top of the file down to a node: ``("providers", "openai", "models")``."""

_FLOW_START = re.compile(NODE_PROPERTIES + r"\{")


def split_lines(text: str) -> list[str]:
    """Lines with their breaks, numbered as ``config.syntax.parse`` numbers them."""
    pieces, start = [], 0
    for match in LINE_BREAK.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def newline_of(text: str) -> str:
    """The file's line break (its first one), ``\\n`` for a one-line file."""
    found = LINE_BREAK.search(text)
    return found.group() if found else "\n"


def is_flow_map(document: ConfigDocument, value: Value) -> bool:
    """``value`` is a mapping written ``{...}`` (after any anchor or tag)."""
    row = document.lines[value.span.start.line]
    return value.kind == "map" and _FLOW_START.match(row, value.span.start.character) is not None


def inside_flow(document: ConfigDocument, path: KeyPath) -> bool:
    """True when the value at ``path`` sits inside a flow mapping (so must be written flow)."""
    node = document.root
    for key in path:
        if node is None or is_flow_map(document, node):
            return node is not None
        entry = node.get(key)
        node = entry.value if entry is not None else None
    return False
