"""``modelforge refresh-cache``: fetch models.dev now, with progress, and say what happened."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from modelforge_lsp.catalog import format_age
from modelforge_lsp.cli.context import AppContext


@click.command("refresh-cache")
@click.option("--force", is_flag=True, help="Fetch even if the cached copy is still fresh.")
@click.pass_obj
def refresh_cache(app: AppContext, force: bool) -> None:
    """Fetch the models.dev catalog now and store it in the disk cache.

    \b
    Example:
      modelforge refresh-cache --force
    """
    source = app.source()
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
        outcome = source.refresh(
            force=force,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    if outcome.error is not None:
        app.err.print(f"[red]error:[/] {outcome.error}")
        current = source.load()
        app.err.print(f"still using: {current.provenance.describe()}")
        sys.exit(1)
    assert outcome.catalog is not None
    catalog = outcome.catalog
    counts = f"{len(catalog.providers)} providers, {catalog.model_count} models"
    if outcome.status == "updated":
        app.out.print(
            f"Updated the catalog from {catalog.provenance.detail}: {counts} "
            f"({outcome.elapsed:.1f}s)."
        )
    elif outcome.status == "not_modified":
        app.out.print(f"The catalog is unchanged on the server; cache revalidated ({counts}).")
    else:
        age = catalog.provenance.age()
        app.out.print(
            f"The cached catalog is fresh ({format_age(age) if age else 'new'} old, {counts}); "
            "use --force to fetch anyway."
        )
