"""Every http(s) URL written under a ``*_url`` key, as a link (``textDocument/documentLink``)."""

from __future__ import annotations

from typing import NamedTuple

from modelforge_lsp.config.assist.written import QUOTES, name_span, properties_length, source_text
from modelforge_lsp.config.syntax import ConfigDocument, Span, string_of
from modelforge_lsp.urls import split_url

__all__ = ["Link", "links"]


class Link(NamedTuple):
    """An http(s) URL written in the file, and where its text is (inside any quotes)."""

    span: Span
    url: str


def links(document: ConfigDocument) -> list[Link]:
    """Every http(s) URL under a ``base_url`` or ``*_url`` key, spanning the URL's text."""
    found: dict[Span, Link] = {}
    lines = document.lines
    for path, entry in document.walk():
        if not path[-1].endswith("_url"):
            continue
        url = (string_of(entry.value) or "").strip()
        parts = split_url(url)
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            continue
        if "$" in parts.netloc or "{" in parts.netloc:  # a ${VARIABLE} placeholder, not a host
            continue
        source = source_text(lines, entry.value.span)
        if source is None:
            continue
        span = entry.value.span
        written = name_span(lines, span, entry.value.text)
        if written is not None:
            span = written[0]
        elif source[-1:] in QUOTES and len(source) >= 2:  # quoted with escapes: inside quotes
            start = span.start.character + properties_length(source) + 1
            span = Span.at(span.start.line, start, span.end.character - 1)
        found.setdefault(span, Link(span, url))
    return list(found.values())
