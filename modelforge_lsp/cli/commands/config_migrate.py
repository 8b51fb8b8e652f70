"""``modelforge config migrate``: a ModelForge 2.x ``config.json`` becomes ``config.yaml``.

The conversion and its report are ``config.files.migrate_json``; this command picks the file,
refuses to make things worse (an existing YAML is only replaced with ``--force``; a YAML with
errors or warnings the JSON did not have is never written), writes through the one config writer
(``config.files.write.write_config``: atomic, ``.bak`` of a replaced file), and keeps the JSON as
``config.json.bak`` (``--keep-json`` leaves it in place).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import NoReturn

import click

from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.paths import shown_path
from modelforge_lsp.config.checks import Severity, check
from modelforge_lsp.config.files import (
    LOCAL_DIR,
    ConfigReadError,
    MigrationError,
    MigrationResult,
    global_config_dir,
    migrate_json,
    new_problems,
    read_config_text,
    write_config,
)
from modelforge_lsp.config.syntax import parse_document
from modelforge_lsp.errors import ConfigEditError

__all__ = ["migrate"]


@click.command("migrate")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Print the YAML and the report; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing config.yaml (backed up first).")
@click.option("--keep-json", is_flag=True, help="Leave config.json in place (no .bak rename).")
@click.pass_obj
def migrate(
    app: AppContext, file: Path | None, dry_run: bool, force: bool, keep_json: bool
) -> None:
    """Convert a ModelForge 2.x JSON config to YAML beside it.

    FILE defaults to the nearest .model-forge/config.json, else the user's config.json. Every
    key and value is kept, in order; old spellings of llm_type/auth_strategy are normalised and
    listed; deprecated models are reported, not changed. The JSON is kept as config.json.bak.

    \b
    Examples:
      modelforge config migrate --dry-run
      modelforge config migrate ~/.config/model-forge/config.json
    """
    source = file or _default_source()
    if source.suffix.lower() != ".json":
        _fail(
            f"{shown_path(source)} is not a .json config; only 2.x JSON configs need migrating",
            code=2,
        )
    target = source.with_suffix(".yaml")
    existing = next((p for p in (target, source.with_suffix(".yml")) if p.exists()), None)
    if existing is not None and not force and not dry_run:
        shown = shown_path(existing)
        _fail(f"{shown} already exists; pass --force to replace it (it is backed up first)")
    text = _read(source)
    catalog = app.catalog()
    try:
        result = migrate_json(text, catalog=catalog, source_name=source.name)
    except MigrationError as error:
        _fail(f"cannot migrate {shown_path(source)}: {error}")
    before = check(parse_document(text), catalog)
    after = check(parse_document(result.yaml_text), catalog)
    worse = new_problems(before, after)
    if worse:
        for item in worse:
            line = item.span.start.line + 1
            click.echo(
                f"  {shown_path(target)}:{line}: {item.severity.label} {item.code} {item.message}"
            )
        _fail(f"not migrated: the YAML would have {len(worse)} problem(s) the JSON does not")
    if dry_run:
        click.echo(result.yaml_text, nl=False)
        _report(result, err=True)
        keep = "leave the JSON in place" if keep_json else "keep the JSON as a .bak"
        click.echo(
            f"Dry run: nothing written (would write {shown_path(target)} and {keep})", err=True
        )
        return
    _write(source, target, existing, result, keep_json=keep_json)
    _report(result, err=False)
    remaining = sum(1 for f in after if f.severity <= Severity.WARNING)
    if remaining:
        click.echo(
            f"Checked: no new problems; {remaining} error(s)/warning(s) came over from the JSON "
            f"as they were (see `modelforge config validate {shown_path(target)}`)"
        )
    else:
        click.echo("Checked: the YAML has no errors or warnings")


def _default_source() -> Path:
    """The nearest ``.model-forge/config.json`` upwards, else the user's ``config.json`` -- even
    where a YAML beside it takes precedence (the conflict is then reported, not skipped)."""
    here = Path.cwd().resolve()
    candidates = [d / LOCAL_DIR / "config.json" for d in (here, *here.parents)]
    for candidate in (*candidates, global_config_dir() / "config.json"):
        if candidate.is_file():
            return candidate
    _fail(
        "no config.json to migrate (looked for .model-forge/config.json from here upwards and "
        "in the user config dir); pass FILE",
        code=2,
    )


def _read(source: Path) -> str:
    try:
        return read_config_text(source)
    except ConfigReadError as error:
        _fail(str(error), code=2)


def _write(
    source: Path,
    target: Path,
    existing: Path | None,
    result: MigrationResult,
    *,
    keep_json: bool,
) -> None:
    """YAML first (the shared atomic writer), then the JSON out of the way: a failure at any
    point leaves the JSON where it was."""
    try:
        before = read_config_text(target) if existing == target else ""
        written = write_config(target, result.yaml_text, expected=before)
        _no_looser_than(source, target)
    except (OSError, ConfigReadError, ConfigEditError) as error:
        reason = getattr(error, "strerror", None) or error
        _fail(f"cannot write {shown_path(target)}: {reason}; {shown_path(source)} is unchanged")
    if written.backup is not None:
        click.echo(f"Backed up the previous {target.name} to {shown_path(written.backup)}")
    click.echo(f"Migrated {shown_path(source)} -> {shown_path(target)}")
    if existing is not None and existing != target:
        click.echo(f"Note: {shown_path(existing)} is now unused ({target.name} takes precedence)")
    if keep_json:
        click.echo(f"Kept {shown_path(source)} in place ({target.name} takes precedence over it)")
        return
    backup = _free_backup_path(source)
    try:
        os.replace(source, backup)
    except OSError as error:
        _fail(
            f"wrote {shown_path(target)}, but could not rename {shown_path(source)} to "
            f"{shown_path(backup)}: {error.strerror or error}; remove or rename it yourself"
        )
    click.echo(f"Kept the JSON as {shown_path(backup)}")


def _no_looser_than(source: Path, target: Path) -> None:
    """A private (e.g. 0600) JSON must not become a world-readable YAML."""
    private = stat.S_IMODE(source.stat().st_mode)
    current = stat.S_IMODE(target.stat().st_mode)
    if current & ~private:
        target.chmod(current & private)


def _free_backup_path(path: Path) -> Path:
    """``config.json.bak``, else ``.bak.1``, ``.bak.2``...: a backup never overwrites another."""
    candidate = path.with_name(path.name + ".bak")
    number = 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.bak.{number}")
    return candidate


def _report(result: MigrationResult, *, err: bool) -> None:
    if result.changes:
        click.echo(f"Normalised ({len(result.changes)}):", err=err)
        for change in result.changes:
            click.echo(f"  {change.describe()}", err=err)
    if result.warnings:
        click.echo(f"Notes ({len(result.warnings)}):", err=err)
        for note in result.warnings:
            click.echo(f"  {note.describe()}", err=err)
    if not result.changes and not result.warnings:
        click.echo("Nothing to normalise: every key and value was copied as is.", err=err)


def _fail(message: str, *, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
