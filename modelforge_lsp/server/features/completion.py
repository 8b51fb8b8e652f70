"""``textDocument/completion`` and ``completionItem/resolve``: providers, models, keys, values.

``config.assist.completion`` decides what to offer; this module only speaks LSP:

* **Ranges.** Every item carries a ``textEdit`` replacing the word at the cursor (our code-point
  span, converted to the client's UTF-16 units), so accepting ``gpt-4o-mini`` over a half-typed
  ``gpt-4o-mi`` replaces it instead of appending. The span covers the whole id, ``-``, ``.``,
  ``/`` and ``:`` included, and items carry no ``filterText`` (it defaults to the label): Neovim's
  ``vim.lsp.omnifunc`` (0.7-0.10) takes the completion's start column from the ``textEdit``
  only when ``filterText`` is absent, else from ``iskeyword``, which stops at the ``-`` of
  ``gpt-4o`` and filters every item out. ``sortText`` is the rank ``config.assist.complete``
  gave, so the client keeps our order among equals.
* **Snippets.** A new provider inserts a whole block -- ``llm_type``, ``base_url``,
  ``auth_strategy``, ``models:`` and a first model alias as a tab stop -- when the client
  declares ``completionItem.snippetSupport``; otherwise the same block as plain text. The
  block's lines carry their absolute indentation (the key's column plus the file's step) and the
  item says ``insertTextMode: asIs``, so no client re-indents them a second time.
* **Lazy documentation.** A model's card is long and most items are never looked at, so items
  for catalog entries carry a small ``data`` payload (``{"kind": "model", "provider": ...,
  "id": ...}``) and the card is rendered in ``completionItem/resolve``, when the client shows
  the item. Key and enum documentation is short and goes in at once. Both honour the client's
  ``documentationFormat`` (markdown or plain text).
* **Deprecated models** sort last (``config.assist`` ranks them so) and are struck through:
  ``tags: [Deprecated]``, plus the older ``deprecated: true`` for clients before LSP 3.15.

The work runs in a worker thread: it is quick (a millisecond or two on a 500-model file) but
the event loop must never wait on the catalog's first search or on a pathological file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.config.assist import Candidate, CandidateKind, ProviderBlock, complete
from modelforge_lsp.config.language import KeySpec
from modelforge_lsp.config.syntax import Position
from modelforge_lsp.server.markdown import (
    key_card,
    markup,
    model_card,
    prefers_markdown,
    provider_card,
)
from modelforge_lsp.server.offload import answer
from modelforge_lsp.server.state import DocumentState

if TYPE_CHECKING:
    from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["TRIGGER_CHARACTERS", "register"]

TRIGGER_CHARACTERS = [":", " ", '"', "-", ".", "/"]
"""Where a completion should start although no word character was typed.

