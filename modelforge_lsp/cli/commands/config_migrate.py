"""``modelforge config migrate``: configs move forward without leaving the runtime behind.

Two migrations, in this order:

* the pre-2.x ``~/.config/model-forge/models.json`` becomes the ``config.json`` 2.x reads
  (``config.files.move_legacy_config``: as ModelForge's own ``config migrate`` does, with a
  backup, never over an existing ``config.json``);
* a ``config.json`` becomes ``config.yaml`` (``config.files.migrate_json``) -- but ModelForge 2.x
  reads only ``config.json``, so a ``config.json`` it reads (or any, where the runtime is
  installed: ``config.files.keep_json_reason``) is kept as it is, with one line saying why, and
  converted only with ``--replace-json`` (or written beside with ``--keep-json``). Otherwise the
  command refuses to make things worse (an existing YAML is only replaced with ``--force``; a
  YAML with errors or warnings the JSON -- its spellings normalised -- did not have is never
  written), writes through the one config writer (``config.files.write.write_config``: atomic,
  ``.bak`` of a replaced file), and keeps the JSON as ``config.json.bak``.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import NoReturn

import click

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.paths import shown_path
from modelforge_lsp.config.checks import Finding, Severity, check
from modelforge_lsp.config.files import (
    LOCAL_DIR,
    ConfigReadError,
    LegacyMove,
    MigrationError,
    MigrationResult,
    free_backup_path,
    global_config_dir,
    installed_runtime,
    keep_json_reason,
    legacy_config_file,
    migrate_json,
    move_legacy_config,
    new_problems,
    read_config_text,
    runtime_user_file,
    write_config,
)
from modelforge_lsp.config.files.runtime_view import LEGACY_NAME
from modelforge_lsp.config.syntax import parse_document
from modelforge_lsp.errors import ConfigEditError, ConfigWriteError

__all__ = ["migrate"]


@click.command("migrate")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Print the YAML and the report; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing config.yaml (backed up first).")
@click.option(
    "--replace-json",
    is_flag=True,
    help="Convert a config.json ModelForge 2.x reads too (it is kept as config.json.bak).",
)
@click.option("--keep-json", is_flag=True, help="Write config.yaml and leave config.json in place.")
@click.pass_obj
def migrate(
    app: AppContext,
    file: Path | None,
    dry_run: bool,
    force: bool,
    replace_json: bool,
    keep_json: bool,
) -> None:
    """Move the legacy models.json to config.json, and a config.json to YAML where that is safe.

    First the pre-2.x ~/.config/model-forge/models.json becomes the config.json ModelForge 2.x
    reads (kept as models.json.bak; an existing config.json is never overwritten). Then FILE --
    default: the nearest .model-forge/config.json, else the user's config.json -- is converted to
    config.yaml beside it: every key and value kept, old llm_type/auth_strategy spellings
    normalised and listed, deprecated models reported, the JSON kept as config.json.bak.

    ModelForge 2.x reads only config.json: one it reads (or any, where model-forge-llm is
    installed) is kept as it is, and the command says why; --replace-json converts it anyway,
    --keep-json writes config.yaml beside it.

    \b
    Examples:
      modelforge config migrate --dry-run
      modelforge config migrate ~/.config/model-forge/models.json
      modelforge config migrate --replace-json .model-forge/config.json
    """
    if keep_json and replace_json:
        _fail("--keep-json and --replace-json contradict each other; pass one", code=2)
    source, pending = _pick_source(file, dry_run=dry_run)
    if source.suffix.lower() != ".json":
        _fail(
            f"{shown_path(source)} is not a .json config; only 2.x JSON configs need migrating",
            code=2,
        )
    reason = keep_json_reason(source, Path.home(), installed_runtime())
    keep_mode = reason is not None and not (replace_json or keep_json)
    target = source.with_suffix(".yaml")
    existing = next((p for p in (target, source.with_suffix(".yml")) if p.exists()), None)
    if existing is not None and not force and not dry_run and not keep_mode:
        shown = shown_path(existing)
        _fail(f"{shown} already exists; pass --force to replace it (it is backed up first)")
    unwritten = pending is not None and pending.state == "would_move" and source == pending.target
    text = pending.text if unwritten and pending is not None else _read(source)
    catalog = app.catalog()
    try:
        result = migrate_json(text, catalog=catalog, source_name=source.name)
    except MigrationError as error:
        _fail(f"cannot migrate {shown_path(source)}: {error}")
    if keep_mode:
        assert reason is not None
        _kept(source, reason, result)
        return
    after = _no_new_problems(result, target, catalog)
    if dry_run:
        click.echo(result.yaml_text, nl=False)
        _report(result, err=True)
        keep = "leave the JSON in place" if keep_json else "keep the JSON as a .bak"
        click.echo(
            f"Dry run: nothing written (would write {shown_path(target)} and {keep})", err=True
        )
        return
    _write(source, target, existing, result, keep_json=keep_json)
    if reason is not None:
        _runtime_note(source, target, reason, kept=keep_json)
    _report(result, err=False)
    remaining = sum(1 for f in after if f.severity <= Severity.WARNING)
    if remaining:
        click.echo(
            f"Checked: no new problems; {remaining} error(s)/warning(s) came over from the JSON "
            f"(see `modelforge config validate {shown_path(target)}`)"
        )
    else:
        click.echo("Checked: the YAML has no errors or warnings")


def _pick_source(file: Path | None, *, dry_run: bool) -> tuple[Path, LegacyMove | None]:
    """The JSON to convert, after the legacy step (run unless FILE names another file)."""
    if file is not None and file.name != LEGACY_NAME:
        return file, None
    pending = _legacy(file or legacy_config_file(Path.home()), dry_run=dry_run, given=file)
    if file is not None and pending is not None:
        return pending.target, pending
    return _default_source(pending), pending


def _no_new_problems(
    result: MigrationResult, target: Path, catalog: Catalog | None
) -> list[Finding]:
    """The YAML's findings, after refusing (exit 1) a YAML with problems the JSON -- with the
    listed normalisations made -- does not have."""
    after = check(parse_document(result.yaml_text), catalog)
    worse = new_problems(check(parse_document(result.normalised_json), catalog), after)
    if worse:
        for item in worse:
            line = item.span.start.line + 1
            click.echo(
                f"  {shown_path(target)}:{line}: {item.severity.label} {item.code} {item.message}"
            )
        _fail(f"not migrated: the YAML would have {len(worse)} problem(s) the JSON does not")
    return after


def _legacy(path: Path, *, dry_run: bool, given: Path | None) -> LegacyMove | None:
    """The legacy step: ``None`` when there is no ``models.json`` (and none was named)."""
    if given is None and not path.is_file():
        return None
    try:
        moved = move_legacy_config(path, dry_run=dry_run)
    except ConfigReadError as error:
        _fail(str(error), code=2)
    except MigrationError as error:
        _fail(f"cannot migrate {shown_path(path)}: {error}")
    except OSError as error:
        _fail(
            f"cannot write {shown_path(path.with_name('config.json'))}: "
            f"{error.strerror or error}; {shown_path(path)} is unchanged"
        )
    old, new = shown_path(moved.source), shown_path(moved.target)
    if moved.state == "target_exists":
        message = (
            f"Left the legacy {old} alone: {new} exists and is what ModelForge 2.x reads "
            "(merge the two by hand if the old one holds more)"
        )
        if given is not None:
            _fail(message)
        click.echo(message)
    elif moved.state == "would_move":
        click.echo(f"Dry run: would move the legacy {old} to {new} (keeping it as .bak)")
    else:
        assert moved.backup is not None
        click.echo(
            f"Moved the legacy {old} to {new}, as ModelForge 2.x's own `config migrate` does; "
            f"kept the old file as {shown_path(moved.backup)}"
        )
    return moved


def _kept(source: Path, reason: str, result: MigrationResult) -> None:
    """A config.json the runtime needs: kept, one line why, and what the flags would do."""
    shown = shown_path(source)
    click.echo(f"Kept {shown} as it is: {reason}")
    click.echo(
        "  not converted (a config.yaml beside it would be ignored by the runtime); "
        "--replace-json converts it anyway (the JSON kept as .bak), --keep-json writes "
        "config.yaml beside it"
    )
    if result.changes:
        first = result.changes[0].describe()
        more = f" and {len(result.changes) - 1} more" if len(result.changes) > 1 else ""
        click.echo(
            f"  {len(result.changes)} value(s) use spellings the runtime refuses ({first}{more}); "
            f"`modelforge config validate {shown}` shows each with its fix"
        )


def _runtime_note(source: Path, target: Path, reason: str, *, kept: bool) -> None:
    """What the flag that overrode ``keep_json_reason`` means for the runtime, one line."""
    if kept:
        message = (
            f"--keep-json: {reason}; it keeps reading {shown_path(source)}, while `modelforge "
            f"config` commands now edit {target.name}: keep the two in step, or remove one"
        )
    else:
        message = (
            f"--replace-json: {reason}; it now finds no {source.name} there (rename the .bak "
            "back to undo)"
        )
    click.echo(f"warning: {message}", err=True)


def _default_source(pending: LegacyMove | None) -> Path:
    """The nearest ``.model-forge/config.json`` upwards, else the user's ``config.json`` (ours,
    then the runtime's) -- even where a YAML beside it takes precedence (the conflict is then
    reported, not skipped); else the one a dry run of the legacy step would have made."""
    here = Path.cwd().resolve()
    candidates = [d / LOCAL_DIR / "config.json" for d in (here, *here.parents)]
    user = (global_config_dir() / "config.json", runtime_user_file(Path.home()))
    for candidate in (*candidates, *user):
        if candidate.is_file():
            return candidate
    if pending is not None and pending.state == "would_move":
        return pending.target
    _fail(
        "no config.json to migrate (looked for .model-forge/config.json from here upwards, in "
        "the user config dir, and for the legacy ~/.config/model-forge/models.json); pass FILE",
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
        # a private (e.g. 0600) JSON never becomes a world-readable YAML, not for an instant
        private = stat.S_IMODE(source.stat().st_mode)
        written = write_config(target, result.yaml_text, expected=before, max_mode=private)
    except (ConfigEditError, ConfigWriteError) as error:
        _fail(f"{error}; {shown_path(source)} is unchanged")
    except (OSError, ConfigReadError) as error:
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
    backup = free_backup_path(source)
    try:
        os.replace(source, backup)
    except OSError as error:
        _fail(
            f"wrote {shown_path(target)}, but could not rename {shown_path(source)} to "
            f"{shown_path(backup)}: {error.strerror or error}; remove or rename it yourself"
        )
    click.echo(f"Kept the JSON as {shown_path(backup)}")


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
