"""Small helpers the rule modules share: building findings with replacement fixes, and keeping
a quoted scalar quoted when a fix replaces it."""

from __future__ import annotations

import json
from dataclasses import replace

from modelforge_lsp.config.checks.codes import CODES
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity, Tag, TextEdit
from modelforge_lsp.config.syntax import ConfigDocument, Span

__all__ = ["finding", "keep_quotes", "replacement_fixes"]


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


def keep_quotes(document: ConfigDocument, item: Finding) -> Finding:
    """``item`` with each replacement of a quoted scalar quoted the same way.

    Spans cover a scalar with its quotes (a JSON key is ``"opnai"``), and rules suggest bare
    names; replacing ``"openai-compatible"`` with ``openai_compatible`` would break a JSON file.
    One rule here, so no rule has to remember it.
    """
    if not item.fixes:
        return item
    fixes = tuple(
        replace(fix, edits=tuple(_quoted_edit(document, edit) for edit in fix.edits))
        for fix in item.fixes
    )
    return item if fixes == item.fixes else replace(item, fixes=fixes)


def _quoted_edit(document: ConfigDocument, edit: TextEdit) -> TextEdit:
    span = edit.span
    if span.start.line != span.end.line or span.start.line >= len(document.lines):
        return edit
    written = document.lines[span.start.line][span.start.character : span.end.character]
    if len(written) < 2 or written[0] != written[-1] or written[0] not in "\"'":
        return edit
    new = edit.new_text
    if len(new) >= 2 and new[0] == new[-1] == written[0]:
        return edit  # already quoted the same way
    text = json.dumps(new) if written[0] == '"' else "'" + new.replace("'", "''") + "'"
    return TextEdit(span, text)
