"""Our positions and findings -> LSP types, in the position encoding the client negotiated.

``config/`` counts columns in code points (Python string indices). LSP counts them in the
encoding chosen at ``initialize`` (``general.positionEncodings``): UTF-16 code units unless the
client offers UTF-8 or UTF-32. ``x = "😋"`` puts the closing quote at column 6 in code points,
7 in UTF-16 and 9 in UTF-8 -- so every range that crosses the wire goes through a
``PositionMapper`` built over the document's text and pygls's ``PositionCodec``.

LSP lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only (not at the other characters
``str.splitlines`` knows), so the mapper splits lines itself. Positions past the end of a line
or of the document are clamped: a finding must never produce a range the client rejects.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

from modelforge_lsp.config.checks import DOCS_URL, Finding, Tag, TextEdit, docs_url
from modelforge_lsp.config.syntax import LINE_BREAK, Position, Span

__all__ = [
    "DIAGNOSTIC_SOURCE",
    "DOCS_URL",
    "MAX_DIAGNOSTICS",
    "PositionMapper",
    "diagnostic_href",
    "finding_to_diagnostic",
    "findings_to_diagnostics",
]

DIAGNOSTIC_SOURCE = "modelforge"
"""Every diagnostic code links to its section here (``#mf301``)."""
MAX_DIAGNOSTICS = 1_000
"""Most diagnostics sent for one document. A real config has a few dozen; a pasted file of
74,000 unknown keys would be 15 MB of JSON per keystroke, for an editor to draw."""

_TAGS = {
    Tag.DEPRECATED: types.DiagnosticTag.Deprecated,
    Tag.UNNECESSARY: types.DiagnosticTag.Unnecessary,
}


class PositionMapper:
    """Converts between code-point positions and the client's units for one text."""

    def __init__(self, text: str, codec: PositionCodec | None = None) -> None:
        self.lines: Sequence[str] = LINE_BREAK.split(text)
        self.codec = codec or PositionCodec()

    def _clamp(self, line: int, character: int) -> ServerTextPosition:
        if line < 0:
            return ServerTextPosition(0, 0)
        if line >= len(self.lines):
            return ServerTextPosition(len(self.lines) - 1, len(self.lines[-1]))
        return ServerTextPosition(line, max(0, min(character, len(self.lines[line]))))

    def to_lsp_position(self, position: Position) -> types.Position:
        server = self._clamp(position.line, position.character)
        return self.codec.position_to_client_units(self.lines, server)

    def to_lsp_range(self, span: Span) -> types.Range:
        return types.Range(self.to_lsp_position(span.start), self.to_lsp_position(span.end))

    def from_lsp_position(self, position: types.Position) -> Position:
        """A client position (e.g. a cursor) in code points, clamped into the text."""
        if position.line >= len(self.lines):
            end = self._clamp(position.line, 0)
            return Position(end.line, end.character)
        line = self.lines[max(0, position.line)]
        units = min(max(0, position.character), self.codec.client_num_units(line))
        client = types.Position(line=max(0, position.line), character=units)
        server = self.codec.position_from_client_units(self.lines, client)
        return Position(server.line, server.character)

    def from_lsp_range(self, range_: types.Range) -> Span:
        return Span(self.from_lsp_position(range_.start), self.from_lsp_position(range_.end))

    def to_lsp_text_edit(self, edit: TextEdit) -> types.TextEdit:
        return types.TextEdit(range=self.to_lsp_range(edit.span), new_text=edit.new_text)


diagnostic_href = docs_url


def finding_to_diagnostic(
    finding: Finding, index: int, mapper: PositionMapper, uri: str
) -> types.Diagnostic:
    """One finding as a diagnostic.

    ``data`` carries ``{"code", "index"}``: a code action finds the ``Finding`` (and its
    fixes) again as ``state.findings[index]``, after checking the code still matches.
    """
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=mapper.to_lsp_range(info.span)),
            message=info.message,
        )
        for info in finding.related
    ]
    tags = sorted((_TAGS[tag] for tag in finding.tags), key=lambda tag: tag.value)
    return types.Diagnostic(
        range=mapper.to_lsp_range(finding.span),
        message=finding.message,
        severity=types.DiagnosticSeverity(int(finding.severity)),
        code=finding.code,
        code_description=types.CodeDescription(href=diagnostic_href(finding.code)),
        source=DIAGNOSTIC_SOURCE,
        tags=tags or None,
        related_information=related or None,
        data={"code": finding.code, "index": index},
    )


def findings_to_diagnostics(
    findings: Sequence[Finding], mapper: PositionMapper, uri: str
) -> list[types.Diagnostic]:
    """The findings as diagnostics: at most ``MAX_DIAGNOSTICS``, the most severe first (each
    severity in document order), and then one that says how many more there are."""
    shown: Sequence[int] = range(len(findings))
    if len(findings) <= MAX_DIAGNOSTICS:
        return [finding_to_diagnostic(findings[i], i, mapper, uri) for i in shown]
    shown = sorted(sorted(shown, key=lambda i: findings[i].severity)[:MAX_DIAGNOSTICS])
    diagnostics = [finding_to_diagnostic(findings[i], i, mapper, uri) for i in shown]
    message = (
        f"{len(findings) - len(shown):,} more problems are not shown ({len(findings):,} in all; "
        f"the most severe are shown); `modelforge config validate` lists every one"
    )
    start = types.Position(line=0, character=0)
    diagnostics.append(
        types.Diagnostic(
            range=types.Range(start=start, end=start),
            message=message,
            severity=types.DiagnosticSeverity.Information,
            source=DIAGNOSTIC_SOURCE,
        )
    )
    return diagnostics
