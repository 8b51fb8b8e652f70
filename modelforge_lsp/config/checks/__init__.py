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
from modelforge_lsp.config.checks.runner import (
    CheckSettings,
    check,
)

__all__ = [
    "CODES",
    "DOCS_URL",
    "PROJECT_URL",
    "CheckSettings",
    "Code",
    "Finding",
    "Fix",
    "RelatedInfo",
    "Severity",
    "Tag",
    "TextEdit",
    "check",
    "docs_url",
    "unknown_code_message",
]
