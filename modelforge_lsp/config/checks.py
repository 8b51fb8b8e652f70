"""``check(document, catalog, settings) -> list[Finding]``: every diagnostic, as a pure function."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.document import ConfigDocument
from modelforge_lsp.config.findings import Finding, Severity

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
    raise NotImplementedError  # being written; the contract above is stable
