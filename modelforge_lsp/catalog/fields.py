"""Reading one field of a catalog entry: the type checks and the figures (prices, limits).

models.dev's entries are untrusted JSON. Every field ``catalog.models`` uses is read here: a
value of the wrong type raises ``FieldError`` (the parser then skips that model or provider, with
the reason), display strings are cleaned (``sanitize.clean_text``), and a figure that is not a
finite, non-negative, plausible number is dropped alone (``sanitize.figure``) with the reason
appended to ``dropped`` -- the model keeps its other figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from modelforge_lsp.catalog.sanitize import clean_text, figure

__all__ = [
    "FieldError",
    "figures",
    "is_bool",
    "is_number",
    "is_str",
    "section",
    "str_tuple",
    "text",
    "typed",
]


class FieldError(Exception):
    """This entry has a field of the wrong type (the message names it): the entry is skipped."""


def typed(
    raw: Mapping[str, Any], key: str, check: Callable[[Any], bool], what: str, section: str = ""
) -> Any:
    value = raw.get(key)
    if value is None:
        return None
    if not check(value):
        raise FieldError(f"field '{section}{key}' should be {what}, got {type(value).__name__}")
    return value


def text(raw: Mapping[str, Any], key: str) -> str | None:
    """A display string, stripped of control characters (``sanitize.clean_text``)."""
    return None if (value := typed(raw, key, is_str, "a string")) is None else clean_text(value)


def is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def is_str(v: Any) -> bool:
    return isinstance(v, str)


def str_tuple(raw: Mapping[str, Any], key: str, section: str = "") -> tuple[str, ...] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise FieldError(f"field '{section}{key}' should be a list of strings")
    return tuple(clean_text(x) for x in value)


def section(raw: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FieldError(f"field {key!r} should be an object, got {type(value).__name__}")
    return value


def figures(
    raw: Mapping[str, Any], section_name: str, names: tuple[str, ...], dropped: list[str]
) -> dict[str, Any] | None:
    """The section's figures; one that is not finite and non-negative is left out and its reason
    appended to ``dropped`` (a wrong type still skips the model, as for every field)."""
    values_of = section(raw, section_name)
    if values_of is None:
        return None
    integer = section_name == "limit"
    values: dict[str, Any] = {}
    for name in names:
        value = typed(values_of, name, is_number, "a number", f"{section_name}.")
        if integer and isinstance(value, float) and math.isfinite(value) and value % 1:
            raise FieldError(f"field 'limit.{name}' should be an integer, got {value!r}")
        values[name], why = (None, None) if value is None else figure(value, integer=integer)
        if why is not None:
            dropped.append(f"field '{section_name}.{name}' {why}; the figure was dropped")
    return values
