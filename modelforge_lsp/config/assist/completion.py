"""What to offer at the cursor: ``complete(text, position, catalog) -> CompletionResult``.

Completion runs while the user types, so the text usually does not parse. Everything here starts
from ``cursor_context`` (which reads the text itself) and decides, by the key path at the cursor,
what belongs there (DESIGN §4):

=====================================  ==========================================================
cursor                                 candidates
=====================================  ==========================================================
a top-level key                        ``providers``, ``current_model``, ``settings`` not present
a key under ``providers``              catalog providers not configured yet, with a ``block``
a key of a provider, model, ...        the schema's fields not present yet
a key under ``providers.<p>.models``   that provider's chat models (fuzzy), deprecated ones last
``llm_type:`` / ``auth_strategy:``     the enum's values (booleans for boolean keys)
``api_model_name:``                    that provider's model ids
``base_url:``                          the catalog's API URL for the provider
``current_model.provider:``            the provider keys the file configures
``current_model.model:``               the aliases of the provider ``current_model`` names
=====================================  ==========================================================

The result is plain data: the server turns it into LSP items (snippets, kinds, documentation).
Candidates are already ranked (``sort_key``); a client may still filter them by what is typed.
Image generators are left out of model lists unless nothing else matches (then tagged so).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.catalog.format import price_summary
from modelforge_lsp.catalog.provider_search import rank_providers
from modelforge_lsp.config.assist.image_models import tagged_detail
from modelforge_lsp.config.assist.model_choices import model_choices
from modelforge_lsp.config.language import (
    KeySpec,
    curated_providers,
    model_identity,
    provider_identity,
    provider_template,
    runtime_key,
    runtime_provider,
    spec_at,
)
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    ConfiguredNames,
    CursorContext,
    CursorRole,
    Position,
    Span,
    configured_names,
    cursor_context,
)

__all__ = [
    "Candidate",
    "CandidateKind",
    "CompletionResult",
    "ProviderBlock",
    "complete",
]

CandidateKind = Literal["top_key", "field", "provider", "model", "enum", "reference", "value"]
Subject = ModelInfo | ProviderInfo | KeySpec | None

_DEFAULT_INDENT = 2


@dataclass(frozen=True, slots=True)
class ProviderBlock:
    """The fields a new provider needs, for the server to write out as a snippet or plain text.

    ``indent_unit`` is the file's indentation step (the column of provider keys, since
    ``providers`` is a top-level key); nested lines go one or two steps deeper than the key.
    """

    key: str
    fields: tuple[tuple[str, str | tuple[tuple[str, str], ...]], ...]
    """``(name, value)`` in the order they are written: ``llm_type``, ``base_url``, ...; a
    nested map (``auth_details``) as its own ``(name, value)`` pairs."""
    models: tuple[str, ...]
    """Model aliases to start ``models:`` with (the provider's newest active model)."""
    indent_unit: int


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    kind: CandidateKind
    insert_text: str
    """Plain text for the ``replace_span``; ``block`` (if any) is the richer alternative."""
    detail: str
    sort_key: str
    """Rank as a string that sorts in order (``"0000"`` first)."""
    deprecated: bool = False
    block: ProviderBlock | None = None
    subject: Subject = None
    """What the candidate stands for, so documentation can be rendered on demand."""


@dataclass(frozen=True, slots=True)
class CompletionResult:
    candidates: tuple[Candidate, ...]
    replace_span: Span
    """The word at the cursor: what accepting a candidate replaces."""
    is_incomplete: bool
    """More candidates matched than ``limit``: ask again as the user types."""
    role: CursorRole

    @classmethod
    def empty(cls, context: CursorContext) -> CompletionResult:
        return cls((), context.word_span, False, context.role)


def complete(
    text: str,
    position: Position,
    catalog: Catalog | None,
    *,
    limit: int = 100,
    document: ConfigDocument | None = None,
) -> CompletionResult:
    """Candidates at ``position`` (0-based line, code-point column); never raises.

    ``document`` is the parse of ``text`` if the caller has one: ``current_model`` candidates
    then come from its tree; without one (or when the text does not parse) a light line scan
    finds the configured providers and aliases instead.
    """
    limit = max(limit, 1)
    context = cursor_context(text, position)
    request = _Request(text, context, catalog, limit, document)
    if context.role == "key":
        found, incomplete = request.keys()
    elif context.role == "value" and _value_slot_is_free(request.line, context):
        found, incomplete = request.values()
    else:
        return CompletionResult.empty(context)
    ranked = tuple(_with_rank(found[:limit]))
    return CompletionResult(ranked, context.word_span, incomplete, context.role)


_Found = tuple[list[Candidate], bool]


class _Request:
    """One completion request: the context and what the candidates are built from."""

    def __init__(
        self,
        text: str,
        context: CursorContext,
        catalog: Catalog | None,
        limit: int,
        document: ConfigDocument | None,
    ) -> None:
        self.text = text
        self.context = context
        self.catalog = catalog
        self.limit = limit
        self.document = document
        span = context.word_span
        lines = re.split(r"\r\n|\r|\n", text)
        self.line = lines[span.start.line] if span.start.line < len(lines) else ""
        self.quoted = self.line[span.start.character - 1 : span.start.character] in ("'", '"')

    # -- keys --------------------------------------------------------------------------------

    def keys(self) -> _Found:
        path = self.context.path
        spec = spec_at(path)
        if spec is None:
            return [], False
        if spec.item is not None and path == ("providers",):
            return self._providers()
        if spec.item is not None and len(path) == 3 and path[2] == "models":
            return self._model_keys(path[1])
        present = set(self.context.sibling_keys)
        kind: CandidateKind = "top_key" if not path else "field"
        candidates = [
            Candidate(
                label=child.name,
                kind=kind,
                insert_text=self._key_text(child.name, child.type != "map"),
                detail=child.type + (" (required)" if child.required else ""),
                sort_key="",
                subject=child,
            )
            for child in spec.children.values()
            if child.name not in present
        ]
        return _prefix_first(candidates, self.context.prefix), False

    def _key_text(self, name: str, scalar: bool) -> str:
        """``name:`` (``name: `` for a scalar) unless a ``:`` follows or the key is quoted."""
        if self.quoted or self.context.in_flow or self._colon_follows():
            return name
        return f"{name}: " if scalar else f"{name}:"

    def _colon_follows(self) -> bool:
        after = self.line[self.context.word_span.end.character :]
        return after.lstrip(" \t").startswith(":")

    def _providers(self) -> _Found:
        if self.catalog is None:
            return [], False
        present = {provider_identity(key) for key in self.context.sibling_keys}
        offered = _providers_to_offer(self.catalog)
        choices = [p for p in offered if provider_identity(p.id) not in present]
        ranked = rank_providers(self.context.prefix, choices)
        simple = self.quoted or self.context.in_flow or self._colon_follows()
        unit = self.context.indent or _DEFAULT_INDENT
        candidates = []
        for provider in ranked[: self.limit]:
            block = None if simple else self._block(provider, unit)
            key = runtime_key(provider.id)
            candidates.append(
                Candidate(
                    label=key,
                    kind="provider",
                    insert_text=self._key_text(key, scalar=False),
                    detail=_provider_detail(provider),
                    sort_key="",
                    block=block,
                    subject=provider,
                )
            )
        return candidates, len(ranked) > self.limit

    def _block(self, provider: ProviderInfo, unit: int) -> ProviderBlock:
        assert self.catalog is not None
        template = provider_template(provider.id, self.catalog)
        first = self.catalog.newest_active(provider.id)
        return ProviderBlock(
            key=template.key,
            fields=tuple(
                (name, value if isinstance(value, str) else tuple(value.items()))
                for name, value in template.fields()
            ),
            models=() if first is None else (first.id,),
            indent_unit=unit,
        )

    def _model_keys(self, provider_key: str) -> _Found:
        present = {key.casefold() for key in self.context.sibling_keys}
        found = self._models(provider_key, exclude=present)
        candidates = [self._model_candidate(m, key=True) for m in found[: self.limit]]
        return candidates, len(found) > self.limit

    def _models(self, provider_key: str, exclude: Collection[str] = ()) -> list[ModelInfo]:
        return model_choices(self.catalog, provider_key, self.context.prefix, self.limit, exclude)

    def _model_candidate(self, model: ModelInfo, *, key: bool) -> Candidate:
        text = self._key_text(model.id, scalar=False) if key else self._value_text(model.id)
        return Candidate(
            label=model.id,
            kind="model",
            insert_text=text,
            detail=tagged_detail(model, price_summary(model)),
            sort_key="",
            deprecated=model.is_deprecated,
            subject=model,
        )

    # -- values ------------------------------------------------------------------------------

    def values(self) -> _Found:
        context = self.context
        path, key = context.path, context.key or ""
        if path == ("current_model",) and key == "provider":
            return self._provider_references(), False
        if path == ("current_model",) and key == "model":
            return self._model_references(), False
        if len(path) == 4 and path[0] == "providers" and path[2] == "models":
            if key == "api_model_name":
                found = self._models(path[1])
                candidates = [self._model_candidate(m, key=False) for m in found[: self.limit]]
                return candidates, len(found) > self.limit
            return [], False
        spec = spec_at(context.full_path)
        if spec is None:
            return [], False
        if len(path) == 2 and path[0] == "providers" and key == "base_url":
            return self._base_url(path[1], spec), False
        choices = spec.enum or (("true", "false") if spec.type == "boolean" else ())
        kind: CandidateKind = "enum" if spec.enum else "value"
        candidates = [
            Candidate(value, kind, self._value_text(value), spec.name, "", subject=spec)
            for value in choices
        ]
        return _prefix_first(candidates, context.prefix), False

    def _value_text(self, value: str) -> str:
        """A value right after its ``:`` needs the blank YAML requires there."""
        start = self.context.word_span.start.character
        before = self.line[:start]
        return " " + value if before.endswith(":") else value

    def _base_url(self, provider_key: str, spec: KeySpec) -> list[Candidate]:
        """The runtime's endpoint: the curated table's, else the catalog's ``api``."""
        known = runtime_provider(provider_key, self.catalog)
        if known is None or not known.base_url:
            return []
        detail = f"{known.name} API ({known.llm_type})"
        text = self._value_text(known.base_url)
        return [Candidate(known.base_url, "value", text, detail, "", subject=spec)]

    def _names(self) -> ConfiguredNames:
        return configured_names(self.text, self.document)

    def _provider_references(self) -> list[Candidate]:
        candidates = []
        for key in self._names().providers:
            info = self.catalog.provider(key) if self.catalog else None
            detail = _provider_detail(info) if info else "not in the models.dev catalog"
            candidates.append(
                Candidate(key, "reference", self._value_text(key), detail, "", subject=info)
            )
        return _prefix_first(candidates, self.context.prefix)

    def _model_references(self) -> list[Candidate]:
        names = self._names()
        provider_key = names.provider_key(names.current_provider)
        if provider_key is None:
            return []
        candidates = []
        for alias, api_name in names.providers[provider_key].items():
            model = None
            if self.catalog is not None:
                model = self.catalog.model(provider_key, model_identity(alias, api_name))
            candidates.append(
                Candidate(
                    label=alias,
                    kind="reference",
                    insert_text=self._value_text(alias),
                    detail=price_summary(model) if model else "",
                    sort_key="",
                    deprecated=model.is_deprecated if model else False,
                    subject=model,
                )
            )
        return _prefix_first(candidates, self.context.prefix)


def _value_slot_is_free(line: str, context: CursorContext) -> bool:
    """Offer values only where the word at the cursor is the whole value (``key: wo|``), not
    after one already written (``llm_type: ollama |``)."""
    before = line[: context.word_span.start.character]
    if before.endswith(("'", '"')):
        before = before[:-1]
    return before.rstrip(" \t").endswith(":")


def _providers_to_offer(catalog: Catalog) -> list[ProviderInfo]:
    """The catalog's providers, and those only the runtime table knows (ollama)."""
    extra = [
        ProviderInfo(id=key, name=str(entry.get("name", key)), doc=entry.get("docs"))
        for key, entry in curated_providers().items()
        if catalog.provider(key) is None
    ]
    return [*catalog.providers, *extra]


def _provider_detail(provider: ProviderInfo) -> str:
    count = len(provider.models)
    return f"{provider.name} · {count} model{'' if count == 1 else 's'}"


def _prefix_first(candidates: list[Candidate], prefix: str) -> list[Candidate]:
    """Small fixed lists: keep them all (the client filters), the ones the prefix starts first."""
    folded = prefix.casefold()
    return sorted(candidates, key=lambda c: not c.label.casefold().startswith(folded))


def _with_rank(candidates: Iterable[Candidate]) -> Iterable[Candidate]:
    """Each candidate with its rank as ``sort_key`` (made anew: ``dataclasses.replace`` cost
    more than the rest of a 100-model completion)."""
    for rank, c in enumerate(candidates):
        yield Candidate(
            c.label,
            c.kind,
            c.insert_text,
            c.detail,
            f"{rank:04d}",
            c.deprecated,
            c.block,
            c.subject,
        )
