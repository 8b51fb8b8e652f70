"""Diagnostics: ``check(document, catalog, settings) -> findings``, the rule families, the codes.

``check`` is the one function the language server and ``modelforge config validate`` both call.
Each rule family is a module (``syntax``, ``schema``, ``catalog``, ``references``,
``security``); every code they may emit is registered once in ``codes``.
"""

from modelforge_lsp.config.checks.codes import CODES, Code, unknown_code_message
from modelforge_lsp.config.checks.findings import (
    DOCS_URL,
    PROJECT_URL,
    Finding,
    Fix,
    RelatedInfo,
    Severity,
    Tag,
    TextEdit,
    docs_url,
)
from modelforge_lsp.config.checks.overrides import (
    SEVERITY_NAMES,
    SeverityName,
    parse_severity_names,
    severity_overrides,
)
from modelforge_lsp.config.checks.runner import (
    CheckSettings,
    check,
)

__all__ = [
    "CODES",
    "DOCS_URL",
    "PROJECT_URL",
    "SEVERITY_NAMES",
    "CheckSettings",
    "Code",
    "Finding",
    "Fix",
    "RelatedInfo",
    "Severity",
    "SeverityName",
    "Tag",
    "TextEdit",
    "check",
    "docs_url",
    "parse_severity_names",
    "severity_overrides",
    "unknown_code_message",
]
