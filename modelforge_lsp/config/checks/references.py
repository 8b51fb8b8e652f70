"""MF4xx: ``current_model`` must name a provider and a model alias the file configures.

The runtime matches both exactly (``current_model.provider: github-copilot`` does not find a
``github_copilot`` block). A fix never moves a correct value toward a misspelled one: when
``current_model.model`` names a real catalog model and the only near alias is a misspelling of
it, the fix renames the alias instead.
"""

from __future__ import annotations

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity
from modelforge_lsp.config.checks.values import rename_key_edit
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    catalog_checked_provider,
    model_entries,
    provider_entries,
    provider_entry,
    string_of,
)

__all__ = ["check_references"]


def check_references(document: ConfigDocument, catalog: Catalog | None = None) -> list[Finding]:
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
    aliases = {entry.key: entry for entry in model_entries(provider)}
    if model_name in aliases:
        return []
    suggestions = tuple(closest(model_name, list(aliases), cutoff=60.0))
    message = f"current_model.model '{model_name}' is not a model of provider '{provider.key}'"
    misspelt = _misspelt_alias(provider, model_name, suggestions, aliases, catalog)
    if misspelt is None:
        return [
            finding(
                model_ref.value.span,
                Severity.ERROR,
                "MF402",
                f"{message}{did_you_mean(suggestions)}",
                suggestions,
            )
        ]
    edit = rename_key_edit(document, misspelt, model_name)
    title = f"Rename the alias '{misspelt.key}' to '{model_name}'"
    return [
        finding(
            model_ref.value.span,
            Severity.ERROR,
            "MF402",
            f"{message}; it is a model of {provider.key}, and the alias '{misspelt.key}' looks "
            "like a misspelling of it",
            fixes=() if edit is None else (Fix(title, (edit,), preferred=True),),
        )
    ]


def _misspelt_alias(
    provider: Entry,
    model_name: str,
    suggestions: tuple[str, ...],
    aliases: dict[str, Entry],
    catalog: Catalog | None,
) -> Entry | None:
    """The alias to rename: the nearest one, when ``model_name`` is a catalog model of this
    provider and that alias (with no ``api_model_name``) is not."""
    if not suggestions or catalog is None or not catalog_checked_provider(provider):
        return None
    if catalog.model(provider.key, model_name) is None:
        return None
    alias = aliases[suggestions[0]]
    has_api_name = alias.value.kind == "map" and alias.value.get("api_model_name") is not None
    if has_api_name or catalog.model(provider.key, alias.key) is not None:
        return None
    return alias
