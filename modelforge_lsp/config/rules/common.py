"""Small helpers the rule modules share: building findings with replacement fixes."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import SplitResult, urlsplit

from modelforge_lsp.config.document import ConfigDocument, Entry, Span, Value
from modelforge_lsp.config.findings import Finding, Fix, Severity, Tag, TextEdit

__all__ = ["finding", "providers", "replacement_fixes", "split_url", "string_of"]


def replacement_fixes(
    span: Span, suggestions: tuple[str, ...], verb: str = "Replace with"
) -> tuple[Fix, ...]:
    return tuple(
        Fix(f"{verb} '{text}'", (TextEdit(span, text),), preferred=index == 0)
        for index, text in enumerate(suggestions)
    )


def finding(
    span: Span,
    severity: Severity,
    code: str,
    message: str,
    suggestions: tuple[str, ...] = (),
    *,
    fixes: tuple[Fix, ...] | None = None,
    tags: frozenset[Tag] = frozenset(),
) -> Finding:
    """A finding whose fixes default to "replace the span with each suggestion"."""
    return Finding(
        span=span,
        severity=severity,
        code=code,
        message=message,
        suggestions=suggestions,
        fixes=replacement_fixes(span, suggestions) if fixes is None else fixes,
        tags=tags,
    )


def providers(document: ConfigDocument) -> Iterator[Entry]:
    """Each ``providers.<key>`` entry (nothing if ``providers`` is missing or not a mapping)."""
    entry = document.entry_at(("providers",))
    if entry is not None and entry.value.kind == "map":
        yield from entry.value.entries


def string_of(value: Value | None) -> str | None:
    """A scalar as the string the user wrote, or ``None`` for maps, lists and nulls."""
    if value is None or value.kind != "scalar" or value.scalar is None:
        return None
    return value.text


def split_url(text: str) -> SplitResult | None:
    """``urlsplit`` that answers ``None`` for text it cannot split (``http://[``)."""
    try:
        return urlsplit(text)
    except ValueError:
        return None
