"""Findings as reports: compiler-style text, a stable JSON list, and SARIF 2.1.0 for code scanning.

Pure rendering, no I/O: ``modelforge config validate`` reads the files, runs ``check()`` and hands
the results here as ``FileReport``s. Positions follow three conventions, one per audience:

* text: 1-based line and 1-based column in code points (what a person counts);
* JSON ``range``: 0-based LSP positions with ``character`` in UTF-16 code units, LSP's default
  encoding, so a tool can hand them to an editor unchanged; ``line``/``column`` repeat the start
  1-based in code points, as the text shows it;
* SARIF ``region``: 1-based, columns in UTF-16 code units (SARIF's default ``columnKind``, which
  the run states explicitly); ``endColumn`` is exclusive, as SARIF defines it.

The text report never prints a credential: source lines shown under a finding have every span
flagged MF501 masked, and control characters in the file are shown escaped, never sent to the
terminal as is.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

from modelforge_lsp.config.checks.codes import CODES
from modelforge_lsp.config.checks.findings import DOCS_URL, PROJECT_URL, Finding, Severity, docs_url
from modelforge_lsp.config.syntax import ConfigDocument, Position, Span

__all__ = [
    "DOCS_URL",
    "PROJECT_URL",
    "RULE_TITLES",
    "SARIF_SCHEMA",
    "FileReport",
    "count_by_severity",
    "fails",
    "help_uri",
    "render_json",
    "render_sarif",
    "render_text",
    "sarif_log",
    "summary",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULE_TITLES: Mapping[str, str] = MappingProxyType({key: code.title for key, code in CODES.items()})
"""Short titles of the codes, as headed in docs/diagnostics.md (a test keeps the two in step)."""

_CREDENTIAL_CODE = "MF501"
_SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}
_SUMMARY_WORDS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFORMATION: ("info", "info"),
    Severity.HINT: ("hint", "hints"),
}
_COLORS = {
    Severity.ERROR: "1;31",
    Severity.WARNING: "1;33",
    Severity.INFORMATION: "1;34",
    Severity.HINT: "1;36",
}
_BOLD, _GUTTER, _HELP, _OK = "1", "34", "1;36", "1;32"
_SNIPPET_CONTEXT = 60
"""Characters kept either side of a finding when its source line is too long to show whole."""
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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


def count_by_severity(reports: Iterable[FileReport]) -> Counter[Severity]:
    return Counter(f.severity for report in reports for f in report.findings)


def summary(reports: Sequence[FileReport]) -> str:
    """``"1 error, 3 warnings in 1 file"``; ``"1 error in 1 of 2 files"``; ``""`` when clean."""
    counts = count_by_severity(reports)
    if not counts:
        return ""
    parts = []
    for severity in Severity:
        if counts[severity]:
            one, many = _SUMMARY_WORDS[severity]
            parts.append(f"{counts[severity]} {one if counts[severity] == 1 else many}")
    with_findings = sum(1 for report in reports if report.findings)
    files = "file" if len(reports) == 1 else "files"
    where = (
        f"{with_findings} {files}"
        if with_findings == len(reports)
        else f"{with_findings} of {len(reports)} {files}"
    )
    return f"{', '.join(parts)} in {where}"


help_uri = docs_url


# -- text ----------------------------------------------------------------------------------------


def render_text(
    reports: Sequence[FileReport], *, color: bool = False, source: bool = True, unicode: bool = True
) -> str:
    """The compiler-style report, ending with a newline.

    Each finding: ``path:line:col: severity CODE message``; with ``source``, the line under it
    with a caret-and-tilde underline (clang's ``^~~~``); then ``= help:`` with the fix or
    suggestion. A file without findings gets one ``✓ path: no problems`` line (``ok`` where the
    output cannot show ``✓``); a summary line closes any report with findings.
    """
    paint = _Painter(color)
    out: list[str] = []
    for report in reports:
        if not report.findings:
            mark = "✓" if unicode else "ok"
            out.append(f"{paint(_OK, mark)} {paint(_BOLD, report.path)}: no problems")
            continue
        writer = _FileWriter(report, paint, source=source, ellipsis="…" if unicode else "...")
        for item in report.findings:
            out.extend(writer.finding(item))
    text = summary(reports)
    if text:
        worst = min(f.severity for report in reports for f in report.findings)
        out.append(paint(_COLORS[worst], text))
    return "\n".join(out) + "\n"


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if self.enabled and text else text


class _FileWriter:
    """The text lines for one file's findings, sharing its gutter width and credential spans."""

    def __init__(self, report: FileReport, paint: _Painter, *, source: bool, ellipsis: str) -> None:
        self.report = report
        self.paint = paint
        self.source = source
        self.ellipsis = ellipsis
        self.secrets = [f.span for f in report.findings if f.code == _CREDENTIAL_CODE]
        self.gutter = max(len(str(f.span.start.line + 1)) for f in report.findings)

    def finding(self, item: Finding) -> list[str]:
        paint = self.paint
        start = item.span.start
        location = f"{self.report.path}:{start.line + 1}:{start.character + 1}:"
        severity = paint(_COLORS[item.severity], item.severity.label)
        code = paint(_BOLD, item.code)
        lines = [f"{paint(_BOLD, location)} {severity} {code} {_printable(item.message)}"]
        show_source = self.source and 0 <= start.line < len(self.report.document.lines)
        if show_source:
            lines.extend(self.snippet(item))
        advice = _help(item)
        if advice:
            indent = " " * (self.gutter + 1) if show_source else "  "
            lines.append(f"{indent}{paint(_GUTTER, '=')} {paint(_HELP, 'help:')} {advice}")
        return lines

    def snippet(self, item: Finding) -> list[str]:
        """The finding's first line, masked and escaped, with ``^~~~`` under the span."""
        number = item.span.start.line
        line = _mask(self.report.document.lines[number], number, self.secrets)
        start = min(item.span.start.character, len(line))
        end = len(line) if item.span.end.line > number else min(item.span.end.character, len(line))
        end = max(end, start)
        left, right = 0, len(line)
        if len(line) > 2 * _SNIPPET_CONTEXT + max(end - start, 1):
            left = max(0, start - _SNIPPET_CONTEXT)
            right = min(len(line), max(end, start + 1) + _SNIPPET_CONTEXT)
        shown = [self.ellipsis] if left > 0 else []
        marks = [" " * len(self.ellipsis)] if left > 0 else []
        for index in range(left, right):
            cell = _cell(line[index])
            shown.append(cell)
            if index < start:
                marks.append("\t" if cell == "\t" else " " * _width(cell))
            elif index < end:
                marks.append(("^" if index == start else "~") * max(_width(cell), 1))
        if right < len(line):
            shown.append(self.ellipsis)
        if end == start:
            marks.append("^")
        paint = self.paint
        blank = " " * self.gutter
        bar = paint(_GUTTER, "|")
        underline = paint(_COLORS[item.severity], "".join(marks).rstrip(" "))
        return [
            f"{blank} {bar}",
            f"{paint(_GUTTER, f'{number + 1:>{self.gutter}} |')} {''.join(shown).rstrip()}",
            f"{blank} {bar} {underline}",
        ]


def _help(item: Finding) -> str:
    """The preferred (else first) fix's title; else the suggestions; else nothing."""
    if item.fixes:
        fix = next((f for f in item.fixes if f.preferred), item.fixes[0])
        title = fix.title
        if title[:1].isupper() and title[1:2].islower():
            title = title[0].lower() + title[1:]
        return _printable(title)
    if item.suggestions:
        return "did you mean " + " or ".join(f"'{_printable(s)}'" for s in item.suggestions) + "?"
    return ""


def _mask(line: str, number: int, secrets: list[Span]) -> str:
    """``line`` with every credential on it starred out (the first three characters of a long
    one kept, so the user can tell which key it was)."""
    chars = list(line)
    for span in secrets:
        if not span.start.line <= number <= span.end.line:
            continue
        first = span.start.character if span.start.line == number else 0
        last = span.end.character if span.end.line == number else len(chars)
        keep = first + 3 if last - first > 8 else first
        for index in range(max(keep, 0), min(last, len(chars))):
            chars[index] = "*"
    return "".join(chars)


def _cell(char: str) -> str:
    """How one source character is shown: itself, or ``\\u{1b}`` for controls and bidi marks."""
    if char == "\t":
        return char
    if unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS:
        return f"\\u{{{ord(char):x}}}"
    return char


def _width(cell: str) -> int:
    """Terminal columns a shown cell takes: 2 for wide characters, 0 for combining marks."""
    if len(cell) > 1:
        return len(cell)
    if unicodedata.combining(cell):
        return 0
    return 2 if unicodedata.east_asian_width(cell) in ("W", "F") else 1


def _printable(text: str) -> str:
    return "".join(" " if char == "\t" else _cell(char) for char in text)


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
        "docs": help_uri(item.code),
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
            "shortDescription": {"text": RULE_TITLES.get(code, code)},
            "helpUri": help_uri(code),
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
    return json.dumps(sarif_log(reports, tool_version=tool_version), indent=2) + "\n"
