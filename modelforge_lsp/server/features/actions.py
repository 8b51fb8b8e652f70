"""Quick fixes: ``textDocument/codeAction`` offers the ``Fix``es the checks attached to findings.

A client asks for code actions for a range (the cursor or the selection) and passes along the
diagnostics it shows there (``context.diagnostics``). We answer with one ``CodeAction`` of kind
``quickfix`` per fix, each carrying its edit and the diagnostic it resolves, so the editor can
show it in the light bulb and apply it in one step.

Which findings: the server's own, never the client's copy of them. The findings of the document's
current version come from the same cache diagnostics use (``ModelForgeServer.check_document``),
so push and pull clients get the same answers. A finding is offered when its span touches the
requested range, or when one of the client's diagnostics names it through its ``data``
(``{"code", "index"}``, see ``convert.finding_to_diagnostic``) and still matches it -- same
code, same range. That second way matters for clients such as Neovim, which ask with the cursor
position while passing every diagnostic of the line.

The edit is a ``WorkspaceEdit`` pinned to the document version the fix was computed for, when
the client can check that (``edits.workspace_edit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from modelforge_lsp.config.checks import Finding
from modelforge_lsp.config.syntax import Span
from modelforge_lsp.server.convert import finding_to_diagnostic
from modelforge_lsp.server.edits import workspace_edit
from modelforge_lsp.server.state import DocumentState

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["register", "wants_quick_fixes"]

QUICK_FIX = types.CodeActionKind.QuickFix


def wants_quick_fixes(only: Sequence[str] | None) -> bool:
    """Whether ``context.only`` admits quick fixes; kinds nest (``a`` covers ``a.b``)."""
    if only is None:
        return True
    return any(kind in ("", QUICK_FIX) or QUICK_FIX.startswith(f"{kind}.") for kind in only)


def _touches(span: Span, requested: Span) -> bool:
    return span.start <= requested.end and requested.start <= span.end


def _named_by_client(
    findings: Sequence[Finding], state: DocumentState, diagnostics: Sequence[types.Diagnostic]
) -> set[int]:
    """Indices of findings that the client's diagnostics name in ``data`` and still match."""
    named = set()
    for diagnostic in diagnostics:
        data = diagnostic.data
        if not isinstance(data, dict):
            continue
        index, code = data.get("index"), data.get("code")
        if not isinstance(index, int) or not 0 <= index < len(findings):
            continue
        finding = findings[index]
        if finding.code == code and state.mapper.to_lsp_range(finding.span) == diagnostic.range:
            named.add(index)
    return named


def register(server: ModelForgeServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[QUICK_FIX], resolve_provider=False),
    )
    async def code_action(
        ls: ModelForgeServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        state = ls.state_for(params.text_document.uri)
        if state is None or not wants_quick_fixes(params.context.only):
            return None
        findings = (await ls.check_document(state)).findings
        requested = state.mapper.from_lsp_range(params.range)
        named = _named_by_client(findings, state, params.context.diagnostics)
        actions: list[types.CodeAction] = []
        for index, finding in enumerate(findings):
            if not finding.fixes or (index not in named and not _touches(finding.span, requested)):
                continue
            diagnostic = finding_to_diagnostic(finding, index, state.mapper, state.uri)
            actions.extend(
                types.CodeAction(
                    title=fix.title,
                    kind=QUICK_FIX,
                    diagnostics=[diagnostic],
                    edit=workspace_edit(ls, state, fix.edits),
                    is_preferred=fix.preferred,
                )
                for fix in finding.fixes
            )
        return actions
