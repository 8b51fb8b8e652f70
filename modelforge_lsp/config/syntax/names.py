"""The names a config file itself defines: provider keys, model aliases, ``current_model``.

Completion and hover need them while the user is typing, when the file often does not parse, so
there are two readers that must agree: the parse tree when there is one, else a light line scan
(block style plus one-line ``{k: v}`` maps). A test holds them to the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from modelforge_lsp.config.language import find_provider_key
from modelforge_lsp.config.syntax.entries import string_of
from modelforge_lsp.config.syntax.tree import LINE_BREAK, ConfigDocument, Entry

__all__ = ["ConfiguredNames", "configured_names"]


@dataclass(frozen=True, slots=True)
class ConfiguredNames:
    """The provider keys and model aliases a file configures: what ``current_model`` names."""

    providers: Mapping[str, Mapping[str, str | None]]
    """Provider key (as written) -> model alias -> its ``api_model_name`` (``None``: none)."""
    current_provider: str | None = None
    """The value of ``current_model.provider``, if written."""

    def provider_key(self, name: str | None) -> str | None:
        """The configured key the reference ``name`` reaches (exactly that spelling)."""
        if name is None:
            return None
        return find_provider_key(self.providers, name)


def configured_names(text: str, document: ConfigDocument | None = None) -> ConfiguredNames:
    """Read from ``document``'s tree when it is the parse of ``text`` and parsed; else scan the
    lines (indentation, ``key: value``, one-line ``{k: v}`` maps), which works mid-typing."""
    if document is not None and document.root is not None and document.text == text:
        for known, names in _recent:
            if known is document:
                return names
        names = _names_from_tree(document)
        _recent.insert(0, (document, names))
        del _recent[2:]  # a big tree each: never keep more than two
        return names
    return _names_from_lines(text)


_recent: list[tuple[ConfigDocument, ConfiguredNames]] = []
"""The names of the last two parsed documents asked about: hover and completion ask on every
request, and reading them walked the whole tree (a 5,000-model config: 6 ms a request)."""


def _names_from_tree(document: ConfigDocument) -> ConfiguredNames:
    providers: dict[str, dict[str, str | None]] = {}
    for provider in _map_entries(document.entry_at(("providers",))):
        aliases: dict[str, str | None] = {}
        models = provider.value.get("models") if provider.value.kind == "map" else None
        for alias in _map_entries(models):
            api_name = alias.value.get("api_model_name") if alias.value.kind == "map" else None
            aliases[alias.key] = string_of(api_name.value) if api_name else None
        providers[provider.key] = aliases
    current = document.entry_at(("current_model", "provider"))
    return ConfiguredNames(providers, string_of(current.value) if current else None)


def _map_entries(entry: Entry | None) -> tuple[Entry, ...]:
    return entry.value.entries if entry is not None and entry.value.kind == "map" else ()


_INDENT = re.compile(r"[ \t]*(?:-(?:[ \t]+|$))*")
_KEY = re.compile(
    r"""(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^']|'')*)'"""
    r"""|(?P<plain>[^\s#'"{}\[\],](?:[^#]*?[^\s#])?))[ \t]*:(?=[ \t]|$)"""
)
_FLOW_PAIR = re.compile(
    r"""(?:^|[{,])[ \t]*([^\s'"{}\[\],:]+|"[^"]*"|'[^']*')[ \t]*:[ \t]+"""
    r"""([^\s'"{}\[\],]+|"[^"]*"|'[^']*')[ \t]*(?=[,}]|$)"""
)


def _names_from_lines(text: str) -> ConfiguredNames:
    entries: dict[tuple[str, ...], dict[str, str | None]] = {}
    stack: list[tuple[int, str]] = []
    for line in LINE_BREAK.split(text):
        indent = _INDENT.match(line).end()  # type: ignore[union-attr]  # always matches
        match = _KEY.match(line, indent)
        if match is None:
            continue
        key = match["plain"] or _unquote(match["double"], match["single"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = tuple(name for _, name in stack)
        value = _scalar(line[match.end() :])
        entries.setdefault(path, {}).setdefault(key, value)
        if value is not None and value.startswith("{"):
            inner = entries.setdefault((*path, key), {})
            for flow_key, flow_value in _FLOW_PAIR.findall(value):
                inner.setdefault(_strip_quotes(flow_key), _strip_quotes(flow_value))
        stack.append((indent, key))
    providers = {
        provider: {
            alias: entries.get(("providers", provider, "models", alias), {}).get("api_model_name")
            for alias in entries.get(("providers", provider, "models"), {})
        }
        for provider in entries.get(("providers",), {})
    }
    return ConfiguredNames(providers, entries.get(("current_model",), {}).get("provider"))


def _scalar(rest: str) -> str | None:
    """A value as written after its ``:``: unquoted, comment dropped; ``None`` when empty."""
    rest = rest.strip(" \t")
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        return rest[1:end] if end > 0 else rest[1:]
    comment = re.search(r"[ \t]#", rest)
    value = (rest[: comment.start()] if comment else rest).rstrip(" \t")
    return value if value and not value.startswith("#") else None


def _unquote(double: str | None, single: str | None) -> str:
    if single is not None:
        return single.replace("''", "'")
    return re.sub(r"\\(.)", r"\1", double or "")


def _strip_quotes(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text
