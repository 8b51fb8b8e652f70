"""First use ahead of time: the message converters and the catalog's search, warmed once.

cattrs writes (and compiles) a converter function for each message type the first time one
is sent or received, and the catalog builds a provider's search keys on its first ranked
query. Both costs fell on a session's first completion, hover and publish -- the first
completion on a 500-model config took 30-40 ms where the next took 5 -- which a user meets as
the editor's first, slowest popup. They are paid here instead, once per process, in the worker
thread that has just read the catalog, before any request is told it is ready.

The messages are the shapes the features send (``features/completion.py``, ``hover.py``,
``convert.py``, ``inlay_hints.py``, ``symbols.py``, ``actions.py``) with every optional field
they fill set, so the converter of each nested type is written too; a field a feature adds
later is only not warmed, never wrong. Nothing here is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.assist import complete
from modelforge_lsp.config.syntax import Position

__all__ = ["warm_up"]

log = logging.getLogger(__name__)

_RANGE = types.Range(start=types.Position(line=0, character=0), end=types.Position(0, 1))
_MARKDOWN = types.MarkupContent(kind=types.MarkupKind.Markdown, value="**warm**")


def warm_up(
    converter: Any, catalog: Catalog | None, then: Callable[[], object] = lambda: None
) -> None:
    """Write the converters of the messages a session exchanges first, rank one query, and
    call ``then`` (the server's start keeps the compiled converters, ``code_cache.py``).

    Never raises (nor may ``then``): a failure here costs only the first request's speed.
    """
    try:
        for _ in range(2):  # cattrs writes some types' converters again on their second use
            for message in _outgoing():
                converter.unstructure(message)
            for payload, message_type in _incoming():
                converter.structure(payload, message_type)
        if catalog is not None:
            _first_search(catalog)
    except Exception:  # warming is an optimisation: log and carry on
        log.exception("warming up the message converters failed")
    then()  # what did compile is worth keeping all the same


def _outgoing() -> list[Any]:
    item = types.CompletionItem(
        label="gpt-4o",
        kind=types.CompletionItemKind.Value,
        detail="$2.50 / $10.00",
        label_details=types.CompletionItemLabelDetails(description="128k"),
        sort_text="0000",
        text_edit=types.TextEdit(range=_RANGE, new_text="gpt-4o"),
        insert_text_format=types.InsertTextFormat.PlainText,
        insert_text_mode=types.InsertTextMode.AsIs,
        tags=[types.CompletionItemTag.Deprecated],
        deprecated=True,
        documentation=_MARKDOWN,
        data={"kind": "model", "provider": "openai", "id": "gpt-4o"},
    )
    diagnostic = types.Diagnostic(
        range=_RANGE,
        message="warm",
        severity=types.DiagnosticSeverity.Warning,
        code="MF301",
        code_description=types.CodeDescription(href="https://example.invalid/MF301"),
        source="modelforge",
        tags=[types.DiagnosticTag.Deprecated],
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(uri="file:///warm.yaml", range=_RANGE), message="warm"
            )
        ],
        data={"code": "MF301", "index": 0},
    )
    edit = types.WorkspaceEdit(
        changes={"file:///warm.yaml": [types.TextEdit(range=_RANGE, new_text="warm")]}
    )
    symbol = types.DocumentSymbol(
        name="openai",
        kind=types.SymbolKind.Module,
        range=_RANGE,
        selection_range=_RANGE,
        detail="warm",
        children=[
            types.DocumentSymbol(
                name="gpt-4o", kind=types.SymbolKind.Field, range=_RANGE, selection_range=_RANGE
            )
        ],
    )
    return [
        types.CompletionResponse(id=0, result=types.CompletionList(False, [item])),
        types.CompletionResolveResponse(id=0, result=item),
        types.HoverResponse(id=0, result=types.Hover(contents=_MARKDOWN, range=_RANGE)),
        types.PublishDiagnosticsNotification(
            params=types.PublishDiagnosticsParams(
                uri="file:///warm.yaml", diagnostics=[diagnostic], version=1
            )
        ),
        types.InlayHintResponse(
            id=0,
            result=[
                types.InlayHint(
                    position=_RANGE.end,
                    label="$2.50",
                    kind=types.InlayHintKind.Type,
                    padding_left=True,
                    tooltip=_MARKDOWN,
                )
            ],
        ),
        types.DocumentSymbolResponse(id=0, result=[symbol]),
        types.CodeActionResponse(
            id=0,
            result=[
                types.CodeAction(
                    title="warm",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=edit,
                )
            ],
        ),
    ]


def _incoming() -> list[tuple[dict[str, Any], type]]:
    document = {"uri": "file:///warm.yaml"}
    position = {"line": 0, "character": 1}
    at = {"textDocument": document, "position": position}
    request = {"jsonrpc": "2.0", "id": 0}
    changed = {
        "textDocument": {**document, "version": 2},
        "contentChanges": [
            {"range": {"start": position, "end": position}, "text": "x"},
            {"text": "warm: x\n"},
        ],
    }
    whole = {"start": {"line": 0, "character": 0}, "end": position}
    return [
        (
            {**request, "method": types.TEXT_DOCUMENT_COMPLETION, "params": at},
            types.CompletionRequest,
        ),
        ({**request, "method": types.TEXT_DOCUMENT_HOVER, "params": at}, types.HoverRequest),
        (
            {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_CHANGE, "params": changed},
            types.DidChangeTextDocumentNotification,
        ),
        (
            {
                **request,
                "method": types.TEXT_DOCUMENT_INLAY_HINT,
                "params": {"textDocument": document, "range": whole},
            },
            types.InlayHintRequest,
        ),
        (
            {
                **request,
                "method": types.TEXT_DOCUMENT_CODE_ACTION,
                "params": {
                    "textDocument": document,
                    "range": whole,
                    "context": {"diagnostics": []},
                },
            },
            types.CodeActionRequest,
        ),
    ]


def _first_search(catalog: Catalog) -> None:
    """A model completion under the catalog's largest provider: its search keys, and the
    fuzzy ranking's first call."""
    provider = max(catalog.providers, key=lambda info: len(info.models), default=None)
    if provider is None:
        return
    text = f"providers:\n  {provider.id}:\n    models:\n      gp"
    complete(text, Position(3, 8), catalog)
