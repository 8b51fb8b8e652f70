"""ModelForge config files: their language, their text, their checks, editor help, and files.

The sub-packages, each importing only those above it::

    language/  what the file means: schema, semantics (provider/model identity, local runtimes,
               credential variables), provider templates, URLs
    syntax/    its text: the tree with spans, the parser, the cursor context, the name scan
    checks/    check(document, catalog, settings) -> findings; the registry of codes
    assist/    completion, hover, symbols, inlay hints, links, definition, rename
    files/     on disk: locate, read, resolve, edit, write, migrate, add, autoconfig

This package never imports pygls, click or rich: the language server and the CLI are thin
fronts over it. The names below are the everyday entry points; each sub-package's ``__all__``
has the rest. They load on first use, so importing one sub-package does not import them all.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelforge_lsp.config.assist import complete, describe_at, document_symbols
    from modelforge_lsp.config.checks import CODES, CheckSettings, Finding, Severity, check
    from modelforge_lsp.config.files import locate_configs, read_sources, resolve
    from modelforge_lsp.config.syntax import ConfigDocument, cursor_context, parse_document

__all__ = [
    "CODES",
    "CheckSettings",
    "ConfigDocument",
    "Finding",
    "Severity",
    "check",
    "complete",
    "cursor_context",
    "describe_at",
    "document_symbols",
    "locate_configs",
    "parse_document",
    "read_sources",
    "resolve",
]

_HOMES = {
    "CODES": "checks",
    "CheckSettings": "checks",
    "ConfigDocument": "syntax",
    "Finding": "checks",
    "Severity": "checks",
    "check": "checks",
    "complete": "assist",
    "cursor_context": "syntax",
    "describe_at": "assist",
    "document_symbols": "assist",
    "locate_configs": "files",
    "parse_document": "syntax",
    "read_sources": "files",
    "resolve": "files",
}


def __getattr__(name: str) -> Any:
    """The sub-package that holds ``name``, imported on first use."""
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
