"""Price and context beside each model alias the catalog knows (``textDocument/inlayHint``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.config.assist.written import (
    catalog_model_of,
    catalog_provider_of,
    entry_span,
    written_models,
    written_providers,
)
from modelforge_lsp.config.syntax import ConfigDocument, Entry, Position

__all__ = ["ModelHint", "model_hints"]

_COMMENT = re.compile(r"(?:^|[ \t])#")


class ModelHint(NamedTuple):
    """``label`` (price and context of a model) to show at ``position``."""

    position: Position
    label: str


def model_hints(document: ConfigDocument, catalog: Catalog | None) -> list[ModelHint]:
    """A price/context hint after each model alias the catalog knows, in document order.

    Nothing for providers the catalog does not know, local ones (``llm_type: ollama``) or models
    it does not list. The hint goes right after the entry when it fits on the alias's line
    (``gpt-4o-mini:``, ``"gpt-4o": {}``), else at the end of that line, before any comment.
    """
    hints: dict[Position, ModelHint] = {}
    lines = document.lines
    for provider in written_providers(document):
        info = catalog_provider_of(provider, catalog)
        if info is None:
            continue
        for alias in written_models(provider):
            model = catalog_model_of(info, alias, catalog)
            label = price_summary(model) if model is not None else ""
            if label:
                position = _hint_position(lines, alias)
                hints.setdefault(position, ModelHint(position, label))
    return list(hints.values())


def _hint_position(lines: Sequence[str], alias: Entry) -> Position:
    end = entry_span(alias).end
    line_no = alias.key_span.end.line
    if end.line == line_no:
        return end
    line = lines[line_no]
    after_key = alias.key_span.end.character
    comment = _COMMENT.search(line, after_key)
    code = line[: comment.start()] if comment else line
    return Position(line_no, max(after_key, len(code.rstrip(" \t"))))
