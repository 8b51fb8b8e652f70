"""``config validate``'s report for people: compiler-style lines, styled with rich.

Each finding is ``path:line:col: severity CODE message`` (1-based line and column, counted in
code points, as a person counts), then -- with ``source`` -- its source line with a clang-style
``^~~~`` under the span, then ``= help:`` with the fix or the suggestions. A file without
findings gets one ``✓ path: no problems`` line; a summary closes a report with findings. The
formats for tools (JSON, SARIF) are ``config.checks.export``'s.

What reaches the terminal is safe to show: a credential (MF501) on a shown source line is
starred out, and control characters and bidi overrides -- in the file or in a message -- are
shown escaped (``\\u{1b}``), never sent to the terminal as they are.

Styles are rich's and appear only when ``color`` is asked for (the command asks on a terminal).
Lines are written as rich segments rather than through ``Console.print`` of a ``Text``, which
would expand tabs: a tab in the source stays a tab under it, so the terminal lines the underline
up with the source however wide it shows tabs.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.segment import Segments
from rich.text import Text

from modelforge_lsp.config.checks import Finding, Severity
from modelforge_lsp.config.checks.export import FileReport
from modelforge_lsp.config.syntax import Span

__all__ = ["render_text", "summary"]

_SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFORMATION: "bold blue",
    Severity.HINT: "bold cyan",
}
_SUMMARY_WORDS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFORMATION: ("info", "info"),
    Severity.HINT: ("hint", "hints"),
}
_BOLD, _GUTTER, _HELP, _OK = "bold", "blue", "bold cyan", "bold green"
_CREDENTIAL_CODE = "MF501"
_SNIPPET_CONTEXT = 60
"""Characters kept either side of a finding when its source line is too long to show whole."""
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_UNWRAPPED = 10_000
"""The render width: lines are never wrapped here (a terminal wraps them, a pipe keeps them)."""


def summary(reports: Sequence[FileReport]) -> str:
    """``"1 error, 3 warnings in 1 file"``; ``"1 error in 1 of 2 files"``; ``""`` when clean."""
    counts = Counter(f.severity for report in reports for f in report.findings)
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


def render_text(
    reports: Sequence[FileReport], *, color: bool = False, source: bool = True, unicode: bool = True
) -> str:
    """The report as text ending with a newline; ANSI styles only with ``color``.

    ``source=False`` leaves the source lines out; ``unicode=False`` writes ``ok`` for ``✓`` and
    ``...`` for ``…``, for an output that cannot show them.
    """
    lines: list[Text] = []
    for report in reports:
        if not report.findings:
            mark = "✓" if unicode else "ok"
            path = _printable(report.path)
            lines.append(Text.assemble((mark, _OK), " ", (path, _BOLD), ": no problems"))
            continue
        writer = _FileWriter(report, source=source, ellipsis="…" if unicode else "...")
        for item in report.findings:
            lines.extend(writer.finding(item))
    text = summary(reports)
    if text:
        worst = min(f.severity for report in reports for f in report.findings)
        lines.append(Text.assemble((text, _SEVERITY_STYLES[worst])))
    return _write(lines, color=color)


def _write(lines: Sequence[Text], *, color: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        legacy_windows=False,
        soft_wrap=True,
        width=_UNWRAPPED,
        highlight=False,
        markup=False,
        emoji=False,
    )
    for line in lines:
        console.print(Segments(line.render(console, end="\n")))
    return buffer.getvalue()


class _FileWriter:
    """The lines for one file's findings, sharing its gutter width and credential spans."""

    def __init__(self, report: FileReport, *, source: bool, ellipsis: str) -> None:
        self.report = report
        self.source = source
        self.ellipsis = ellipsis
        self.secrets = [f.span for f in report.findings if f.code == _CREDENTIAL_CODE]
        self.gutter = max(len(str(f.span.start.line + 1)) for f in report.findings)

    def finding(self, item: Finding) -> list[Text]:
        start = item.span.start
        location = f"{_printable(self.report.path)}:{start.line + 1}:{start.character + 1}:"
        lines = [
            Text.assemble(
                (location, _BOLD),
                " ",
                (item.severity.label, _SEVERITY_STYLES[item.severity]),
                " ",
                (item.code, _BOLD),
                " ",
                _printable(item.message),
            )
        ]
        show_source = self.source and 0 <= start.line < len(self.report.document.lines)
        if show_source:
            lines.extend(self.snippet(item))
        advice = _help(item)
        if advice:
            indent = " " * (self.gutter + 1) if show_source else "  "
            lines.append(Text.assemble(indent, ("=", _GUTTER), " ", ("help:", _HELP), " ", advice))
        return lines

    def snippet(self, item: Finding) -> list[Text]:
        """The finding's first line, masked and escaped, with ``^~~~`` under the span."""
        number = item.span.start.line
        line = _mask(self.report.document.lines[number], number, self.secrets)
        start = min(item.span.start.character, len(line))
        end = len(line) if item.span.end.line > number else min(item.span.end.character, len(line))
        end = min(max(end, start), start + 2 * _SNIPPET_CONTEXT)  # a 10 MB span: its start
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
        blank = " " * self.gutter
        number_bar = f"{number + 1:>{self.gutter}} |"
        underline = "".join(marks).rstrip(" ")
        return [
            Text.assemble(blank, " ", ("|", _GUTTER)),
            Text.assemble((number_bar, _GUTTER), " ", "".join(shown).rstrip()),
            Text.assemble(
                blank, " ", ("|", _GUTTER), " ", (underline, _SEVERITY_STYLES[item.severity])
            ),
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
