"""Plain scalars resolved as ruamel's resolver does, and scalars read as values.

A plain scalar's tag (``tag:yaml.org,2002:int`` ...) comes from ruamel's implicit resolvers (a
copy, ``IMPLICIT_RESOLVERS``) for the document's YAML version (1.2 unless a ``%YAML`` directive
says otherwise), tried in ruamel's order; ``scalar_value`` then reads the text by its tag, YAML
1.2 core types, anything else a ``str``. So a value reads the same here as in the runtime's
YAML loader.
"""

from __future__ import annotations

import math
import re
from functools import cache

from modelforge_lsp.config.syntax.tree import ScalarStyle

__all__ = ["IMPLICIT_RESOLVERS", "STR_TAG", "STYLES", "ImplicitTags", "scalar_value"]

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
_Resolver = tuple[tuple[tuple[int, int], ...], str, tuple[str, ...], int, str]
IMPLICIT_RESOLVERS: tuple[_Resolver, ...] = (
    (
        ((1, 2),),
        "bool",
        tuple("tTfF"),
        re.VERBOSE,
        "^(?:true|True|TRUE|false|False|FALSE)$",
    ),
    (
        ((1, 1),),
        "bool",
        tuple("yYnNtTfFoO"),
        re.VERBOSE,
        "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO\n"
        "        |true|True|TRUE|false|False|FALSE\n"
        "        |on|On|ON|off|Off|OFF)$",
    ),
    (
        ((1, 2),),
        "float",
        tuple("-+0123456789."),
        re.VERBOSE,
        "^(?:\n"
        "         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?\n"
        "        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)\n"
        "        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?\n"
        "        |[-+]?\\.(?:inf|Inf|INF)\n"
        "        |\\.(?:nan|NaN|NAN))$",
    ),
    (
        ((1, 1),),
        "float",
        tuple("-+0123456789."),
        re.VERBOSE,
        "^(?:\n"
        "         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?\n"
        "        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)\n"
        "        |\\.[0-9_]+(?:[eE][-+][0-9]+)?\n"
        "        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*  # sexagesimal float\n"
        "        |[-+]?\\.(?:inf|Inf|INF)\n"
        "        |\\.(?:nan|NaN|NAN))$",
    ),
    (
        ((1, 2),),
        "int",
        tuple("-+0123456789"),
        re.VERBOSE,
        "^(?:[-+]?0b[0-1_]+\n"
        "        |[-+]?0o?[0-7_]+\n"
        "        |[-+]?[0-9_]+\n"
        "        |[-+]?0x[0-9a-fA-F_]+)$",
    ),
    (
        ((1, 1),),
        "int",
        tuple("-+0123456789"),
        re.VERBOSE,
        "^(?:[-+]?0b[0-1_]+\n"
        "        |[-+]?0?[0-7_]+\n"
        "        |[-+]?(?:0|[1-9][0-9_]*)\n"
        "        |[-+]?0x[0-9a-fA-F_]+\n"
        "        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    ),
    (((1, 2), (1, 1)), "merge", ("<",), 0, "^(?:<<)$"),
    (
        ((1, 2), (1, 1)),
        "null",
        (*"~nN", ""),
        re.VERBOSE,
        "^(?: ~\n        |null|Null|NULL\n        | )$",
    ),
    (
        ((1, 2), (1, 1)),
        "timestamp",
        tuple("0123456789"),
        re.VERBOSE,
        "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n"
        "        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?\n"
        "        (?:[Tt]|[ \\t]+)[0-9][0-9]?\n"
        "        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?\n"
        "        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
    ),
    (((1, 2), (1, 1)), "value", ("=",), 0, "^(?:=)$"),
    (((1, 2), (1, 1)), "yaml", tuple("!&*"), 0, "^(?:!|&|\\*)$"),
)
"""ruamel.yaml's implicit resolvers (``ruamel.yaml.resolver.implicit_resolvers``), in its order:
(YAML versions, tag name, first characters, regex flags, pattern). Kept here so that the fast
parse (``fast_block``), which reads most configs, resolves plain scalars without importing
ruamel.yaml (10 ms and 1.6 MB at every server start); ``tests/config/syntax/test_scalars.py``
holds it equal to the installed ruamel's table."""


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
    for versions, name, firsts, flags, pattern in IMPLICIT_RESOLVERS:
        if version in versions:
            compiled = re.compile(pattern, flags)
            for first in firsts:
                table.setdefault(first, []).append((_CORE + name, compiled))
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
