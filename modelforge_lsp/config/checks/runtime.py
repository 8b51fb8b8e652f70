"""MF6xx: what the ModelForge runtime would do with each provider block, where that is not
what the user meant.

Each rule is a fact of model-forge-llm 2.x (``config.language.semantics``, pinned by
``tests/runtime``): no ``auth_strategy`` means no credentials; ``openai_compatible`` without a
``base_url`` calls OpenAI; ``device_flow`` reads four ``auth_details`` fields; ``ollama`` needs an
endpoint and sends the alias; ``google_genai`` ignores ``base_url``; names are looked up in the
runtime's spelling; values are never expanded; a ``null`` model is no model. A provider whose
``llm_type`` is missing or invalid is left to MF204/MF203 (one finding per problem).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity, Tag, TextEdit
from modelforge_lsp.config.checks.insertion import FieldValue, add_fields
from modelforge_lsp.config.checks.removal import remove_entry
from modelforge_lsp.config.checks.values import empty_map_edit, rename_key_edit
from modelforge_lsp.config.language import (
    AUTH_DETAILS_FIELDS,
    LLM_TYPES,
    OPENAI_ENDPOINT,
    RuntimeProvider,
    credential_variable,
    needs_credentials,
    provider_identity,
    runtime_key,
    runtime_provider,
)
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    field,
    model_entries,
    provider_entries,
    string_of,
)

__all__ = ["check_runtime"]

_REFERENCE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")


def check_runtime(document: ConfigDocument, catalog: Catalog | None) -> list[Finding]:
    findings: list[Finding] = []
    providers = list(provider_entries(document))
    keys = {provider.key for provider in providers}
    for provider in providers:
        findings += _reachable(document, provider, keys)
        llm_type = _text(field(provider, "llm_type"))
        if provider.value.kind != "map" or llm_type not in LLM_TYPES:
            continue
        findings += _credentials(document, provider, llm_type, catalog)
        findings += _endpoint(document, provider, llm_type, catalog)
        findings += _ignored(document, provider, llm_type)
        findings += _empty_models(document, provider)
    findings += _references(document)
    return findings


def _text(entry: Entry | None) -> str | None:
    return string_of(entry.value) if entry is not None else None


def _path(provider: Entry, *rest: str) -> tuple[str, ...]:
    return ("providers", provider.key, *rest)


def _add(
    document: ConfigDocument,
    path: tuple[str, ...],
    title: str,
    fields: Sequence[tuple[str, FieldValue]],
) -> tuple[Fix, ...]:
    edit = add_fields(document, path, fields)
    return () if edit is None else (Fix(title, (edit,), preferred=True),)


# -- names ------------------------------------------------------------------------------------


def _reachable(document: ConfigDocument, provider: Entry, keys: set[str]) -> list[Finding]:
    """``get_llm("github-copilot")`` looks up ``github_copilot``: another spelling is found
    only through ``current_model``, and ``config use``/``auth login`` cannot name it."""
    wanted = runtime_key(provider.key)
    if wanted == provider.key:
        return []
    fixes: tuple[Fix, ...] = ()
    if wanted not in keys:
        edits = [rename_key_edit(document, provider, wanted)]
        current = document.entry_at(("current_model", "provider"))
        if current is not None and string_of(current.value) == provider.key:
            edits.append(TextEdit(current.value.span, wanted))  # quotes kept by keep_quotes
        if all(edit is not None for edit in edits):
            fixes = (Fix(f"Rename to '{wanted}'", tuple(e for e in edits if e), preferred=True),)
    return [
        finding(
            provider.key_span,
            Severity.WARNING,
            "MF606",
            f"ModelForge looks provider names up as '{wanted}' (lower case, '_' for '-'): "
            f"get_llm('{provider.key}') and `modelforge config use` cannot find '{provider.key}'",
            fixes=fixes,
        )
    ]


# -- credentials ------------------------------------------------------------------------------


def _credentials(
    document: ConfigDocument, provider: Entry, llm_type: str, catalog: Catalog | None
) -> list[Finding]:
    if not needs_credentials(llm_type):
        return []
    strategy_entry = field(provider, "auth_strategy")
    strategy = _text(strategy_entry)
    known = runtime_provider(provider.key, catalog)
    if strategy_entry is None or strategy_entry.value.is_null:
        wanted = "device_flow" if llm_type == "github_copilot" else "api_key"
        if known is not None and known.auth_strategy:
            wanted = known.auth_strategy
        fields: list[tuple[str, FieldValue]] = [("auth_strategy", wanted)]
        if wanted == "device_flow" and field(provider, "auth_details") is None:
            if known is None or known.auth_details is None:
                return [_no_credentials(provider, wanted, ())]
            fields.append(("auth_details", known.auth_details))
        fix = _add(document, _path(provider), f"Add 'auth_strategy: {wanted}'", fields)
        return [_no_credentials(provider, wanted, fix)]
    if strategy == "device_flow":
        return _device_flow(document, provider, strategy_entry, known)
    return []


def _no_credentials(provider: Entry, wanted: str, fixes: tuple[Fix, ...]) -> Finding:
    variable = credential_variable(provider.key, wanted)
    return finding(
        provider.key_span,
        Severity.ERROR,
        "MF601",
        f"provider '{provider.key}' has no auth_strategy, so ModelForge sends no credentials and "
        f'every call fails with "Authentication failed"; add auth_strategy: {wanted} and set '
        f"{variable}",
        fixes=fixes,
    )


def _device_flow(
    document: ConfigDocument, provider: Entry, strategy: Entry, known: RuntimeProvider | None
) -> list[Finding]:
    details = field(provider, "auth_details")
    defaults = (known.auth_details if known is not None else None) or {}
    if details is None or details.value.kind != "map":
        missing = list(AUTH_DETAILS_FIELDS)
        fixes = (
            _add(document, _path(provider), "Add the auth_details", [("auth_details", defaults)])
            if details is None and defaults
            else ()
        )
    else:
        present = {entry.key for entry in details.value.entries}
        missing = [name for name in AUTH_DETAILS_FIELDS if name not in present]
        if not missing:
            return []
        values = [(name, defaults[name]) for name in missing if name in defaults]
        fixes = (
            _add(document, _path(provider, "auth_details"), "Add the missing fields", values)
            if len(values) == len(missing)
            else ()
        )
    return [
        finding(
            strategy.value.span,
            Severity.ERROR,
            "MF603",
            "device_flow needs auth_details with client_id, device_code_url, token_url and "
            f"scope; missing: {', '.join(missing)}",
            fixes=fixes,
        )
    ]


# -- endpoints --------------------------------------------------------------------------------


def _endpoint(
    document: ConfigDocument, provider: Entry, llm_type: str, catalog: Catalog | None
) -> list[Finding]:
    base_url = field(provider, "base_url")
    if base_url is not None and not base_url.value.is_null:
        return []
    known = runtime_provider(provider.key, catalog)
    if llm_type == "ollama" and base_url is not None:  # `base_url:` with no value
        message = (
            "base_url is empty: ModelForge then ignores $OLLAMA_HOST too and refuses to build "
            "the model; give ollama's URL (a local ollama listens on http://localhost:11434)"
        )
        return [finding(base_url.key_span, Severity.WARNING, "MF605", message)]
    if llm_type == "ollama":
        url = known.base_url if known is not None and known.base_url else "http://localhost:11434"
        fix = _add(document, _path(provider), f"Add 'base_url: {url}'", [("base_url", url)])
        message = (
            f"ollama needs a base_url (or $OLLAMA_HOST): without either ModelForge refuses to "
            f"build the model; a local ollama listens on {url}"
        )
        return [finding(provider.key_span, Severity.WARNING, "MF605", message, fixes=fix)]
    if llm_type != "openai_compatible" or provider_identity(provider.key) == "openai":
        return []
    where = (
        f"ModelForge sends '{provider.key}' requests to OpenAI's endpoint ({OPENAI_ENDPOINT}, "
        "or $OPENAI_BASE_URL)"
    )
    if known is None:
        message = f"no base_url: {where}; add your gateway's base_url"
        return [finding(provider.key_span, Severity.INFORMATION, "MF602", message)]
    if known.base_url is None:
        message = f"no base_url: {where}; add your {known.name} endpoint as base_url"
        return [finding(provider.key_span, Severity.WARNING, "MF602", message)]
    fix = _add(
        document,
        _path(provider),
        f"Add 'base_url: {known.base_url}'",
        [("base_url", known.base_url)],
    )
    message = f"no base_url: {where}; {known.name}'s OpenAI-compatible endpoint is {known.base_url}"
    return [finding(provider.key_span, Severity.WARNING, "MF602", message, fixes=fix)]


# -- ignored keys -----------------------------------------------------------------------------


def _ignored(document: ConfigDocument, provider: Entry, llm_type: str) -> Iterator[Finding]:
    if llm_type == "google_genai":
        base_url = field(provider, "base_url")
        if base_url is not None and not base_url.value.is_null:
            edit = remove_entry(document, _path(provider, "base_url"))
            yield finding(
                base_url.key_span,
                Severity.INFORMATION,
                "MF604",
                "base_url is ignored under llm_type: google_genai (ModelForge always calls "
                "Google's Gemini API)",
                fixes=() if edit is None else (Fix("Remove 'base_url'", (edit,), preferred=True),),
                tags=frozenset({Tag.UNNECESSARY}),
            )
    if llm_type != "ollama":
        return
    for alias in model_entries(provider):
        api_name = field(alias, "api_model_name")
        if api_name is None or api_name.value.is_null:
            continue
        path = _path(provider, "models", alias.key, "api_model_name")
        edit = remove_entry(document, path) or empty_map_edit(document, alias)
        yield finding(
            api_name.key_span,
            Severity.WARNING,
            "MF604",
            f"api_model_name is ignored under llm_type: ollama: ModelForge asks ollama for "
            f"'{alias.key}' (the alias); to run '{string_of(api_name.value)}', use it as the alias",
            fixes=()
            if edit is None
            else (Fix("Remove the ignored api_model_name", (edit,), preferred=True),),
            tags=frozenset({Tag.UNNECESSARY}),
        )


def _empty_models(document: ConfigDocument, provider: Entry) -> Iterator[Finding]:
    for alias in model_entries(provider):
        if not alias.value.is_null:
            continue
        edit = empty_map_edit(document, alias)
        yield finding(
            alias.key_span,
            Severity.WARNING,
            "MF608",
            f"'{alias.key}' has no value: ModelForge reads an empty model as no model at all "
            '("model not found"); write {} for a model with no settings',
            fixes=() if edit is None else (Fix("Write {}", (edit,), preferred=True),),
        )


# -- values -----------------------------------------------------------------------------------


def _references(document: ConfigDocument) -> Iterator[Finding]:
    """``"$OPENAI_API_KEY"`` in the file is sent as those characters."""
    for path, entry in document.walk():
        text = string_of(entry.value)
        if text is None or path[0] != "providers" or not _REFERENCE.search(text):
            continue
        stored = len(path) == 4 and path[2] == "auth_data"
        key = path[1] if len(path) > 1 else "<PROVIDER>"
        strategy = "device_flow" if path[-1] in {"access_token", "refresh_token"} else None
        variable = credential_variable(key, strategy)
        fixes: tuple[Fix, ...] = ()
        if stored and (edit := remove_entry(document, path[:3])) is not None:
            fixes = (Fix(f"Remove auth_data; set {variable} instead", (edit,), preferred=True),)
        advice = f"; set {variable} in the environment instead" if stored else ""
        yield finding(
            entry.value.span,
            Severity.WARNING,
            "MF607",
            f"ModelForge does not expand variables: {text!r} is sent as these characters{advice}",
            fixes=fixes,
        )
