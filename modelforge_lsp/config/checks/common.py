"""Small helpers the rule modules share: building findings with replacement fixes."""

from __future__ import annotations

from modelforge_lsp.config.checks.codes import CODES
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity, Tag, TextEdit
from modelforge_lsp.config.syntax import Span

__all__ = ["finding", "replacement_fixes"]


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
    """A finding whose fixes default to "replace the span with each suggestion".

    ``code`` must be registered in ``codes.CODES`` (a ``KeyError`` otherwise, caught by any test
    that reaches the rule).
    """
    CODES[code]
    return Finding(
        span=span,
        severity=severity,
        code=code,
        message=message,
        suggestions=suggestions,
        fixes=replacement_fixes(span, suggestions) if fixes is None else fixes,
        tags=tags,
    )
