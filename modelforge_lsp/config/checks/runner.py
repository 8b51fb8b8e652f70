"""``check(document, catalog, settings) -> list[Finding]``: every diagnostic, as a pure function.

The server and ``modelforge config validate`` both call this and nothing else, so an editor and a
CI job always agree. Rules live one family per module in ``config/checks``; this module runs them
in order, skips the catalog family when asked to (manual mode), and applies per-code severity
overrides from the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks.catalog import check_catalog
from modelforge_lsp.config.checks.common import keep_quotes
from modelforge_lsp.config.checks.findings import Finding, Severity
from modelforge_lsp.config.checks.references import check_references
from modelforge_lsp.config.checks.runtime import check_runtime
from modelforge_lsp.config.checks.schema import check_schema
from modelforge_lsp.config.checks.security import check_security
from modelforge_lsp.config.checks.syntax import check_syntax
from modelforge_lsp.config.syntax import ConfigDocument

__all__ = ["CheckSettings", "check"]


@dataclass(frozen=True, slots=True)
class CheckSettings:
    catalog_checks: bool = True
    """``False``: skip every MF3xx check (manual mode, or a catalog the user does not trust)."""
    severity_overrides: Mapping[str, Severity | None] = field(
        default_factory=lambda: MappingProxyType({})
    )
    """Per-code severity; ``None`` turns a code off."""


def check(
    document: ConfigDocument, catalog: Catalog | None, settings: CheckSettings | None = None
) -> list[Finding]:
    """All findings for ``document``, in document order."""
    settings = settings or CheckSettings()
    findings = check_syntax(document)
    findings += check_schema(document)
    if settings.catalog_checks and catalog is not None and catalog.providers:
        findings += check_catalog(document, catalog)
    findings += check_references(document, catalog)
    findings += check_security(document, catalog)
    findings += check_runtime(document, catalog)
    findings = [keep_quotes(document, item) for item in findings]
    return sorted(_apply_overrides(findings, settings), key=lambda f: (f.span.start, f.code))


def _apply_overrides(findings: list[Finding], settings: CheckSettings) -> list[Finding]:
    overrides = settings.severity_overrides
    if not overrides:
        return findings
    adjusted = []
    for item in findings:
        if item.code not in overrides:
            adjusted.append(item)
        elif (severity := overrides[item.code]) is not None:
            adjusted.append(replace(item, severity=severity))
    return adjusted
