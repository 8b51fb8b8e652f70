"""Every diagnostic code, once: its default severity, its title and its documentation anchor.

Codes are a public contract -- editors, severity overrides and CI configs name them, SARIF lists
them -- so they are registered here and nowhere else. A rule that emits a code not in ``CODES``
fails at once (``finding`` looks it up), a severity override naming an unknown code is reported
with a did-you-mean, and a test keeps ``docs/diagnostics.md`` headed by exactly these codes and
titles. Never renumber a code; retire one by leaving its number unused.

Families: MF1xx syntax, MF2xx schema, MF3xx catalog, MF4xx references, MF5xx security, MF6xx
what the ModelForge runtime would do with the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.config.checks.findings import Severity, docs_url

__all__ = ["CODES", "Code", "unknown_code_message"]


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code. ``severity`` is the usual one; a rule may report a milder case
    of the same problem lower (an unknown provider with no near-miss is a hint)."""

    code: str
    severity: Severity
    title: str

    @property
    def docs_url(self) -> str:
        return docs_url(self.code)


def _registry(*codes: Code) -> Mapping[str, Code]:
    return MappingProxyType({code.code: code for code in codes})


CODES: Mapping[str, Code] = _registry(
    Code("MF101", Severity.ERROR, "YAML syntax error"),
    Code("MF102", Severity.ERROR, "File too large"),
    Code("MF103", Severity.WARNING, "Too many alias expansions"),
    Code("MF201", Severity.WARNING, "Unknown key"),
    Code("MF202", Severity.ERROR, "Wrong type"),
    Code("MF203", Severity.ERROR, "Invalid enum value"),
    Code("MF204", Severity.ERROR, "Missing llm_type"),
    Code("MF205", Severity.ERROR, "Duplicate key"),
    Code("MF207", Severity.ERROR, "Not a URL"),
    Code("MF301", Severity.WARNING, "Unknown provider"),
    Code("MF302", Severity.WARNING, "Unknown model"),
    Code("MF303", Severity.WARNING, "Model served by another provider"),
    Code("MF304", Severity.WARNING, "Deprecated model"),
    Code("MF305", Severity.INFORMATION, "Alpha or beta model"),
    Code("MF306", Severity.WARNING, "Model id differs in case"),
    Code("MF401", Severity.ERROR, "current_model.provider is not configured"),
    Code("MF402", Severity.ERROR, "current_model.model is not a model of that provider"),
    Code("MF501", Severity.WARNING, "Credential in the file"),
    Code("MF502", Severity.WARNING, "Plain-HTTP base URL"),
    Code("MF601", Severity.ERROR, "No credentials"),
    Code("MF602", Severity.WARNING, "Requests go to OpenAI's endpoint"),
    Code("MF603", Severity.ERROR, "Incomplete device flow"),
    Code("MF604", Severity.WARNING, "Ignored by the runtime"),
    Code("MF605", Severity.WARNING, "Ollama without an endpoint"),
    Code("MF606", Severity.WARNING, "Provider name the runtime cannot look up"),
    Code("MF607", Severity.WARNING, "Variable reference not expanded"),
    Code("MF608", Severity.WARNING, "Empty model entry"),
)
"""The registry, in code order (SARIF lists rules in this order)."""


def unknown_code_message(text: object) -> str | None:
    """``None`` for a registered code, else what to tell a user who wrote ``text`` as one."""
    if isinstance(text, str) and text in CODES:
        return None
    word = text if isinstance(text, str) else repr(text)
    suggestions = closest(word.upper(), CODES, limit=1) if isinstance(text, str) else []
    hint = did_you_mean(suggestions) or f" (codes are MF101…{list(CODES)[-1]})"
    return f"'{word}' is not a ModelForge diagnostic code{hint}"
