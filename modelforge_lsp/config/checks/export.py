"""Findings as documents for tools: a stable JSON list and SARIF 2.1.0 for code scanning.

Pure functions of the findings, no I/O and no terminal: ``modelforge config validate`` reads the
files, runs ``check()`` and hands the results here as ``FileReport``s (the text a person reads is
the CLI's, ``cli/validate_report.py``). Positions follow the convention of each format:

* JSON ``range``: 0-based LSP positions with ``character`` in UTF-16 code units, LSP's default
  encoding, so a tool can hand them to an editor unchanged; ``line``/``column`` repeat the start
  1-based in code points, as the text report shows it;
* SARIF ``region``: 1-based, columns in UTF-16 code units (SARIF's default ``columnKind``, which
  the run states explicitly); ``endColumn`` is exclusive, as SARIF defines it. Each rule is
  titled from ``codes.CODES``, the one registry of codes.

Neither format copies source lines -- only each finding's position and message -- so the masking
the text report does for credentials (MF501) is not needed here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from modelforge_lsp.config.checks.codes import CODES
from modelforge_lsp.config.checks.findings import PROJECT_URL, Finding, Severity, docs_url
from modelforge_lsp.config.syntax import ConfigDocument, Position, Span

__all__ = ["SARIF_SCHEMA", "FileReport", "fails", "render_json", "render_sarif", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


@dataclass(frozen=True, slots=True)
class FileReport:
    """One checked file: the path to show (relative where possible), its parse, its findings."""

    path: str
    document: ConfigDocument
    findings: tuple[Finding, ...]


def fails(reports: Iterable[FileReport], *, strict: bool = False) -> bool:
    """Errors and warnings fail a check; with ``strict``, information and hints do too."""
    worst = Severity.HINT if strict else Severity.WARNING
    return any(f.severity <= worst for report in reports for f in report.findings)


# -- JSON ----------------------------------------------------------------------------------------


def _utf16(lines: Sequence[str], position: Position) -> dict[str, int]:
    """An LSP position in UTF-16 code units, clamped into the text (as the server does)."""
    if position.line < 0:
        return {"line": 0, "character": 0}
    if position.line >= len(lines):
        line = len(lines) - 1
        return {"line": line, "character": _utf16_units(lines[line])}
    text = lines[position.line]
    character = max(0, min(position.character, len(text)))
    return {"line": position.line, "character": _utf16_units(text[:character])}


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _finding_json(report: FileReport, item: Finding) -> dict[str, Any]:
    lines = report.document.lines
    return {
        "path": report.path,
        "code": item.code,
        "severity": item.severity.label,
        "message": item.message,
        "range": {
            "start": _utf16(lines, item.span.start),
            "end": _utf16(lines, item.span.end),
        },
        "line": item.span.start.line + 1,
        "column": item.span.start.character + 1,
        "suggestions": list(item.suggestions),
        "fixes": [
            {
                "title": fix.title,
                "preferred": fix.preferred,
                "edits": [
                    {
                        "range": {
                            "start": _utf16(lines, edit.span.start),
                            "end": _utf16(lines, edit.span.end),
                        },
                        "newText": edit.new_text,
                    }
                    for edit in fix.edits
                ],
            }
            for fix in item.fixes
        ],
        "docs": docs_url(item.code),
    }


def render_json(reports: Iterable[FileReport]) -> str:
    """A JSON list of every finding, file by file in document order (``[]`` when clean)."""
    data = [_finding_json(report, item) for report in reports for item in report.findings]
    return json.dumps(data, indent=2) + "\n"


# -- SARIF ---------------------------------------------------------------------------------------


def _artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference (``/``-separated, escaped); else ``file:``."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix())


def _region(lines: Sequence[str], span: Span) -> dict[str, int]:
    start, end = _utf16(lines, span.start), _utf16(lines, span.end)
    return {
        "startLine": start["line"] + 1,
        "startColumn": start["character"] + 1,
        "endLine": end["line"] + 1,
        "endColumn": end["character"] + 1,
    }


def sarif_log(reports: Sequence[FileReport], *, tool_version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: the rules used (title, docs link) and every finding."""
    codes = sorted({f.code for report in reports for f in report.findings})
    rule_index = {code: index for index, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": CODES[code].title if code in CODES else code},
            "helpUri": docs_url(code),
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": item.code,
            "ruleIndex": rule_index[item.code],
            "level": _SARIF_LEVELS[item.severity],
            "message": {"text": item.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _artifact_uri(report.path)},
                        "region": _region(report.document.lines, item.span),
                    }
                }
            ],
        }
        for report in reports
        for item in report.findings
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelforge",
                        "version": tool_version,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }


def render_sarif(reports: Sequence[FileReport], *, tool_version: str) -> str:
    """``sarif_log`` as the text of a ``.sarif`` file."""
    return json.dumps(sarif_log(reports, tool_version=tool_version), indent=2) + "\n"
