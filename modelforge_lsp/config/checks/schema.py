"""MF2xx: the file's shape against the config language in ``config.language.schema``.

Unknown keys (with did-you-mean), wrong types, enum values, the required ``llm_type``, duplicate
keys, and URLs that are not URLs. Everything here comes from the schema tree, so a key added to
the schema is checked without touching this module.
"""

from __future__ import annotations

import re

from modelforge_lsp.catalog.fuzzy import rapidfuzz
from modelforge_lsp.catalog.suggest import closest, did_you_mean
from modelforge_lsp.config.checks.common import finding
from modelforge_lsp.config.checks.findings import Finding, Fix, RelatedInfo, Severity, Tag, TextEdit
from modelforge_lsp.config.language import ROOT, KeySpec, guess_llm_type
from modelforge_lsp.config.syntax import (
    ConfigDocument,
    Entry,
    Position,
    Span,
    Value,
    provider_entries,
)
from modelforge_lsp.urls import split_url

__all__ = ["check_schema", "closest_enum"]

_KIND_WORDS = {"map": "a mapping", "seq": "a list", "scalar": "a single value"}


def check_schema(document: ConfigDocument) -> list[Finding]:
    findings: list[Finding] = []
    root = document.root
    if root is not None:
        if root.kind != "map":
            findings.append(
                finding(
                    root.span,
                    Severity.ERROR,
                    "MF202",
                    "a config file must be a mapping with keys such as 'providers:'",
                )
            )
        else:
            _check_map(root, ROOT, findings)
            findings.extend(_missing_llm_type(document))
    findings.extend(_duplicates(document))
    return findings


def _check_map(value: Value, spec: KeySpec, findings: list[Finding]) -> None:
    for entry in value.entries:
        child = spec.item if spec.item is not None else spec.children.get(entry.key)
        if child is None and spec.open:
            continue
        if child is None:
            suggestions = tuple(closest(entry.key, spec.children))
            findings.append(
                finding(
                    entry.key_span,
                    Severity.WARNING,
                    "MF201",
                    f"unknown key '{entry.key}'{did_you_mean(suggestions)}",
                    suggestions,
                )
            )
            continue
        _check_value(entry, child, findings)


def _check_value(entry: Entry, spec: KeySpec, findings: list[Finding]) -> None:
    value = entry.value
    if value.is_null or spec.type == "any":
        return  # an empty value is "not set yet", not a type error
    if spec.type == "map":
        if value.kind != "map":
            findings.append(_wrong_kind(entry, "a mapping of keys"))
        else:
            _check_map(value, spec, findings)
        return
    if value.kind != "scalar":
        findings.append(_wrong_kind(entry, "a single value"))
        return
    if spec.type == "boolean":
        if not isinstance(value.scalar, bool):
            findings.append(
                finding(value.span, Severity.ERROR, "MF202", f"'{entry.key}' must be true or false")
            )
        return
    if not isinstance(value.scalar, str):
        findings.append(
            finding(
                value.span,
                Severity.WARNING,
                "MF202",
                f"'{entry.key}' is read as {type(value.scalar).__name__} {value.text!r}; "
                "quote it to make it a string",
                (f'"{value.text}"',),
            )
        )
        return
    if spec.type == "enum" and value.scalar not in spec.enum:
        suggestions = closest_enum(value.scalar, spec.enum)
        choices = ", ".join(spec.enum)
        findings.append(
            finding(
                value.span,
                Severity.ERROR,
                "MF203",
                f"'{value.scalar}' is not a valid {entry.key}{did_you_mean(suggestions)} "
                f"(one of: {choices})",
                suggestions,
            )
        )
    elif spec.type == "url":
        parts = split_url(value.scalar)
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            findings.append(
                finding(
                    value.span,
                    Severity.ERROR,
                    "MF207",
                    f"'{value.scalar}' is not an http(s) URL (e.g. https://api.example.com/v1)",
                )
            )


def _wrong_kind(entry: Entry, expected: str) -> Finding:
    got = _KIND_WORDS.get(entry.value.kind, entry.value.kind)
    return finding(
        entry.value.span, Severity.ERROR, "MF202", f"'{entry.key}' must be {expected}, not {got}"
    )


def _missing_llm_type(document: ConfigDocument) -> list[Finding]:
    findings = []
    for provider in provider_entries(document):
        value = provider.value
        if value.kind == "map" and value.get("llm_type") is not None:
            continue
        if value.kind not in {"map", "scalar"} or (value.kind == "scalar" and not value.is_null):
            continue  # a wrong kind is MF202's business
        guess = guess_llm_type(provider.key)
        findings.append(
            Finding(
                span=provider.key_span,
                severity=Severity.ERROR,
                code="MF204",
                message=f"provider '{provider.key}' needs an llm_type (e.g. llm_type: {guess})",
                suggestions=(guess,),
                fixes=_add_llm_type(document, provider, guess),
            )
        )
    return findings


def _add_llm_type(document: ConfigDocument, provider: Entry, guess: str) -> tuple[Fix, ...]:
    """Insert ``llm_type`` as the provider's first field, matching the file's indentation."""
    value = provider.value
    if value.kind == "map" and value.entries:
        first = value.entries[0].key_span.start
        line = document.lines[first.line] if first.line < len(document.lines) else ""
        if line[: first.character].strip():  # a flow mapping: { ... } on the key's line
            edit = TextEdit(Span(first, first), f"llm_type: {guess}, ")
        else:
            at = Position(first.line, 0)
            edit = TextEdit(Span(at, at), f"{' ' * first.character}llm_type: {guess}\n")
    else:
        indent = provider.key_span.start.character + 2
        end = _line_end(document, provider.key_span.start.line)
        edit = TextEdit(Span(end, end), f"\n{' ' * indent}llm_type: {guess}")
    return (Fix(f"Add 'llm_type: {guess}'", (edit,), preferred=True),)


def _line_end(document: ConfigDocument, line: int) -> Position:
    lines = document.lines
    return Position(line, len(lines[line]) if line < len(lines) else 0)


def _duplicates(document: ConfigDocument) -> list[Finding]:
    return [
        Finding(
            span=dup.duplicate,
            severity=Severity.ERROR,
            code="MF205",
            message=f"duplicate key '{dup.path[-1]}': only the first one is used",
            related=(RelatedInfo(dup.first, "first defined here"),),
            tags=frozenset({Tag.UNNECESSARY}),
        )
        for dup in document.duplicate_keys
    ]


_WORD_BREAK = re.compile(r"[_\-]+")
_ENUM_CUTOFF = 75.0


def closest_enum(word: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """The enum values ``word`` is a misspelling of, best first.

    Enum values are compound (``google_genai``, ``openai_compatible``) and people type the part
    they remember: ``gogle``, ``openai``, ``copilot``. Against the whole value those score too
    low for ``closest``; so, when it finds nothing, each value is also scored by its best part.
    """
    found = closest(word, choices)
    if found or not word.strip():
        return tuple(found)
    fuzz = rapidfuzz().fuzz  # on first use: most checks meet no typo
    query = word.casefold()
    scored = []
    for choice in choices:
        parts = [part for part in _WORD_BREAK.split(choice.casefold()) if part]
        score = max((fuzz.ratio(query, part) for part in parts), default=0.0)
        if score >= _ENUM_CUTOFF:
            scored.append((-score, choice))
    return tuple(choice for _, choice in sorted(scored)[:3])
