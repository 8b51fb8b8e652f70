"""Go to definition: from ``current_model.provider``/``.model`` to the key it names."""

from __future__ import annotations

from modelforge_lsp.config.assist.written import current_model_refs
from modelforge_lsp.config.syntax import ConfigDocument, Position, Span

__all__ = ["definition_at"]


def definition_at(document: ConfigDocument, position: Position) -> Span | None:
    """From ``current_model.provider``/``.model`` to the key it names (``None`` elsewhere)."""
    current = current_model_refs(document)
    if (
        current.provider_ref is not None
        and current.provider is not None
        and current.provider_ref.value.span.contains(position)
    ):
        return current.provider.key_span
    if (
        current.model_ref is not None
        and current.model is not None
        and current.model_ref.value.span.contains(position)
    ):
        return current.model.key_span
    return None
