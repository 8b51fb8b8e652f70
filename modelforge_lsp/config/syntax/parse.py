"""Parse a config once per document version into a tree where every key and value has a span.

Contract (the types live in ``config.syntax.tree``; keep them stable):

* ``parse_document(text)`` never raises. YAML (and JSON, read as YAML) that parses gives a
  ``root``; text that does not gives ``root=None`` and ``syntax_errors``.
* Positions are 0-based lines and code-point columns (Python string indices within the line);
  the server converts them to the client's encoding.
* Duplicate keys are recorded (the first one wins in the tree); alias expansion is capped so an
  alias bomb cannot exhaust memory; text over the size limit is not parsed at all, and nesting
  deeper than ``MAX_DEPTH`` or more than ``MAX_NODES`` keys and values stop the parse with one
  syntax issue (the limits in ``reading.py``, enforced by ``compose.py`` and ``build.py``), so
  no text costs more than a bounded amount of work.

How the tree is built: text in the common subset of block YAML (block mappings and sequences,
plain and simple quoted scalars, ``{}``/``[]``, comments: ``fast_block``) is read line by line
without a parser, to the same tree; other text goes the full way, where a ruamel.yaml parser
(``compose``: libyaml's for big texts) turns the text into events whose marks carry a character
index, and ``build`` turns those into the tree in one pass; every span is computed from that
index against the text's own line breaks (``\n``, ``\r\n``, ``\r`` -- the LSP's, not YAML's
wider set), so columns are code points of ``text`` whatever it contains (BOM, emoji, U+2028).
Span conventions:

* A span covers the node's source: quotes, and a leading ``&anchor``/``!tag``, included.
* A block collection ends where its last entry or item ends (not at the next key or comment); a
  flow collection ends after its closing bracket; a block scalar (``|``/``>``) ends at the end of
  its last non-blank line.
* An empty value (``models:`` with nothing after it) is an empty span right after its colon
  (``- `` item: right after the dash); where there is no indicator (``{a}``) it is empty at the
  end of the key.
* An alias value (``b: *base``) spans the ``*base`` token; the entries and items it expands to
  keep the spans of the anchored text they came from.

Beyond a plain "does not parse", these give a ``SyntaxIssue`` while ``root`` is still returned:
a second YAML document (the first is used), an alias expansion past the cap or a recursive alias
(the value is left empty), and -- in a JSON config (a document whose top level is ``{...}`` or
``[...]``) -- a trailing comma, which YAML accepts but JSON readers (ModelForge 2.x) reject.
"""

from __future__ import annotations

from collections.abc import Callable

from modelforge_lsp.config.syntax.fast_block import block_tree
from modelforge_lsp.config.syntax.reading import BuiltTree, LineIndex
from modelforge_lsp.config.syntax.tree import LINE_BREAK, ConfigDocument, Span, SyntaxIssue

__all__ = ["DEFAULT_MAX_BYTES", "parse_document"]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024


def parse_document(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ConfigDocument:
    """Parse ``text``; never raises (see module docstring)."""
    return _parse(text, max_bytes, block_tree)


def _parse_full(text: str) -> ConfigDocument:
    """``parse_document`` without the fast path: what it must equal (the tests, the bench)."""
    return _parse(text, DEFAULT_MAX_BYTES, lambda _: None)


def _parse(text: str, max_bytes: int, fast: Callable[[str], BuiltTree | None]) -> ConfigDocument:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        first_line = LINE_BREAK.split(text, maxsplit=1)[0]
        message = (
            f"the file is too large to check: {size:,} bytes (the limit is {max_bytes:,} bytes)"
        )
        return ConfigDocument(
            text=text,
            root=None,
            syntax_errors=(SyntaxIssue(message, Span.at(0, 0, len(first_line))),),
            too_large=True,
        )
    try:
        built = fast(text)
    except Exception as error:  # never raise to an editor; the message says it is our fault
        return _unparsed(text, _internal_error(error))
    if built is None:  # outside the fast path's subset
        return _parse_with_ruamel(text)
    return _document(text, built)


def _parse_with_ruamel(text: str) -> ConfigDocument:
    """The full way: ruamel's parser, imported by the first text outside the fast path's subset
    (``reading.py`` says why), and the tree built from its events."""
    try:  # an import that fails (a broken install) is an internal error too, never raised
        from ruamel.yaml.composer import MaxDepthExceededError  # noqa: PLC0415

        from modelforge_lsp.config.syntax.build import build_tree  # noqa: PLC0415
        from modelforge_lsp.config.syntax.compose import (  # noqa: PLC0415
            ParserFailedError,
            TooManyNodesError,
            syntax_issue,
        )
    except Exception as error:
        return _unparsed(text, _internal_error(error))
    lines = LineIndex(text)
    try:
        built = build_tree(text, lines)
    except ParserFailedError as failure:  # ruamel raises its own errors, and anything on odd input
        return _unparsed(text, syntax_issue(failure.error, text, lines))
    except (TooManyNodesError, MaxDepthExceededError, RecursionError) as limit:
        return _unparsed(text, syntax_issue(limit, text, lines))
    except Exception as error:  # never raise to an editor; the message says it is our fault
        return _unparsed(text, _internal_error(error))
    return _document(text, built)


def _document(text: str, built: BuiltTree) -> ConfigDocument:
    return ConfigDocument(
        text=text,
        root=built.root,
        syntax_errors=built.issues,
        duplicate_keys=built.duplicates,
        alias_limited=built.alias_limited,
    )


def _internal_error(error: Exception) -> SyntaxIssue:
    message = f"internal error while reading the config ({type(error).__name__}: {error})"
    return SyntaxIssue(message, Span.at(0, 0, 0))


def _unparsed(text: str, issue: SyntaxIssue) -> ConfigDocument:
    return ConfigDocument(text=text, root=None, syntax_errors=(issue,))
