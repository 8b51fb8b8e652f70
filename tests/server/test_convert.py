"""Positions between code points and the client's encoding; findings as LSP diagnostics."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from modelforge_lsp.config.checks import Finding, RelatedInfo, Severity, Tag, TextEdit
from modelforge_lsp.config.syntax import Position, Span
from modelforge_lsp.server.convert import PositionMapper, finding_to_diagnostic

LINE = '  x: "😋", gpt-4o-mnii'  # the emoji is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
TEXT = "providers:\n" + LINE + "\n"
START = LINE.index("gpt")
SPAN = Span.at(1, START, START + len("gpt-4o-mnii"))
URI = "file:///w/.model-forge/config.yaml"


@pytest.mark.parametrize(
    ("encoding", "extra"),
    [
        pytest.param(types.PositionEncodingKind.Utf16, 1, id="utf-16"),
        pytest.param(types.PositionEncodingKind.Utf8, 3, id="utf-8"),
        pytest.param(types.PositionEncodingKind.Utf32, 0, id="utf-32"),
    ],
)
def test_columns_after_an_emoji(encoding: types.PositionEncodingKind, extra: int) -> None:
    mapper = PositionMapper(TEXT, PositionCodec(encoding))
    expected = types.Range(
        types.Position(1, START + extra), types.Position(1, START + extra + len("gpt-4o-mnii"))
    )
    assert mapper.to_lsp_range(SPAN) == expected
    assert mapper.from_lsp_range(expected) == SPAN


def test_positions_are_clamped_into_the_text() -> None:
    mapper = PositionMapper("ab\r\ncd", PositionCodec())
    assert mapper.to_lsp_position(Position(0, 99)) == types.Position(0, 2)
    assert mapper.to_lsp_position(Position(7, 3)) == types.Position(1, 2)
    assert mapper.from_lsp_position(types.Position(0, 99)) == Position(0, 2)
    assert mapper.from_lsp_position(types.Position(9, 0)) == Position(1, 2)


def test_lines_break_only_where_lsp_breaks_them() -> None:
    mapper = PositionMapper("a\u2028b\rc\nd", PositionCodec())  # U+2028 is not an LSP break
    assert mapper.to_lsp_position(Position(0, 3)) == types.Position(0, 3)
    assert mapper.to_lsp_position(Position(2, 1)) == types.Position(2, 1)


def test_a_client_position_inside_a_surrogate_pair_moves_past_the_emoji() -> None:
    mapper = PositionMapper(TEXT, PositionCodec())
    emoji = LINE.index("😋")
    assert mapper.from_lsp_position(types.Position(1, emoji + 1)) == Position(1, emoji + 1)


def test_finding_to_diagnostic() -> None:
    finding = Finding(
        span=SPAN,
        severity=Severity.INFORMATION,
        code="MF303",
        message="gpt-4o-mnii is deprecated",
        related=(RelatedInfo(Span.at(0, 0, 9), "declared here"),),
        tags=frozenset({Tag.DEPRECATED, Tag.UNNECESSARY}),
    )
    mapper = PositionMapper(TEXT, PositionCodec())
    diagnostic = finding_to_diagnostic(finding, 3, mapper, URI)
    assert diagnostic.range == mapper.to_lsp_range(SPAN)
    assert diagnostic.severity == types.DiagnosticSeverity.Information
    assert (diagnostic.code, diagnostic.source) == ("MF303", "modelforge")
    assert diagnostic.code_description == types.CodeDescription(
        href="https://github.com/modelforge/modelforge-lsp/blob/main/docs/diagnostics.md#mf303"
    )
    assert diagnostic.tags == [types.DiagnosticTag.Unnecessary, types.DiagnosticTag.Deprecated]
    assert diagnostic.related_information == [
        types.DiagnosticRelatedInformation(
            location=types.Location(URI, types.Range(types.Position(0, 0), types.Position(0, 9))),
            message="declared here",
        )
    ]
    assert diagnostic.data == {"code": "MF303", "index": 3}


def test_plain_finding_has_no_empty_lists() -> None:
    finding = Finding(SPAN, Severity.ERROR, "MF101", "bad")
    diagnostic = finding_to_diagnostic(finding, 0, PositionMapper(TEXT), URI)
    assert diagnostic.tags is None and diagnostic.related_information is None


def test_text_edit() -> None:
    mapper = PositionMapper(TEXT, PositionCodec())
    edit = mapper.to_lsp_text_edit(TextEdit(SPAN, "gpt-4o-mini"))
    assert edit == types.TextEdit(range=mapper.to_lsp_range(SPAN), new_text="gpt-4o-mini")


def test_at_most_max_diagnostics_are_sent_the_most_severe_first() -> None:
    from modelforge_lsp.server.convert import MAX_DIAGNOSTICS, findings_to_diagnostics

    count = MAX_DIAGNOSTICS + 500
    text = "".join(f"k{i}: 1\n" for i in range(count))
    error_at = {7, 1_200, count - 1}  # errors late in the file still make it in
    findings = [
        Finding(
            Span.at(i, 0, 2),
            Severity.ERROR if i in error_at else Severity.WARNING,
            "MF201",
            f"unknown key k{i}",
        )
        for i in range(count)
    ]
    diagnostics = findings_to_diagnostics(findings, PositionMapper(text), URI)
    *shown, summary = diagnostics
    assert len(shown) == MAX_DIAGNOSTICS
    lines = [d.range.start.line for d in shown]
    assert lines == sorted(lines), "document order within the chosen ones"
    assert error_at <= set(lines)
    assert [d.data and d.data["index"] for d in shown] == lines  # each still names its finding
    assert summary.data is None and summary.severity == types.DiagnosticSeverity.Information
    assert summary.message.startswith(f"{count - MAX_DIAGNOSTICS:,} more problems are not shown")


def test_up_to_max_diagnostics_all_are_sent_with_no_summary() -> None:
    from modelforge_lsp.server.convert import MAX_DIAGNOSTICS, findings_to_diagnostics

    text = "".join(f"k{i}: 1\n" for i in range(MAX_DIAGNOSTICS))
    findings = [
        Finding(Span.at(i, 0, 2), Severity.WARNING, "MF201", "x") for i in range(MAX_DIAGNOSTICS)
    ]
    diagnostics = findings_to_diagnostics(findings, PositionMapper(text), URI)
    assert len(diagnostics) == MAX_DIAGNOSTICS
    assert all(d.data is not None for d in diagnostics)
