"""A catalog a hostile mirror could serve: the fixture catalog with attacks planted in it.

Each attack sits in a model or provider the fixture already has, so the CLI and server tests can
ask for it by its usual name and compare with what a clean catalog gives. ``hostile_document``
is the JSON text as the mirror sends it (``NaN`` and ``Infinity`` are literals Python's ``json``
reads, and ``1e999`` reads as infinity).
"""

from __future__ import annotations

import json
from typing import Any

from tests.fake_modelsdev import CATALOG_FILE

__all__ = [
    "ESCAPES",
    "HOSTILE_FAMILY",
    "HOSTILE_NAME",
    "HOSTILE_PROVIDER_NAME",
    "SHADY_DOC",
    "hostile_catalog",
    "hostile_document",
    "is_strict_json",
]

ESCAPES = ("\x1b]0;", "\x1b]8;", "\x1b[2J", "\x1b[3J", "\x07", "\x9b")
"""Sequences no catalog string may bring to a terminal: window title, hyperlink, clear screen,
bell, and the C1 control sequence introducer."""

HOSTILE_NAME = (
    "GPT-4o [link=file:///etc/passwd]click[/link] [bold red]loud[/] :warning: :cross_mark:"
    "\x1b]0;pwned-title\x07\x1b[2J\x1b]8;;file:///etc/shadow\x1b\\here\x1b]8;;\x1b\\"
    ' <img src=x onerror="alert(1)"><script>alert(2)</script> [docs](command:evil.run)'
    " https://evil.example/ www.evil.example\u202egnp.exe"
)
"""openai/gpt-4o's name: Rich markup, OSC/CSI escapes, HTML, a command link, autolinks, bidi."""
HOSTILE_FAMILY = "gpt`` [x](command:evil.family) <b>bold</b> ``"
"""openai/gpt-4o's family, shown in a code span: backticks try to break out of it."""
HOSTILE_PROVIDER_NAME = "Open\x1b]0;title\x07AI [link=https://evil.example]x[/link]"
SHADY_DOC = "command:workbench.action.terminal.new"
"""anthropic's docs URL: a VS Code command, which must never become a link."""


def hostile_catalog() -> dict[str, Any]:
    """The fixture catalog with the attacks in place (as decoded data)."""
    data: dict[str, Any] = json.loads(CATALOG_FILE.read_text())
    openai = data["openai"]
    openai["name"] = HOSTILE_PROVIDER_NAME
    gpt_4o = openai["models"]["gpt-4o"]
    gpt_4o["name"] = HOSTILE_NAME
    gpt_4o["family"] = HOSTILE_FAMILY
    gpt_4o["modalities"]["input"] = ["text", "<img src=y onerror=alert(3)>"]
    gpt_4o["knowledge"] = "2023-10\x1b[2J"
    mini = openai["models"]["gpt-4o-mini"]
    mini["cost"] = {"input": float("nan"), "output": float("inf"), "cache_read": -1.5}
    openai["models"]["gpt-4.1"]["limit"] = {"context": float("inf"), "output": -5}
    openai["models"]["gpt-4.1-mini"]["cost"] = {"input": -3, "output": 0.5}
    openai["models"]["gpt-3.5-turbo"]["cost"] = {"input": 1e308, "output": 1.5}
    openai["models"]["evil\x1b[2J"] = {"id": "evil", "name": "evil"}
    data["anthropic"]["doc"] = SHADY_DOC
    data["groq"]["api"] = "https://api.groq.example/v1\n  auth_data: {api_key: stolen}"
    return data


def hostile_document() -> bytes:
    """The hostile catalog as a mirror sends it (with ``NaN``/``Infinity`` literals)."""
    return json.dumps(hostile_catalog()).encode()


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def is_strict_json(text: str) -> bool:
    """Whether ``text`` is JSON as RFC 8259 has it (no ``NaN``, ``Infinity``)."""
    try:
        json.loads(text, parse_constant=_refuse_constant)
    except ValueError:
        return False
    return True
