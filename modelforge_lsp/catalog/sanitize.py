"""The trust boundary for catalog data: what a mirror sends becomes plain, finite data here.

models.dev (or any mirror a user points us at) is a third party. Its strings reach terminals,
where an ESC or OSC sequence retitles the window, clears the screen or plants a hyperlink, and
editor popups; its figures reach arithmetic and JSON output, where ``NaN`` and ``Infinity`` are not
numbers at all. So every value is made harmless once, when the catalog is parsed
(``catalog.models`` calls the functions below), and every later reader can trust the shapes:

* ``clean_text``: display strings lose control characters (C0, DEL, C1), Unicode line and
  paragraph separators and bidirectional overrides (which make a name read differently than it
  is); tabs and newlines become spaces. What remains is printable text -- still *text*: the
  markdown and Rich layers escape it as data, they never interpret it.
* ``unsafe_identifier``: ids (provider keys, model keys) are what a config file must spell
  exactly, so they are not rewritten (two keys could collide); an id holding such a character
  takes its entry out of the catalog, with the reason kept.
* ``figure``: a price or limit that is not a finite, non-negative number, or one past any real
  figure (``MAX_PRICE``, ``MAX_TOKENS``: ``1e308`` is finite, but times a workload it is
  infinity again), is dropped, and the model stays (schema-drift tolerance); the reason is kept.
* ``web_url``: a provider's ``doc`` and ``api`` are written into configs (``base_url``) and shown
  as links, so each must be one ``http(s)://`` URL without whitespace, else it is dropped.
* ``loads_catalog``: JSON text to data, refusing an object that repeats a key (``json`` would
  keep the last one silently, so two readers of the same bytes could disagree on a price);
  ``unique_keys`` is the same refusal as an ``object_pairs_hook`` for a decoder of its own.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from modelforge_lsp.errors import CatalogFormatError

__all__ = [
    "MAX_PRICE",
    "MAX_TOKENS",
    "clean_text",
    "figure",
    "loads_catalog",
    "unique_keys",
    "unsafe_identifier",
    "web_url",
]

MAX_PRICE = 1_000_000.0
"""USD per 1M tokens: no price above this is real (today's dearest is a few hundred)."""
MAX_TOKENS = 10**12
"""Tokens: no context or output limit above this is real (today's largest is about 10M)."""

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Control characters, line/paragraph separators, direction marks, bidi embeddings and
overrides and isolates, and the byte-order mark: none has a place in a name."""
_SPACES = re.compile("[\t\n\r\x0b\x0c\u2028\u2029]+")
_WEB_URL = re.compile(r"https?://[^\s/?#]+\S*\Z", re.IGNORECASE)


def clean_text(value: str) -> str:
    """``value`` without control characters; runs of line breaks and tabs become one space."""
    if not _UNSAFE.search(value):  # the common case costs one scan
        return value
    return _UNSAFE.sub("", _SPACES.sub(" ", value))


def unsafe_identifier(value: str) -> str | None:
    """Why ``value`` cannot be an id (it holds a control character), or None if it can."""
    found = _UNSAFE.search(value)
    if found is None:
        return None
    return f"the id holds the control character U+{ord(found.group()):04X}"


def figure(value: float | int, *, integer: bool) -> tuple[float | int | None, str | None]:
    """``(value, None)`` for a finite, non-negative figure, else ``(None, why)``.

    ``value`` has passed the type check (a JSON number, not a bool). ``integer`` asks for a whole
    number (a token limit); a whole float such as ``128000.0`` counts as one.
    """
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float is no price or limit we can show
        return None, "is too large to be a figure"
    if not math.isfinite(number):
        return None, f"is {value!r}, not a finite number"
    if number < 0:
        return None, f"is {value!r}, a negative figure"
    if number > (MAX_TOKENS if integer else MAX_PRICE):
        return None, f"is {value!r}, larger than any real figure"
    if integer:
        return (int(value), None) if number.is_integer() else (None, f"is {value!r}, not whole")
    return number + 0.0, None  # -0.0 becomes 0.0


def web_url(value: str) -> tuple[str | None, str | None]:
    """``(value, None)`` for one ``http(s)://`` URL with a host and no whitespace (nothing YAML or
    markdown could read as more than a URL), else ``(None, why)``."""
    if _WEB_URL.match(value):
        return value, None
    return None, f"is {value[:80]!r}, not an http(s) URL; it was dropped"


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s ``object_pairs_hook``: the object, or ``CatalogFormatError`` naming the
    first key it repeats (for a decoder that wraps its own errors, e.g. the HTTP client's)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CatalogFormatError(
                f"the catalog repeats the key {clean_text(key)!r} in one JSON object, so its "
                "meaning is ambiguous (readers differ on which copy wins); the data was "
                "refused -- check the catalog URL or the mirror that serves it"
            )
        result[key] = value
    return result


def loads_catalog(data: bytes | str) -> Any:
    """Decode catalog JSON; ``CatalogFormatError`` for a repeated key or text that is not JSON.

    ``NaN`` and ``Infinity`` still decode (as Python's ``json`` does): they are dropped per figure
    by the parser, so one bad price costs one figure, not the catalog.
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, object_pairs_hook=unique_keys)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError too
        raise CatalogFormatError(
            f"the catalog is not UTF-8 JSON ({exc}); the download may have been cut short, or "
            "the URL does not point at models.dev's api.json"
        ) from exc
