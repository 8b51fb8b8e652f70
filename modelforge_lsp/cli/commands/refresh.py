"""``modelforge refresh-cache``: fetch models.dev now, with progress, and say what changed."""

from __future__ import annotations

import json
import sys

import click
from rich.text import Text

from modelforge_lsp.catalog import (
    Catalog,
    CatalogDiff,
    ModelInfo,
    RefreshOutcome,
    diff_catalogs,
    format_age,
)
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.failure import code_of
from modelforge_lsp.cli.render import model_ref
from modelforge_lsp.urls import redact_url

_SHOWN = 5
"""Models listed per kind of change; the rest are counted."""
_SKIPPED_SHOWN = 10
"""Entries and figures the parser left out, listed with their reasons; the rest are counted."""


@click.command("refresh-cache", short_help="Fetch models.dev now and say what changed.")
@click.option("--force", is_flag=True, help="Fetch even if the cached copy is still fresh.")
@click.option(
    "--accept-shrink",
    is_flag=True,
    help="Store the fetched catalog even if it lost over half of the cached models.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome and changes as JSON.")
@click.pass_obj
def refresh_cache(app: AppContext, force: bool, accept_shrink: bool, as_json: bool) -> None:
    """Fetch the models.dev catalog now, store it in the disk cache, and say what changed.

    The changes (models added, removed, newly deprecated) are counted against the copy in use
    before the fetch: the disk cache, or the bundled snapshot when there was none. A catalog
    with less than half of the cached copy's models is held back (exit 1, the cache kept) unless
    --accept-shrink is given.

    \b
    Examples:
      modelforge refresh-cache --force
      modelforge refresh-cache --json | jq '.changes.deprecated'
    """
    source = app.source()
    previous = source.load()
    outcome = _fetch(app, force, accept_shrink)
    changes = None
    if outcome.status == "updated" and outcome.catalog is not None:
        changes = diff_catalogs(previous, outcome.catalog)
    if as_json:
        click.echo(json.dumps(_document(outcome, previous, changes), indent=2))
    if outcome.error is not None:
        app.err.print(Text.assemble(("error:", "red"), f" {outcome.error}"), soft_wrap=True)
        app.err.print(f"still using: {source.load().provenance.describe()}")
        sys.exit(1)
    if as_json:
        return
    assert outcome.catalog is not None
    catalog = outcome.catalog
    counts = f"{len(catalog.providers)} providers, {catalog.model_count} models"
    if outcome.status == "updated":
        app.out.print(
            f"Updated the catalog from {catalog.provenance.detail}: {counts} "
            f"({outcome.elapsed:.1f}s).",
            soft_wrap=True,
        )
        if changes is not None:
            _print_changes(app, changes, previous, catalog)
        _print_skipped(app, outcome)
    elif outcome.status == "not_modified":
        app.out.print(f"The catalog is unchanged on the server; cache revalidated ({counts}).")
    else:
        age = catalog.provenance.age()
        app.out.print(
            f"The cached catalog is fresh ({format_age(age) if age else 'new'} old, {counts}); "
            "use --force to fetch anyway."
        )


def _fetch(app: AppContext, force: bool, accept_shrink: bool) -> RefreshOutcome:
    """``source.refresh`` with a download bar on a terminal (rich.progress loads only here)."""
    from rich.progress import (  # noqa: PLC0415 -- keeps start-up of other commands lean
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    progress = Progress(
        TextColumn("fetching models.dev"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=app.err,
        transient=True,
        disable=not app.err.is_terminal,
    )
    with progress:
        task = progress.add_task("fetch", total=None)
        return app.source().refresh(
            force=force,
            accept_shrink=accept_shrink,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )


def _print_changes(app: AppContext, changes: CatalogDiff, previous: Catalog, new: Catalog) -> None:
    if changes.is_empty:
        app.out.print("No models added, removed or deprecated since the previous copy.")
    else:
        app.out.print(
            f"Changes since the previous copy: {len(changes.added)} added, "
            f"{len(changes.removed)} removed, {len(changes.deprecated)} newly deprecated."
        )
    app.out.print(f"  {'previous':<11}{previous.provenance.describe()}", soft_wrap=True)
    for label, models in (
        ("added", changes.added),
        ("removed", changes.removed),
        ("deprecated", changes.deprecated),
    ):
        if not models:
            continue
        names = [_describe(m, new, label) for m in models[:_SHOWN]]
        more = len(models) - _SHOWN
        tail = f", and {more} more" if more > 0 else ""
        app.out.print(f"  {label:<11}{', '.join(names)}{tail}", soft_wrap=True)


def _print_skipped(app: AppContext, outcome: RefreshOutcome) -> None:
    """What the parser left out (malformed entries, bad figures): the catalog served them."""
    if not outcome.skipped:
        return
    app.out.print(f"Left out as malformed ({len(outcome.skipped)}):")
    for entry in outcome.skipped[:_SKIPPED_SHOWN]:
        app.out.print(f"  {entry.path}: {entry.reason}", soft_wrap=True)
    if len(outcome.skipped) > _SKIPPED_SHOWN:
        more = len(outcome.skipped) - _SKIPPED_SHOWN
        app.out.print(f"  and {more} more (--json lists them all)")


def _describe(model: ModelInfo, catalog: Catalog, label: str) -> str:
    if label != "deprecated":
        return model_ref(model)
    successor = catalog.successor(model)
    return model_ref(model) + ("" if successor is None else f" (successor: {successor.id})")


def _change(model: ModelInfo, successors: Catalog | None = None) -> dict[str, object]:
    """A changed model for ``--json``; deprecated ones also name their successor (or null)."""
    record: dict[str, object] = {
        "provider": model.provider_id,
        "model": model.id,
        "name": model.name,
    }
    if successors is not None:
        successor = successors.successor(model)
        record["successor"] = None if successor is None else successor.id
    return record


def _document(
    outcome: RefreshOutcome, previous: Catalog, changes: CatalogDiff | None
) -> dict[str, object]:
    catalog = outcome.catalog
    document: dict[str, object] = {
        "status": outcome.status,
        "error": None
        if outcome.error is None
        else {"code": code_of(outcome.error), "message": str(outcome.error)},
        "held_back": outcome.held_back,
        "skipped": [{"path": entry.path, "reason": entry.reason} for entry in outcome.skipped],
        "elapsed_seconds": round(outcome.elapsed, 3),
        "source_url": (
            None if outcome.metadata is None else redact_url(outcome.metadata.source_url)
        ),
        "providers": None if catalog is None else len(catalog.providers),
        "models": None if catalog is None else catalog.model_count,
        "previous": {
            "origin": previous.provenance.origin,
            "description": previous.provenance.describe(),
            "models": previous.model_count,
        },
        "changes": None,
    }
    if changes is not None and catalog is not None:
        document["changes"] = {
            "added": [_change(m) for m in changes.added],
            "removed": [_change(m) for m in changes.removed],
            "deprecated": [_change(m, catalog) for m in changes.deprecated],
        }
    return document
