"""The catalog's data: frozen ``ProviderInfo``/``ModelInfo`` parsed from models.dev's ``api.json``.

models.dev adds fields often and occasionally ships a malformed entry. Parsing is therefore
tolerant where it can be and strict where it must be:

* unknown fields are ignored, missing optional fields take their defaults;
* a field we use with the wrong type skips *that model* (or provider) with a logged reason --
  never the whole catalog;
* input that is not a provider map at all raises ``CatalogFormatError`` so that junk never
  reaches the cache;
* catalog data is untrusted (``catalog.sanitize``): strings lose control characters, an id with
  one skips its entry, a bad figure or URL is dropped alone (why: ``ParsedCatalog.skipped``).
  Each field is read by ``catalog.fields`` (type checks, figures); this module builds entries.

``catalog_to_json`` writes the same shape back, and ``parse_catalog(catalog_to_json(x))``
returns ``x`` exactly: the disk cache stores this normalised form and reads it with the same parser.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from modelforge_lsp.catalog.fields import (
    FieldError,
    figures,
    is_bool,
    is_str,
    section,
    str_tuple,
    text,
    typed,
)
from modelforge_lsp.catalog.sanitize import clean_text, unsafe_identifier, web_url
from modelforge_lsp.catalog.tiers import PriceTier, parse_tiers, tiers_to_json
from modelforge_lsp.errors import CatalogFormatError

if TYPE_CHECKING:
    from modelforge_lsp.catalog.stored_index import StoredTables

__all__ = [
    "STATUSES",
    "Cost",
    "Limits",
    "ModelInfo",
    "ParsedCatalog",
    "ProviderInfo",
    "SkippedEntry",
    "Status",
    "catalog_to_json",
    "normalize_provider_id",
    "parse_catalog",
]

log = logging.getLogger(__name__)

Status = Literal["alpha", "beta", "deprecated"]
STATUSES: tuple[Status, ...] = ("alpha", "beta", "deprecated")

COST_FIELDS = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "reasoning",
    "input_audio",
    "output_audio",
)
LIMIT_FIELDS = ("context", "input", "output")


def normalize_provider_id(provider_id: str) -> str:
    """The spelling-independent identity of a provider: ``GitHub_Copilot`` -> ``github-copilot``."""
    return provider_id.strip().lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class Cost:
    """Prices in US dollars per one million tokens; ``None`` where models.dev gives no figure."""

    input: float | None = None
    output: float | None = None
    cache_read: float | None = None
    cache_write: float | None = None
    reasoning: float | None = None
    input_audio: float | None = None
    output_audio: float | None = None
    tiers: tuple[PriceTier, ...] = ()
    """Higher prices for long prompts (``catalog.tiers``), by threshold; empty for most models."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Token limits: the whole context window, and the input and output caps where given."""

    context: int | None = None
    input: int | None = None
    output: int | None = None


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model as one provider serves it (the same model id may be offered by many providers)."""

    provider_id: str
    id: str
    name: str
    family: str | None = None
    cost: Cost | None = None
    limit: Limits = Limits()
    input_modalities: tuple[str, ...] = ("text",)
    output_modalities: tuple[str, ...] = ("text",)
    attachment: bool = False
    reasoning: bool = False
    tool_call: bool = False
    structured_output: bool | None = None
    temperature: bool | None = None
    knowledge: str | None = None
    release_date: str | None = None
    last_updated: str | None = None
    open_weights: bool = False
    status: Status | None = None

    @property
    def is_deprecated(self) -> bool:
        return self.status == "deprecated"

    @property
    def accepts_images(self) -> bool:
        return "image" in self.input_modalities

    @property
    def accepts_audio(self) -> bool:
        return "audio" in self.input_modalities

    @property
    def accepts_pdf(self) -> bool:
        return "pdf" in self.input_modalities


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """A provider and the models it serves, keyed by model id (read-only)."""

    id: str
    name: str
    env: tuple[str, ...] = ()
    npm: str | None = None
    doc: str | None = None
    api: str | None = None
    models: Mapping[str, ModelInfo] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """A provider or model left out of the catalog, or a figure left out of a model (``path``
    ``provider/model`` with the reason naming the field), and why (for logs, ``cache verify``)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedCatalog:
    """What ``parse_catalog`` made of the data: the providers kept, and what was left out."""

    providers: tuple[ProviderInfo, ...]
    skipped: tuple[SkippedEntry, ...] = ()
    search_tables: StoredTables | None = field(default=None, compare=False, repr=False)
    """The full-catalog search index's tables when read from the binary form with these very
    models (``stored_index``); ``None`` when parsed from JSON."""

    @property
    def model_count(self) -> int:
        return sum(len(p.models) for p in self.providers)


def _parse_cost(raw: Mapping[str, Any], dropped: list[str]) -> Cost | None:
    values = figures(raw, "cost", COST_FIELDS, dropped)
    if values is None:
        return None
    return Cost(**values, tiers=parse_tiers(raw["cost"], dropped))


def _parse_limits(raw: Mapping[str, Any], dropped: list[str]) -> Limits:
    values = figures(raw, "limit", LIMIT_FIELDS, dropped)
    return Limits() if values is None else Limits(**values)


def _parse_status(raw: Mapping[str, Any], path: str) -> Status | None:
    status = typed(raw, "status", is_str, "a string")
    if status is None or status in STATUSES:
        return status  # type: ignore[no-any-return]
    log.info("%s: unknown status %r treated as active", path, status)
    return None


