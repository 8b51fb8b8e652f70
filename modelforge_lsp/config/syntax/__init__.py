"""The text of a config file: the parsed tree with spans, the parser, and text-only readers.

``parse_document`` turns text into a ``ConfigDocument`` (a tree of ``Entry``/``Value`` with a
``Span`` on every key and value, duplicate keys and syntax issues recorded, never raising);
``cursor_context`` and ``configured_names`` read the raw text, so they work on a document that
does not parse; ``entries`` walks the config language's places in a tree.
"""

from modelforge_lsp.config.syntax.cursor import (
    CursorContext,
    CursorRole,
    cursor_context,
)
from modelforge_lsp.config.syntax.entries import (
    alias_identity,
    catalog_checked_provider,
    field,
    model_entries,
    provider_entries,
    provider_entry,
    string_of,
)
from modelforge_lsp.config.syntax.names import (
    ConfiguredNames,
    configured_names,
)
from modelforge_lsp.config.syntax.parse import DEFAULT_MAX_BYTES, parse_document
from modelforge_lsp.config.syntax.tree import (
    LINE_BREAK,
    NODE_PROPERTIES,
    ConfigDocument,
    DuplicateKey,
    Entry,
    Position,
    ScalarStyle,
    Span,
    SyntaxIssue,
    Value,
    ValueKind,
    to_python,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LINE_BREAK",
    "NODE_PROPERTIES",
    "ConfigDocument",
    "ConfiguredNames",
    "CursorContext",
    "CursorRole",
    "DuplicateKey",
    "Entry",
    "Position",
    "ScalarStyle",
    "Span",
    "SyntaxIssue",
    "Value",
    "ValueKind",
    "alias_identity",
    "catalog_checked_provider",
    "configured_names",
    "cursor_context",
    "field",
    "model_entries",
    "parse_document",
    "provider_entries",
    "provider_entry",
    "string_of",
    "to_python",
]
