"""Plain scalars resolved as ruamel's resolver does, and scalars read as values.

A plain scalar's tag (``tag:yaml.org,2002:int`` ...) comes from ruamel's implicit resolvers for
the document's YAML version (1.2 unless a ``%YAML`` directive says otherwise), tried in ruamel's
order; ``scalar_value`` then reads the text by its tag, YAML 1.2 core types, anything else a
``str``. So a value reads the same here as in the runtime's YAML loader.
"""

from __future__ import annotations

import math
import re
from functools import cache

from ruamel.yaml.resolver import implicit_resolvers

from modelforge_lsp.config.syntax.tree import ScalarStyle

__all__ = ["STR_TAG", "STYLES", "ImplicitTags", "scalar_value"]

_CORE = "tag:yaml.org,2002:"
STR_TAG = _CORE + "str"
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
STYLES: dict[str | None, ScalarStyle] = {
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}
"""ruamel's style character -> ours (a plain scalar has none)."""


class ImplicitTags:
    """Plain scalar text -> its tag, for one document's YAML version (remembered per text)."""

    __slots__ = ("_known", "_resolvers")

    def __init__(self, version: tuple[int, ...]) -> None:
        self._resolvers = _resolvers(version)
        self._known: dict[str, str] = {}

    def of(self, text: str) -> str:
        tag = self._known.get(text)
        if tag is None:
            tag = STR_TAG
            for candidate, pattern in self._resolvers.get(text[:1], ()):
                if pattern.match(text):
                    tag = candidate
                    break
            self._known[text] = tag
        return tag


@cache
def _resolvers(version: tuple[int, ...]) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """ruamel's implicit resolvers for a YAML version: first character -> (tag, pattern), in
    ruamel's order (every resolver names its first characters)."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for versions, tag, pattern, firsts in implicit_resolvers:
        if version in versions:
            for first in firsts:
                compiled = re.compile(pattern.pattern, pattern.flags)  # not ruamel's lazy proxy
                table.setdefault(first, []).append((tag, compiled))
    return table


def scalar_value(tag: str, text: str) -> str | int | float | bool | None:
    """A scalar's value by its (resolved or explicit) tag; YAML 1.2 core, anything else a str."""
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    elif tag == _CORE + "int":
        number = _to_int(text)
        if number is not None:
            return number
    elif tag == _CORE + "float":
        real = _to_float(text)
        if real is not None:
            return real
    return text


def _to_int(text: str) -> int | None:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2].lower(), 10)
    if base != 10:
        digits = digits[2:]
    try:
        return sign * int(digits, base)
    except ValueError:  # not a number after all, or too many digits for int()
        return None


def _to_float(text: str) -> float | None:
    lowered = text.replace("_", "").lower()
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    if lowered in special:
        return special[lowered]
    try:
        return float(lowered)
    except ValueError:
        return None
