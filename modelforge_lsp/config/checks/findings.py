"""What the checks report: ``Finding``s with stable codes, and the ``Fix``es that mend them.

Findings know nothing of LSP (the server converts them in ``server/convert.py``); positions are
0-based lines and code-point columns, as in ``config.syntax.parse``. Codes are stable and documented
in ``docs/diagnostics.md`` -- editors and CI configs refer to them, so never renumber one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from modelforge_lsp.config.syntax import Span

MAX_MESSAGE = 1_000
"""Characters of a finding's message at most (a longer one ends with an ellipsis)."""

__all__ = [
    "DOCS_URL",
    "PROJECT_URL",
    "Finding",
    "Fix",
    "RelatedInfo",
    "Severity",
    "Tag",
    "TextEdit",
    "docs_url",
]

PROJECT_URL = "https://github.com/modelforge/modelforge-lsp"
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/diagnostics.md"
"""Every code has a section on this page (``#mf302``); editors and SARIF link to it."""


def docs_url(code: str) -> str:
    """The documentation link of one code, e.g. ``…/diagnostics.md#mf302``."""
    return f"{DOCS_URL}#{code.lower()}"


class Severity(enum.IntEnum):
    """Ordered like LSP's ``DiagnosticSeverity`` (1 = most severe)."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class Tag(enum.Enum):
    DEPRECATED = "deprecated"
    UNNECESSARY = "unnecessary"


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``span`` with ``new_text`` (an empty span inserts)."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """One quick fix: a title for the menu and the edits that make it."""

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


@dataclass(frozen=True, slots=True)
class RelatedInfo:
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at ``span``: code like ``MF301``, message, and what would fix it."""

    span: Span
    severity: Severity
    code: str
    message: str
    suggestions: tuple[str, ...] = ()
    """Replacement texts for ``span``, best first (did-you-mean, successor model, ...)."""
    fixes: tuple[Fix, ...] = ()
    related: tuple[RelatedInfo, ...] = ()
    tags: frozenset[Tag] = frozenset()

    def __post_init__(self) -> None:
        # A message quotes what the file says, and a hostile file says a megabyte in one name:
        # every message is cut here, once, so no diagnostic or report line carries it whole.
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE - 1] + "\u2026")