``:`` and `` ``: a value starts after ``llm_type:`` (with or without its blank), and a key
starts after indentation on a new line. The space fires often -- on every blank typed -- but
``config.assist.complete`` answers an empty list at once wherever nothing can go (comments, after
a value), so a stray trigger costs a round trip and shows nothing. ``"``: a JSON key or value
starts. ``-``, ``.``, ``/``: separators inside model ids (``gpt-4o-mini``, ``gpt-5.1``,
``openai/gpt-4o``) that most editors treat as word breaks; re-asking there keeps the list
open and re-ranked while an id is typed."""

_KINDS: dict[CandidateKind, types.CompletionItemKind] = {
    "top_key": types.CompletionItemKind.Property,
    "field": types.CompletionItemKind.Field,
    "provider": types.CompletionItemKind.Module,
    "model": types.CompletionItemKind.Constant,
    "enum": types.CompletionItemKind.EnumMember,
    "reference": types.CompletionItemKind.Reference,
    "value": types.CompletionItemKind.Value,
}
"""What each item is, in the words a client shows beside it (Neovim prints the kind's name):
a top-level key a Property, a key inside a block a Field, a provider a Module (a block of
models), a model id a Constant (a catalog name, the same wherever it is written), an enum
value an EnumMember. A provider that inserts a whole block as a snippet stays a Module: it is
still the provider the user picks."""


class _Client:
    """What this client can take, read once per request."""

    def __init__(self, ls: ModelForgeServer) -> None:
        item = "text_document.completion.completion_item"
        self.snippets = ls.client_supports(f"{item}.snippet_support")
        self.label_details = ls.client_supports(f"{item}.label_details_support")
        self.markdown = prefers_markdown(ls.client_capabilities, f"{item}.documentation_format")
        self.tables = ls.settings.hover.tables


def register(server: ModelForgeServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True),
    )
    async def completion(
        ls: ModelForgeServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        state = ls.state_to_answer(params.text_document.uri, types.TEXT_DOCUMENT_COMPLETION)
        if state is None:
            return None
        position = state.mapper.from_lsp_position(params.position)
        return await answer(
            state, _complete, state, position, ls.catalog_for(state.uri), _Client(ls)
        )

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: ModelForgeServer, item: types.CompletionItem) -> types.CompletionItem:
        if item.documentation is None and isinstance(item.data, dict) and ls.catalog:
            card = _card(ls.catalog, item.data, _Client(ls))
            if card is not None:
                item.documentation = card
        return item


def _complete(
    state: DocumentState, position: Position, catalog: Catalog | None, client: _Client
) -> types.CompletionList:
    result = complete(state.text, position, catalog, document=state.parsed)
    edit_range = state.mapper.to_lsp_range(result.replace_span)
    column = result.replace_span.start.character
    items = [_item(c, edit_range, column, client) for c in result.candidates]
    return types.CompletionList(is_incomplete=result.is_incomplete, items=items)


def _item(
    candidate: Candidate,
    edit_range: types.Range,
    column: int,
    client: _Client,
) -> types.CompletionItem:
    text, text_format, mode = candidate.insert_text, types.InsertTextFormat.PlainText, None
    if candidate.block is not None:
        text = _block_text(candidate.block, column, snippet=client.snippets)
        mode = types.InsertTextMode.AsIs
        if client.snippets:
            text_format = types.InsertTextFormat.Snippet
    kind = _KINDS[candidate.kind]
    label_details = None
    if client.label_details and candidate.kind in ("model", "provider", "reference"):
        label_details = types.CompletionItemLabelDetails(description=candidate.detail or None)
    return types.CompletionItem(
        label=candidate.label,
        kind=kind,
        detail=candidate.detail or None,
        label_details=label_details,
        sort_text=candidate.sort_key,
        text_edit=types.TextEdit(range=edit_range, new_text=text),
        insert_text_format=text_format,
        insert_text_mode=mode,
        tags=[types.CompletionItemTag.Deprecated] if candidate.deprecated else None,
        deprecated=True if candidate.deprecated else None,
        documentation=_key_documentation(candidate, client.markdown),
        data=_data(candidate.subject),
    )


def _block_text(block: ProviderBlock, column: int, *, snippet: bool) -> str:
    """The provider block, lines after the first indented absolutely (see module docstring)."""
    escape = _escape_snippet if snippet else str
    child = " " * (column + block.indent_unit)
    grandchild = child + " " * block.indent_unit
    lines = [escape(f"{block.key}:")]
    for name, value in block.fields:
        if isinstance(value, str):
            lines.append(escape(f"{child}{name}: {value}"))
        else:  # a nested map (auth_details)
            lines.append(escape(f"{child}{name}:"))
            lines += [escape(f"{grandchild}{key}: {text}") for key, text in value]
    lines.append(f"{child}models:")
    if block.models:
        alias = block.models[0]
        entry = f"${{1:{_escape_snippet(alias)}}}:$0" if snippet else f"{alias}:"
        lines.append(grandchild + entry)
    return "\n".join(lines)


def _escape_snippet(text: str) -> str:
    """Literal text inside a snippet: ``$``, ``}`` and ``\\`` would be read as syntax."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _key_documentation(candidate: Candidate, markdown: bool) -> types.MarkupContent | None:
    subject = candidate.subject
    if not isinstance(subject, KeySpec):
        return None
    value = candidate.label if candidate.kind in ("enum", "value") else None
    return markup(key_card(subject, markdown, value=value), markdown)


def _data(subject: object) -> dict[str, Any] | None:
    """What ``completionItem/resolve`` needs to find the catalog entry again."""
    if isinstance(subject, ModelInfo):
        return {"kind": "model", "provider": subject.provider_id, "id": subject.id}
    if isinstance(subject, ProviderInfo):
        return {"kind": "provider", "id": subject.id}
    return None


def _card(catalog: Catalog, data: dict[str, Any], client: _Client) -> types.MarkupContent | None:
    markdown = client.markdown
    kind, provider_id = data.get("kind"), data.get("provider", data.get("id"))
    if not isinstance(provider_id, str):
        return None
    provider = catalog.provider(provider_id)
    if kind == "provider" and provider is not None:
        return markup(provider_card(provider, markdown), markdown)
    model_id = data.get("id")
    if kind == "model" and isinstance(model_id, str):
        model = catalog.model(provider_id, model_id)
        if model is not None:
            successor = catalog.successor(model)
            card = model_card(
                model, markdown, provider=provider, successor=successor, tables=client.tables
            )
            return markup(card, markdown)
    return None
