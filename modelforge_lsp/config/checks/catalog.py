"""MF3xx: providers and models against the models.dev catalog.

A model's catalog identity is its ``api_model_name`` if given, else its alias; a provider's is its
key with ``_``/``-`` alike (DESIGN §2). Providers the catalog does not know are allowed (gateways,
local servers) and their models are not checked; only a near-miss of a known id is flagged.
"""

from __future__ import annotations

from modelforge_lsp.catalog import (
    Catalog,
    ModelInfo,
    ProviderInfo,
    suggest_models,
    suggest_providers,
)
from modelforge_lsp.catalog.suggest import did_you_mean
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity, Tag, TextEdit
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    Span,
    alias_identity,
    catalog_checked_provider,
    model_entries,
    provider_entries,
)

__all__ = ["check_catalog"]

_MAX_OTHER_PROVIDERS = 3


def check_catalog(document: ConfigDocument, catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for provider in provider_entries(document):
        if not catalog_checked_provider(provider):
            continue
        info = catalog.provider(provider.key)
        if info is None:
            findings.append(_unknown_provider(provider, catalog))
            continue
        for alias in model_entries(provider):
            findings.extend(_check_model(alias, info, catalog))
    return findings


def _unknown_provider(provider: Entry, catalog: Catalog) -> Finding:
    suggestions = suggest_providers(catalog, provider.key)
    if suggestions:
        return finding(
            provider.key_span,
            Severity.WARNING,
            "MF301",
            f"unknown provider '{provider.key}'{did_you_mean(suggestions)}",
            suggestions,
        )
    return finding(
        provider.key_span,
        Severity.HINT,
        "MF301",
        f"'{provider.key}' is not in the models.dev catalog, so its models are not checked "
        "(fine for a self-hosted gateway)",
    )


def _check_model(alias: Entry, provider: ProviderInfo, catalog: Catalog) -> list[Finding]:
    model_id, span = alias_identity(alias)
    model = catalog.model(provider.id, model_id)
    if model is None:
        return [_unknown_model(model_id, span, provider, catalog)]
    findings = []
    if model.id != model_id:
        findings.append(
            finding(
                span,
                Severity.WARNING,
                "MF306",
                f"'{model_id}' differs in case from the catalog id '{model.id}'; "
                "provider APIs compare ids exactly",
                (model.id,),
            )
        )
    if model.is_deprecated:
        findings.append(_deprecated(model, span, catalog))
    elif model.status in {"alpha", "beta"}:
        findings.append(
            finding(
                span,
                Severity.INFORMATION,
                "MF305",
                f"'{model.id}' is in {model.status} at {provider.name}: "
                "it may change or be withdrawn",
            )
        )
    return findings


def _unknown_model(model_id: str, span: Span, provider: ProviderInfo, catalog: Catalog) -> Finding:
    suggestions = suggest_models(catalog, provider.id, model_id)
    elsewhere = [p.id for p in catalog.providers_offering(model_id)]
    if elsewhere:
        served_by = ", ".join(elsewhere[:_MAX_OTHER_PROVIDERS])
        if len(elsewhere) > _MAX_OTHER_PROVIDERS:
            served_by += f" and {len(elsewhere) - _MAX_OTHER_PROVIDERS} more"
        return finding(
            span,
            Severity.WARNING,
            "MF303",
            f"'{model_id}' is served by {served_by}, not {provider.id}" + did_you_mean(suggestions),
            suggestions,
        )
    return finding(
        span,
        Severity.WARNING,
        "MF302",
        f"unknown model '{model_id}' for provider {provider.id}{did_you_mean(suggestions)}",
        suggestions,
    )


def _deprecated(model: ModelInfo, span: Span, catalog: Catalog) -> Finding:
    successor = catalog.successor(model)
    if successor is None:
        return finding(
            span,
            Severity.WARNING,
            "MF304",
            f"'{model.id}' is deprecated at {model.provider_id}; choose a current model",
            tags=frozenset({Tag.DEPRECATED}),
        )
    return Finding(
        span=span,
        severity=Severity.WARNING,
        code="MF304",
        message=f"'{model.id}' is deprecated at {model.provider_id}; "
        f"its successor is '{successor.id}'",
        suggestions=(successor.id,),
        fixes=(
            Fix(
                f"Replace deprecated '{model.id}' with '{successor.id}'",
                (TextEdit(span, successor.id),),
                preferred=True,
            ),
        ),
        tags=frozenset({Tag.DEPRECATED}),
    )
