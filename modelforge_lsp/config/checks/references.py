"""MF4xx: ``current_model`` must name a provider and a model alias the file configures."""

from __future__ import annotations

from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Severity
from modelforge_lsp.config.syntax import ConfigDocument, provider_entries, provider_entry, string_of

__all__ = ["check_references"]


def check_references(document: ConfigDocument) -> list[Finding]:
    current = document.entry_at(("current_model",))
    if current is None or current.value.kind != "map":
        return []
    provider_ref = current.value.get("provider")
    model_ref = current.value.get("model")
    provider_name = string_of(provider_ref.value) if provider_ref else None
    if provider_ref is None or provider_name is None:
        return []
    provider = provider_entry(document, provider_name)
    if provider is None:
        configured = [p.key for p in provider_entries(document)]
        suggestions = tuple(closest(provider_name, configured))
        where = ", ".join(configured) if configured else "none yet"
        return [
            finding(
                provider_ref.value.span,
                Severity.ERROR,
                "MF401",
                f"current_model.provider '{provider_name}' is not configured under providers"
                f"{did_you_mean(suggestions)} (configured: {where})",
                suggestions,
            )
        ]
    model_name = string_of(model_ref.value) if model_ref else None
    if model_ref is None or model_name is None:
        return []
    models = provider.value.get("models") if provider.value.kind == "map" else None
    aliases = [e.key for e in models.value.entries] if models and models.value.kind == "map" else []
    if model_name in aliases:
        return []
    suggestions = tuple(closest(model_name, aliases, cutoff=60.0))
    return [
        finding(
            model_ref.value.span,
            Severity.ERROR,
            "MF402",
            f"current_model.model '{model_name}' is not a model of provider '{provider.key}'"
            f"{did_you_mean(suggestions)}",
            suggestions,
        )
    ]
