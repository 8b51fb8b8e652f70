"""How every command fails: one line on stderr, and with ``--json`` a JSON error on stdout too.

A script that asked for ``--json`` parses stdout; an empty stdout and a line of prose on stderr
leave it guessing. So the entry point (``cli.main``) sends every failure through ``report``:
the one actionable line on stderr as before, and, when the command line asked for JSON
(``--json`` or ``--format json``), ``{"error": {"code": ..., "message": ...}}`` on stdout, with
the exit code unchanged (1 failure, 2 usage, 130 aborted). Commands never print errors
themselves; they raise ``CommandError`` (via ``render.fail``) or let a ``ModelForgeError`` or a
click usage error escape.

``ERROR_CODES`` is the stable vocabulary (documented in docs/cli.md): scripts branch on
``error.code``, never on the message, which may be reworded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import click

from modelforge_lsp.catalog.shrink import CatalogShrinkHeld
from modelforge_lsp.errors import (
    CatalogError,
    CatalogFormatError,
    CatalogHTTPError,
    CatalogNetworkError,
    CatalogUnavailable,
    ConfigEditError,
    ConfigError,
    ConfigReadError,
    ConfigWriteError,
    MigrationError,
    ModelForgeError,
    ModelNotFound,
)
from modelforge_lsp.urls import redact_text

__all__ = [
    "ERROR_CODES",
    "CommandError",
    "code_of",
    "error_document",
    "json_requested",
    "report",
]

ERROR_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "usage": "the command line is wrong: unknown option, bad or conflicting value (exit 2)",
        "not_found": "a provider or model not in the catalog (suggestions in error.suggestions)",
        "no_match": "nothing fits the filters or the budget",
        "refused": "the request is understood but not carried out (the message says why)",
        "declined": "a confirmation was answered no; nothing written",
        "no_terminal": "a question needs a terminal and no flag answered it (exit 2)",
        "catalog_disabled": "the catalog is turned off (MODELFORGE_CATALOG_ENABLED=0)",
        "offline": "the network is off limits (--offline) and the request needs it",
        "network": "models.dev (or the mirror) could not be reached",
        "catalog_http": "the catalog server answered with an unusable HTTP status",
        "catalog_format": "the fetched data is not a models.dev catalog",
        "held_back": "a refresh lost over half of the models; the cache kept its copy",
        "catalog": "any other catalog problem",
        "config_not_found": "no config file where one was looked for (exit 2 for checkers)",
        "config_read": "a config file cannot be read (missing, directory, permission, not UTF-8)",
        "config_edit": "a config change cannot be made safely; the file is untouched",
        "config_write": "the system refused to write a config file",
        "config_migrate": "a 2.x JSON config cannot be migrated",
        "config": "any other config problem",
        "aborted": "interrupted (Ctrl-C); nothing written (exit 130)",
        "internal": "a bug of ours; rerun with -v and report it",
    }
)
"""Every ``error.code`` a command can print, with what it means."""


class CommandError(click.ClickException):
    """A failure a command reports on purpose: ``code`` from ``ERROR_CODES``, the message ready
    to print. Exit code 1 unless given (checkers use 2 for "could not check")."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "refused",
        exit_code: int = 1,
        details: Mapping[str, object] | None = None,
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"undocumented error code {code!r}")
        super().__init__(message)
        self.code = code
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it a ClassVar
        self.details = dict(details or {})


_BY_TYPE: Final[tuple[tuple[type[ModelForgeError], str], ...]] = (
    (ModelNotFound, "not_found"),
    (CatalogShrinkHeld, "held_back"),
    (CatalogUnavailable, "offline"),
    (CatalogNetworkError, "network"),
    (CatalogHTTPError, "catalog_http"),
    (CatalogFormatError, "catalog_format"),
    (CatalogError, "catalog"),
    (ConfigReadError, "config_read"),
    (ConfigEditError, "config_edit"),
    (ConfigWriteError, "config_write"),
    (MigrationError, "config_migrate"),
    (ConfigError, "config"),
)


def code_of(error: BaseException) -> str:
    """The ``ERROR_CODES`` entry for ``error`` (most specific type first)."""
    if isinstance(error, CommandError):
        return error.code
    if isinstance(error, click.exceptions.Abort):
        return "aborted"
    if isinstance(error, click.ClickException):
        return "usage"
    for kind, code in _BY_TYPE:
        if isinstance(error, kind):
            return code
    return "internal"


def error_document(error: BaseException, message: str) -> dict[str, object]:
    """``{"error": {"code", "message", ...}}``; a not-found error adds its suggestions."""
    body: dict[str, object] = {"code": code_of(error), "message": redact_text(message)}
    if isinstance(error, ModelNotFound):
        body |= {"kind": error.kind, "query": error.query, "suggestions": list(error.suggestions)}
    if isinstance(error, CommandError):
        body |= error.details
    return {"error": body}


def json_requested(args: Sequence[str]) -> bool:
    """Whether the command line asked for JSON output: ``--json``, ``--format json`` or
    ``--format=json`` before any ``--``. Read from the words because a usage error happens
    before the command's own options are parsed."""
    words = list(args)
    if "--" in words:
        words = words[: words.index("--")]
    for i, word in enumerate(words):
        if word in {"--json", "--format=json"}:
            return True
        if word in ("--format", "-f") and i + 1 < len(words) and words[i + 1] == "json":
            return True
    return False


def report(error: BaseException, message: str, *, as_json: bool) -> None:
    """The error as JSON on stdout when asked for; the stderr line is the caller's to print
    (click formats usage errors its own way)."""
    if as_json:
        click.echo(json.dumps(error_document(error, message), indent=2))
