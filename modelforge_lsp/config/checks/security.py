"""MF5xx: credentials pasted into the file, and plain-HTTP endpoints.

Secrets are found on the raw text (so a file that does not parse is still protected, and a key
pasted into a comment is still a leak) by the prefixes providers use for their keys; values under
key-ish names (``api_key``, ``token``, ...) are also flagged when they look random enough. The fix
replaces the secret with a reference to the environment variable the provider expects.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity, TextEdit
from modelforge_lsp.config.language import credential_variable
from modelforge_lsp.config.syntax import ConfigDocument, Span, provider_entries, string_of
from modelforge_lsp.urls import is_loopback_host, split_url

__all__ = ["check_security"]

_TOKEN_PATTERNS = re.compile(
    r"""(?<![A-Za-z0-9_\-])(
        sk-[A-Za-z0-9_\-]{20,}              # OpenAI, Anthropic (sk-ant-), DeepSeek, ...
      | AIza[0-9A-Za-z_\-]{35}              # Google API keys
      | gh[pousr]_[A-Za-z0-9]{30,}          # GitHub tokens
      | github_pat_[A-Za-z0-9_]{22,}
      | gsk_[A-Za-z0-9]{20,}                # Groq
      | xai-[A-Za-z0-9]{20,}                # xAI
      | hf_[A-Za-z0-9]{30,}                 # Hugging Face
      | xox[abprs]-[A-Za-z0-9\-]{10,}       # Slack
      | AKIA[0-9A-Z]{16}                    # AWS access key id
    )""",
    re.VERBOSE,
)
_SECRET_KEY_NAMES = re.compile(
    r"(api[_-]?key|apikey|token|secret|password|passwd|bearer|access[_-]?key)$", re.IGNORECASE
)
_MIN_SECRET_LENGTH = 16
_MIN_ENTROPY_BITS = 3.5
_QUOTES = "\"'"


def check_security(document: ConfigDocument, catalog: Catalog | None) -> list[Finding]:
    return [*_pasted_secrets(document, catalog), *_plain_http(document)]


def _provider_at_line(document: ConfigDocument, line: int) -> str | None:
    for provider in provider_entries(document):
        if provider.key_span.start.line <= line <= provider.value.span.end.line:
            return provider.key
    return None


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _pasted_secrets(document: ConfigDocument, catalog: Catalog | None) -> list[Finding]:
    spans: list[Span] = []
    for number, line in enumerate(document.lines):
        for match in _TOKEN_PATTERNS.finditer(line):
            spans.append(Span.at(number, match.start(), match.end()))
    flagged = {s.start for s in spans}
    for path, entry in document.walk():
        text = string_of(entry.value)
        if (
            text
            and _SECRET_KEY_NAMES.search(path[-1])
            and len(text) >= _MIN_SECRET_LENGTH
            and not text.startswith("$")
            and _entropy(text) >= _MIN_ENTROPY_BITS
            and entry.value.span.start not in flagged
        ):
            spans.append(entry.value.span)
    return [_secret_finding(document, span, catalog) for span in spans]


def _secret_finding(document: ConfigDocument, span: Span, catalog: Catalog | None) -> Finding:
    provider = _provider_at_line(document, span.start.line)
    variable = credential_variable(provider or "<provider>")
    lines = document.lines
    line = lines[span.start.line] if span.start.line < len(lines) else ""
    before = line[: span.start.character]
    in_comment = "#" in before and not any(q in before for q in _QUOTES)
    message = (
        "this looks like an API key or token: credentials do not belong in a config file; "
        f"revoke it, then set {variable} in your environment"
    )
    if in_comment:
        return finding(span, Severity.WARNING, "MF501", message, fixes=())
    # inside quotes already ("sk-...") -> reference alone; otherwise a quoted reference, which
    # is valid in both YAML and JSON
    inside_quotes = line[span.start.character - 1 : span.start.character] in _QUOTES
    reference = (
        f"${{{variable}}}" if inside_quotes and span.start.character else f'"${{{variable}}}"'
    )
    fix = Fix(
        f"Replace the secret with a reference to ${variable} (set it in your environment)",
        (TextEdit(span, reference),),
        preferred=True,
    )
    return finding(span, Severity.WARNING, "MF501", message, (reference,), fixes=(fix,))


def _plain_http(document: ConfigDocument) -> list[Finding]:
    findings = []
    for provider in provider_entries(document):
        if provider.value.kind != "map":
            continue
        base_url = provider.value.get("base_url")
        url = string_of(base_url.value) if base_url else None
        if base_url is None or url is None:
            continue
        parts = split_url(url)
        if parts is None or parts.scheme != "http" or not parts.hostname:
            continue
        if is_loopback_host(parts.hostname):
            continue
        auth = provider.value.get("auth_strategy")
        keyless = auth is not None and string_of(auth.value) == "none"
        secure = "https" + url[len("http") :]
        findings.append(
            finding(
                base_url.value.span,
                Severity.INFORMATION if keyless else Severity.WARNING,
                "MF502",
                f"'{url}' sends requests{'' if keyless else ' and your API key'} unencrypted; "
                "use https (plain http is only safe to localhost)",
                (secure,),
            )
        )
    return findings
