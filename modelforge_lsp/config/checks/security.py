"""MF5xx: credentials in the file, and plain-HTTP endpoints.

Secrets are found on the raw text (so a file that does not parse is still protected, and a key
pasted into a comment is still a leak) by the prefixes providers use for their keys; values under
key-ish names (``api_key``, ``token``, ...) are also flagged when they look random enough. Each
secret is one finding, however many of those rules see it. The runtime stores keys and tokens in
``auth_data`` itself (``modelforge auth login``); it reads ``MODELFORGE_<KEY>_API_KEY`` (or
``_ACCESS_TOKEN``) first, so the fix removes the stored credentials and names that variable --
never a ``$VAR`` in the file, which the runtime would send as those characters.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, Severity
from modelforge_lsp.config.checks.removal import remove_entry
from modelforge_lsp.config.language import credential_variable, needs_credentials
from modelforge_lsp.config.syntax import (
    LINE_BREAK,
    ConfigDocument,
    Entry,
    Span,
    field,
    provider_entries,
    string_of,
)
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
_TOKEN_PREFIXES = ("sk-", "AIza", "gh", "github_pat_", "gsk_", "xai-", "hf_", "xox", "AKIA")
"""What each of ``_TOKEN_PATTERNS`` starts with (``gh``: ``ghp_``, ``gho_``, ...)."""
_SECRET_KEY_NAMES = re.compile(
    r"(api[_-]?key|apikey|token|secret|password|passwd|bearer|access[_-]?key)$", re.IGNORECASE
)
_TOKEN_NAMES = frozenset({"access_token", "refresh_token"})
_MIN_SECRET_LENGTH = 16
_MIN_ENTROPY_BITS = 3.5
_QUOTES = "\"'"


def check_security(document: ConfigDocument, catalog: Catalog | None) -> list[Finding]:
    return [*_secrets(document), *_plain_http(document)]


@dataclass(frozen=True, slots=True)
class _Secret:
    span: Span
    path: tuple[str, ...] | None
    """The entry whose value holds the secret; ``None`` for one in a comment or free text."""
    whole: bool
    """The secret is the entry's whole value (so removing the entry removes it)."""


def _secrets(document: ConfigDocument) -> list[Finding]:
    scalars = [
        (path, entry)
        for path, entry in document.walk()
        if entry.value.kind == "scalar" and entry.value.span.start.line == entry.value.span.end.line
    ]
    found: dict[object, _Secret] = {}
    starts: list[int] = []
    for match in _token_matches(document.text):
        if not starts:
            starts = [0, *(line.end() for line in LINE_BREAK.finditer(document.text))]
        number = bisect_right(starts, match.start()) - 1
        span = Span.at(number, match.start() - starts[number], match.end() - starts[number])
        owner = next(((p, e) for p, e in scalars if _inside(span, e.value.span)), None)
        if owner is None:
            found.setdefault(span, _Secret(span, None, False))
        else:
            path, entry = owner
            whole = string_of(entry.value) == match.group(0)
            found.setdefault(path, _Secret(span, path, whole))
    for path, entry in scalars:
        text = string_of(entry.value)
        if (
            path not in found
            and text
            and _SECRET_KEY_NAMES.search(path[-1])
            and len(text) >= _MIN_SECRET_LENGTH
            and not text.startswith("$")
            and _entropy(text) >= _MIN_ENTROPY_BITS
        ):
            found[path] = _Secret(entry.value.span, path, True)
    secrets = sorted(found.values(), key=lambda secret: secret.span.start)
    return [_secret_finding(document, secret) for secret in secrets]


def _token_matches(text: str) -> Iterator[re.Match[str]]:
    """``_TOKEN_PATTERNS.finditer(text)``, tried only where one of the keys' prefixes is.

    Each pattern starts with one of ``_TOKEN_PREFIXES``, and ``str.find`` skips to those in C;
    the regex tried at every character took 6 ms of a 5,000-model config's check. No pattern
    crosses a line break, so the whole text is scanned at once.
    """
    starts: set[int] = set()
    for prefix in _TOKEN_PREFIXES:
        at = text.find(prefix)
        while at >= 0:
            starts.add(at)
            at = text.find(prefix, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (match := _TOKEN_PATTERNS.match(text, at)) is not None:
            end = match.end()
            yield match


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _secret_finding(document: ConfigDocument, secret: _Secret) -> Finding:
    provider = _provider_of(document, secret)
    strategy = _strategy(provider)
    if secret.path is not None and secret.path[-1] in _TOKEN_NAMES:
        strategy = "device_flow"
    variable = credential_variable(provider.key if provider else "<PROVIDER>", strategy)
    stored = secret.path is not None and len(secret.path) == 4 and secret.path[2] == "auth_data"
    what = "a stored credential" if stored else "this looks like an API key or token"
    message = (
        f"{what}: credentials do not belong in a config file; revoke it, then set {variable} "
        "in your environment (ModelForge reads it before anything in the file)"
    )
    return finding(
        secret.span, Severity.WARNING, "MF501", message, fixes=_removal(document, secret, variable)
    )


def _provider_of(document: ConfigDocument, secret: _Secret) -> Entry | None:
    if secret.path is not None:
        if len(secret.path) >= 2 and secret.path[0] == "providers":
            return document.entry_at(secret.path[:2])
        return None
    line = secret.span.start.line
    return next(
        (
            p
            for p in provider_entries(document)
            if p.key_span.start.line <= line <= p.value.span.end.line
        ),
        None,
    )


def _strategy(provider: Entry | None) -> str | None:
    entry = field(provider, "auth_strategy")
    return string_of(entry.value) if entry is not None else None


def _removal(document: ConfigDocument, secret: _Secret, variable: str) -> tuple[Fix, ...]:
    """Remove the stored login (all of ``auth_data``: a half-removed login is worse than none)
    or the entry holding the secret; nothing when the secret is inside other text."""
    if secret.path is None:
        return ()
    stored = len(secret.path) == 4 and secret.path[2] == "auth_data"
    if not (secret.whole or stored):  # inside other text: removing the entry loses that text
        return ()
    path = secret.path[:3] if stored else secret.path
    edit = remove_entry(document, path)
    if edit is None:
        return ()
    what = "the stored credentials (auth_data)" if stored else f"'{path[-1]}'"
    return (Fix(f"Remove {what}; set {variable} instead", (edit,), preferred=True),)


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
        llm_type = provider.value.get("llm_type")
        keyless = llm_type is not None and not needs_credentials(string_of(llm_type.value))
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
