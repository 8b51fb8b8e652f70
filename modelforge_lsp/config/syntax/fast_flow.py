"""One-line flow collections in plain block YAML, for ``fast_block``: ``{provider: a, model: b}``.

Why: a config that is plain block YAML but for a line such as ``current_model: {provider:
openai, model: gpt-4o}`` left the fast path and was read whole by the parsers -- 0.9 s for a
2 MB config, at every keystroke. Such a collection is read here by itself: the line's columns
up to it blanked, so libyaml's spans are the line's own, then moved to the line's number. That
is the tree ``build_tree`` makes of it inside the whole text, since a flow collection on one
line reads the same wherever it is (the document's YAML version aside: a ``%YAML`` directive
takes the full path anyway).

Only the plainest kind comes here: one line, no nesting, no quotes, no comment, no anchor,
alias or tag (``FLOW`` says which characters), at most ``MAX_FLOW_LINES`` of them per text.
Whatever else the read finds -- a syntax error, a duplicate key, a trailing comma -- and the
caller falls back to the full path, which words it.
"""

from __future__ import annotations

import re

from modelforge_lsp.config.syntax.construct import new_entry, new_position, new_span, new_value
from modelforge_lsp.config.syntax.reading import LineIndex
from modelforge_lsp.config.syntax.tree import Span, Value

__all__ = ["FLOW", "MAX_FLOW_LINES", "SURELY_OUTSIDE", "flow_value", "surely_outside"]

_INNER = r"[^\n{}\[\]#'\"\\&*!|>%@`?]*"
FLOW = rf"\{{{_INNER}\}}|\[{_INNER}\]"
"""A flow mapping or sequence on one line, with nothing inside that could nest, quote,
comment, anchor, alias or tag, nor an explicit key (``?``: libyaml and ruamel place its empty
key differently), ``{}`` and ``[]`` included."""
MAX_FLOW_LINES = 64
"""More flow lines than this in a text (models written ``name: {context: ...}``?), and the full
path is faster: libyaml reads the whole text in C at about the cost of 64 snippets."""

SURELY_OUTSIDE = re.compile(
    rf"(?:^[ ]*(?:-[ ]+)?|:[ ]+)(?:\{{(?!{_INNER}\}}[ ]*(?:#|$))|\[(?!{_INNER}\][ ]*(?:#|$))"
    r"|[&*!|>%])",
    re.MULTILINE,
)
"""A value surely outside ``fast_block``'s subset -- a flow collection that is not ``FLOW``
alone on its line, an anchor, an alias, a tag, a block scalar, a directive. A match never
crosses a line; ``surely_outside`` says whether a text has one."""
_SUSPECT = re.compile(
    rf"(?:\{{(?!{_INNER}\}}[ ]*(?:#|$))|\[(?!{_INNER}\][ ]*(?:#|$))|&|\*|!|\||>|%)(?<![^ \n].)",
    re.MULTILINE,
)
"""The character a ``SURELY_OUTSIDE`` match ends in, wherever it could end: after a blank or at
a line's start. Every branch starts with a literal, so ``re`` skips to the next candidate
character in C instead of trying each position, as ``SURELY_OUTSIDE``'s line-start branch must
(a 2 MB config: 28-45 ms -> 7.5 ms, all of it holding the GIL the event loop waits for)."""


def surely_outside(text: str) -> bool:
    """Whether ``SURELY_OUTSIDE`` matches in ``text``: each line holding a suspect is searched
    alone, once. Found in C before any line is read (else a 2 MB config that ends in such a
    value is read whole, then again)."""
    start = 0
    while (suspect := _SUSPECT.search(text, start)) is not None:
        line_start = text.rfind("\n", 0, suspect.start()) + 1
        line_end = text.find("\n", suspect.end())
        if line_end < 0:
            line_end = len(text)
        if SURELY_OUTSIDE.search(text, line_start, line_end):
            return True
        start = line_end + 1
    return False


def flow_value(line: str, number: int, start: int, end: int) -> tuple[Value, int] | None:
    """The ``Value`` of ``line[start:end]`` (a ``FLOW``) on line ``number``, and its node
    count; ``None`` if its read reports anything."""
    # ruamel's parser, imported by the first flow line read: the block lines need none
    from modelforge_lsp.config.syntax.build import build_once  # noqa: PLC0415

    snippet = " " * start + line[start:end]
    try:
        built = build_once(snippet, LineIndex(snippet))
    except Exception:
        return None
    if built.root is None or built.issues or built.duplicates or built.alias_limited:
        return None
    return _moved(built.root, number)


def _moved(value: Value, number: int) -> tuple[Value, int]:
    """``value`` (read on line 0) on line ``number``, and how many nodes it holds."""
    nodes = 1
    entries = []
    for entry in value.entries:
        moved, count = _moved(entry.value, number)
        entries.append(new_entry(entry.key, _span(entry.key_span, number), moved))
        nodes += count + 1
    items = []
    for item in value.items:
        moved, count = _moved(item, number)
        items.append(moved)
        nodes += count
    span = _span(value.span, number)
    return new_value(
        value.kind, span, value.scalar, value.text, value.style, tuple(entries), tuple(items)
    ), nodes


def _span(span: Span, number: int) -> Span:
    start, end = span.start, span.end
    return new_span(
        new_position(start.line + number, start.character),
        new_position(end.line + number, end.character),
    )
