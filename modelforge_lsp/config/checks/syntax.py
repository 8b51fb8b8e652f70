"""MF1xx: the file could not be read as YAML (or JSON), or only in part."""

from __future__ import annotations

from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Severity
from modelforge_lsp.config.syntax import ConfigDocument

__all__ = ["check_syntax"]


def check_syntax(document: ConfigDocument) -> list[Finding]:
    if document.too_large:
        code, severity = "MF102", Severity.ERROR
    elif document.alias_limited:
        code, severity = "MF103", Severity.WARNING
    else:
        code, severity = "MF101", Severity.ERROR
    return [finding(issue.span, severity, code, issue.message) for issue in document.syntax_errors]
