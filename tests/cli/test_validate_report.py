"""``cli.validate_report``: the text report of ``config validate`` -- compiler-style lines,
snippets and underlines, masking and escaping, colour only when asked, the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.cli.validate_report import render_text, summary
from modelforge_lsp.config.checks import Finding, Fix, Severity, TextEdit, check
from modelforge_lsp.config.checks.export import FileReport
from modelforge_lsp.config.syntax import Span, parse_document

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data"
TYPOS = (DATA / "validate" / "typos.yaml").read_text()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def report_of(text: str, findings: list[Finding], path: str = "cfg.yaml") -> FileReport:
    return FileReport(path, parse_document(text), tuple(findings))


def at(line: int, start: int, end: int, code: str = "MF201", **kw: Any) -> Finding:
    severity = kw.pop("severity", Severity.WARNING)
    return Finding(Span.at(line, start, end), severity, code, kw.pop("message", "bad"), **kw)


# -- text ----------------------------------------------------------------------------------------


def test_text_is_compiler_style_with_suggestion_snippet_and_summary(catalog: Catalog) -> None:
    document = parse_document(TYPOS)
    text = render_text([FileReport("typos.yaml", document, tuple(check(document, catalog)))])
    lines = text.splitlines()
    header = "typos.yaml:16:7: warning MF302 unknown model 'gemini-2.5-flsh' for provider google"
    index = next(i for i, line in enumerate(lines) if line.startswith(header))
    assert lines[index + 1 : index + 5] == [
        "   |",
        "16 |       gemini-2.5-flsh: {}         # MF302: did you mean gemini-2.5-flash",
        "   |       ^~~~~~~~~~~~~~~",
        "   = help: replace with 'gemini-2.5-flash'",
    ]
    assert lines[-1] == "3 errors, 3 warnings in 1 file"
    assert "\x1b" not in text


def test_clean_file_gets_one_reassuring_line() -> None:
    text = render_text([report_of("providers: {}\n", [])])
    assert text == "✓ cfg.yaml: no problems\n"
    assert render_text([report_of("a: 1\n", [])], unicode=False) == "ok cfg.yaml: no problems\n"


def test_colour_only_when_asked() -> None:
    report = report_of("x: 1\n", [at(0, 0, 1, severity=Severity.ERROR)])
    assert "\x1b[1;31merror\x1b[0m" in render_text([report], color=True)
    assert "\x1b" not in render_text([report], color=False)


@pytest.mark.parametrize(
    ("line", "span", "underline"),
    [
        pytest.param("key: value", (5, 10), "     ^~~~~", id="ascii"),
        pytest.param("\tkey: x", (1, 4), "\t^~~", id="tab-kept-for-alignment"),
        pytest.param("名前: gpt", (4, 7), "      ^~~", id="wide-chars-take-two-columns"),
        pytest.param("key:", (4, 4), "    ^", id="empty-span-at-end"),
        pytest.param("a: b", (2, 2), "  ^", id="empty-span-inside"),
    ],
)
def test_underline_sits_under_the_span(line: str, span: tuple[int, int], underline: str) -> None:
    text = render_text([report_of(line + "\n", [at(0, *span)])])
    assert text.splitlines()[3] == f"  | {underline}"


def test_long_line_is_cut_around_the_finding() -> None:
    line = "k: [" + ", ".join(f"v{i}" for i in range(200)) + "]"
    start = line.index("v100")
    text = render_text([report_of(line + "\n", [at(0, start, start + 4)])])
    source, underline = text.splitlines()[2:4]
    assert source.startswith("1 | …") and source.endswith("…") and "v100" in source
    assert len(source) < 160
    assert underline.index("^") == source.index("v100")


def test_credentials_are_masked_and_controls_escaped() -> None:
    key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
    text = f"api_key: {key}  # \x1b[31mred\n"
    findings = [
        at(0, 0, 7, message="unknown key 'api_key'"),
        at(0, 9, 9 + len(key), code="MF501", message="looks like a key"),
    ]
    rendered = render_text([report_of(text, findings)])
    assert key not in rendered and "abcdefgh" not in rendered
    assert "sk-****" in rendered
    assert "\x1b" not in rendered and "\\u{1b}[31mred" in rendered


def test_message_control_characters_do_not_reach_the_terminal() -> None:
    rendered = render_text([report_of("x: 1\n", [at(0, 0, 1, message="key '\x1b]0;pwned\x07'")])])
    assert "\x1b" not in rendered and "\x07" not in rendered


@pytest.mark.parametrize(
    ("finding", "help_line"),
    [
        pytest.param(
            at(0, 0, 1, fixes=(Fix("Replace with 'b'", (TextEdit(Span.at(0, 0, 1), "b"),)),)),
            "= help: replace with 'b'",
            id="fix-title",
        ),
        pytest.param(
            at(0, 0, 1, suggestions=("b", "c")),
            "= help: did you mean 'b' or 'c'?",
            id="suggestions",
        ),
        pytest.param(at(0, 0, 1), None, id="nothing-to-suggest"),
    ],
)
def test_help_line(finding: Finding, help_line: str | None) -> None:
    lines = render_text([report_of("a: 1\n", [finding])]).splitlines()
    helps = [line.strip() for line in lines if "help:" in line]
    assert helps == ([help_line] if help_line else [])


def test_source_can_be_left_out() -> None:
    text = render_text([report_of("a: 1\n", [at(0, 0, 1, suggestions=("b",))])], source=False)
    assert text.splitlines() == [
        "cfg.yaml:1:1: warning MF201 bad",
        "  = help: did you mean 'b'?",
        "1 warning in 1 file",
    ]


@pytest.mark.parametrize(
    ("severities", "files", "expected"),
    [
        pytest.param([], 1, "", id="clean"),
        pytest.param([Severity.ERROR], 1, "1 error in 1 file", id="one"),
        pytest.param(
            [Severity.WARNING, Severity.ERROR, Severity.WARNING, Severity.HINT],
            1,
            "1 error, 2 warnings, 1 hint in 1 file",
            id="mixed-errors-first",
        ),
        pytest.param([Severity.INFORMATION] * 2, 3, "2 info in 1 of 3 files", id="some-files"),
    ],
)
def test_summary(severities: list[Severity], files: int, expected: str) -> None:
    findings = [at(0, 0, 1, severity=s) for s in severities]
    reports = [report_of("a: 1\n", findings)] + [report_of("a: 1\n", [])] * (files - 1)
    assert summary(reports) == expected


def test_the_summary_line_is_coloured_by_the_worst_finding() -> None:
    text = "providers:\n  openai:\n    llm_type: nope\n"
    document = parse_document(text)
    report = FileReport("cfg.yaml", document, tuple(check(document, None)))
    last = render_text([report], color=True).splitlines()[-1]
    assert last == "\x1b[1;31m1 error in 1 file\x1b[0m"
