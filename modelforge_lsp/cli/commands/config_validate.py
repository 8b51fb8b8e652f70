"""``modelforge config validate``: the language server's checks, for a terminal, a script or CI.

Reads the files (or the discovered configs) with ``config.files.read_config_text``, runs
``config.checks.check`` -- exactly what the server runs, with the same project settings
(``config.files.project``) -- and renders the findings: text for
people with ``cli.validate_report``, JSON and SARIF with ``config.checks.export``. Exit status:
0 clean, 1 when an error or warning was found (any finding with ``--strict``), 2 when a file
cannot be read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from modelforge_lsp import __version__
from modelforge_lsp.catalog import Catalog
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.failure import CommandError
from modelforge_lsp.cli.paths import shown_path
from modelforge_lsp.cli.validate_report import render_text
from modelforge_lsp.config.checks import CheckSettings, check
from modelforge_lsp.config.checks.export import FileReport, fails, render_json, render_sarif
from modelforge_lsp.config.files import (
    ConfigReadError,
    ProjectSettingsCache,
    locate_configs,
    read_config_text,
)
from modelforge_lsp.config.syntax import parse_document

__all__ = ["validate"]


@click.command("validate")
@click.argument(
    "files",
    nargs=-1,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code scanning.",
)
@click.option("--strict", is_flag=True, help="Fail on information and hints too.")
@click.pass_obj
def validate(app: AppContext, files: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Check config FILEs (default: the discovered configs) like the language server does.

    Exits 1 when any error or warning is found, so it works in CI and as a pre-commit hook.
    A project settings file beside the config (.model-forge/modelforge-lsp.yaml: severity
    overrides, custom providers) applies here exactly as it does in the editor.

    \b
    Examples:
      modelforge config validate
      modelforge config validate .model-forge/config.yaml --format sarif > modelforge.sarif
    """
    paths = [(path, str(path)) for path in files] or _discovered()
    texts = [(path, shown, _read(path)) for path, shown in paths]
    catalog = app.catalog()
    projects = _ProjectSettings(catalog)
    reports = []
    for path, shown, text in texts:
        project_catalog, settings = projects.for_config(path)
        document = parse_document(text)
        findings = check(document, project_catalog, settings)
        reports.append(FileReport(shown, document, tuple(findings)))
    if output_format == "json":
        click.echo(render_json(reports), nl=False)
    elif output_format == "sarif":
        click.echo(render_sarif(reports, tool_version=__version__), nl=False)
    else:
        color = _use_color(app)
        rendered = render_text(reports, color=color, unicode=_can_print("✓…"))
        click.echo(_printable(rendered), nl=False, color=color)
    if fails(reports, strict=strict):
        sys.exit(1)


class _ProjectSettings:
    """Each config's project settings, read once however many configs share the file."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._files = ProjectSettingsCache()
        self._seen: dict[Path | None, tuple[Catalog, CheckSettings]] = {}

    def for_config(self, path: Path) -> tuple[Catalog, CheckSettings]:
        """The catalog (with the project's custom providers) and check settings for ``path``."""
        found = self._files.lookup(path.resolve().parent)
        for problem in found.problems:
            click.echo(f"warning: project settings: {problem}", err=True)
        project = found.settings
        if project.source not in self._seen:
            # no catalog (manual mode): no catalog checks, custom providers or not
            checks = project.check_settings(catalog_checks=bool(self._catalog.providers))
            self._seen[project.source] = (project.extend(self._catalog), checks)
        return self._seen[project.source]


def _discovered() -> list[tuple[Path, str]]:
    locations = locate_configs()
    if not locations:
        raise CommandError(
            "no config found (looked for .model-forge/config.yaml from here upwards and "
            "in the user config dir); pass the FILE to check",
            code="config_not_found",
            exit_code=2,
        )
    return [(location.path, shown_path(location.path)) for location in locations]


def _read(path: Path) -> str:
    """The file's text, or its one-line reason and exit 2: a check that cannot read a file
    has not passed it, and 2 tells CI "could not check" apart from "found problems"."""
    try:
        return read_config_text(path)
    except ConfigReadError as error:
        raise CommandError(str(error), code="config_read", exit_code=2) from error


def _use_color(app: AppContext) -> bool:
    """Colour only for a terminal, unless --no-color or NO_COLOR says otherwise."""
    return app.color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _can_print(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _printable(text: str) -> str:
    """``text`` with what stdout's encoding cannot show replaced (a cp1252 pipe, LANG=C)."""
    if _can_print(text):
        return text
    encoding = sys.stdout.encoding or "utf-8"
    try:
        return text.encode(encoding, "replace").decode(encoding)
    except LookupError:
        return text.encode("ascii", "replace").decode("ascii")