def _parse_model(provider_id: str, key: str, raw: Any, dropped: list[str]) -> ModelInfo:
    if not isinstance(raw, dict):
        raise FieldError(f"should be an object, got {type(raw).__name__}")
    if (why := unsafe_identifier(key)) is not None:
        raise FieldError(why)
    path = f"{provider_id}/{key}"
    modalities = section(raw, "modalities") or {}
    name = text(raw, "name")
    return ModelInfo(
        provider_id=provider_id,
        id=key,
        name=name if name is not None else key,
        family=text(raw, "family"),
        cost=_parse_cost(raw, dropped),
        limit=_parse_limits(raw, dropped),
        input_modalities=str_tuple(modalities, "input", "modalities.") or ("text",),
        output_modalities=str_tuple(modalities, "output", "modalities.") or ("text",),
        attachment=bool(typed(raw, "attachment", is_bool, "true or false")),
        reasoning=bool(typed(raw, "reasoning", is_bool, "true or false")),
        tool_call=bool(typed(raw, "tool_call", is_bool, "true or false")),
        structured_output=typed(raw, "structured_output", is_bool, "true or false"),
        temperature=typed(raw, "temperature", is_bool, "true or false"),
        knowledge=text(raw, "knowledge"),
        release_date=text(raw, "release_date"),
        last_updated=text(raw, "last_updated"),
        open_weights=bool(typed(raw, "open_weights", is_bool, "true or false")),
        status=_parse_status(raw, path),
    )


def _link(raw: Mapping[str, Any], field: str, key: str, skipped: list[SkippedEntry]) -> str | None:
    """A provider's URL field (``sanitize.web_url``); one that is not a URL goes, with why."""
    value, why = (None, None) if (given := text(raw, field)) is None else web_url(given)
    if why is not None:
        skipped.append(SkippedEntry(clean_text(key), f"field '{field}' {why}"))
    return value


def _parse_provider(key: str, raw: Any, skipped: list[SkippedEntry]) -> ProviderInfo:
    if not isinstance(raw, dict):
        raise FieldError(f"should be an object, got {type(raw).__name__}")
    if (why := unsafe_identifier(key)) is not None:
        raise FieldError(why)
    raw_models = raw.get("models", {})
    if not isinstance(raw_models, dict):
        raise FieldError(f"field 'models' should be an object, got {type(raw_models).__name__}")
    name = text(raw, "name")
    env = str_tuple(raw, "env") or ()
    npm = text(raw, "npm")
    doc, api = (_link(raw, field, key, skipped) for field in ("doc", "api"))
    models: dict[str, ModelInfo] = {}
    for model_key, model_raw in raw_models.items():
        path = f"{key}/{clean_text(model_key)}"
        dropped: list[str] = []
        try:
            models[model_key] = _parse_model(key, model_key, model_raw, dropped)
        except FieldError as why:
            skipped.append(SkippedEntry(path, str(why)))
            continue
        skipped.extend(SkippedEntry(path, reason) for reason in dropped)
    return ProviderInfo(
        id=key,
        name=name if name is not None else key,
        env=env,
        npm=npm,
        doc=doc,
        api=api,
        models=MappingProxyType(models),
    )


def parse_catalog(raw: Any) -> ParsedCatalog:
    """Build the catalog from decoded ``api.json``; skip (and log) entries with wrong types.

    Raises ``CatalogFormatError`` when ``raw`` is not a non-empty map of providers, or when not
    a single provider survives: such data must never replace a good copy.
    """
    if not isinstance(raw, dict):
        raise CatalogFormatError(
            f"expected a JSON object of providers, got {type(raw).__name__}; "
            "check that the catalog URL points at models.dev's api.json"
        )
    skipped: list[SkippedEntry] = []
    providers: list[ProviderInfo] = []
    for key, value in raw.items():
        try:
            providers.append(_parse_provider(key, value, skipped))
        except FieldError as why:
            skipped.append(SkippedEntry(clean_text(key), str(why)))
    if not providers:
        raise CatalogFormatError(
            "the data holds no usable providers; check that the catalog URL points at "
            "models.dev's api.json"
        )
    if skipped:
        log.warning(
            "catalog: skipped %d malformed entries (first: %s: %s)",
            len(skipped),
            skipped[0].path,
            skipped[0].reason,
        )
    return ParsedCatalog(tuple(providers), tuple(skipped))


def _drop_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _model_to_json(model: ModelInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": model.id,
        "name": model.name,
        "family": model.family,
        "attachment": model.attachment,
        "reasoning": model.reasoning,
        "tool_call": model.tool_call,
        "structured_output": model.structured_output,
        "temperature": model.temperature,
        "knowledge": model.knowledge,
        "release_date": model.release_date,
        "last_updated": model.last_updated,
        "modalities": {
            "input": list(model.input_modalities),
            "output": list(model.output_modalities),
        },
        "open_weights": model.open_weights,
        "limit": _drop_none({name: getattr(model.limit, name) for name in LIMIT_FIELDS}),
        "status": model.status,
    }
    if model.cost is not None:
        cost = {name: getattr(model.cost, name) for name in COST_FIELDS}
        data["cost"] = _drop_none({**cost, "tiers": tiers_to_json(model.cost.tiers) or None})
    return _drop_none(data)


def catalog_to_json(providers: tuple[ProviderInfo, ...]) -> dict[str, Any]:
    """The models.dev shape of ``providers``; ``parse_catalog`` reads it back unchanged."""
    return {
        provider.id: _drop_none(
            {
                "id": provider.id,
                "name": provider.name,
                "env": list(provider.env),
                "npm": provider.npm,
                "doc": provider.doc,
                "api": provider.api,
                "models": {key: _model_to_json(m) for key, m in provider.models.items()},
            }
        )
        for provider in providers
    }
