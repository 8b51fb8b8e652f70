"""``modelforge cache status|clear|path``: look after the disk cache."""

from __future__ import annotations

import json

import click

from modelforge_lsp.catalog import format_age
from modelforge_lsp.cli.context import AppContext


@click.group("cache")
def cache() -> None:
    """Inspect or clear the catalog's disk cache."""


@cache.command("path")
@click.pass_obj
def cache_path(app: AppContext) -> None:
    """Print the cache directory."""
    app.out.print(str(app.source().cache.directory), soft_wrap=True)


@cache.command("clear")
@click.pass_obj
def cache_clear(app: AppContext) -> None:
    """Delete the cached catalog (the bundled snapshot remains)."""
    removed = app.source().cache.clear()
    app.out.print(
        f"Removed {removed} file{'s' if removed != 1 else ''} from {app.source().cache.directory}."
    )


@cache.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def cache_status(app: AppContext, as_json: bool) -> None:
    """Show the cache's age, freshness, size and validators, and what the catalog is served from.

    \b
    Example:
      modelforge cache status --json
    """
    source = app.source()
    status = source.cache.status()
    catalog = app.catalog(banner=False)
    meta = status.metadata
    data = {
        "directory": str(status.directory),
        "freshness": status.freshness.name.lower(),
        "age_seconds": None if status.age is None else int(status.age.total_seconds()),
        "total_bytes": status.total_bytes,
        "fetched_at": None if meta is None else meta.fetched_at.isoformat(),
        "etag": None if meta is None else meta.etag,
        "source_url": None if meta is None else meta.source_url,
        "serving_from": catalog.provenance.origin,
        "serving": catalog.provenance.describe(),
        "providers": len(catalog.providers),
        "models": catalog.model_count,
        "load_seconds": round(source.load_seconds, 4),
        "quarantined": [str(p) for p in status.quarantined],
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    age = "-" if status.age is None else f"{format_age(status.age)} old"
    app.out.print(f"directory   {data['directory']}", soft_wrap=True)
    app.out.print(f"cache       {data['freshness']} ({age}), {status.total_bytes:,} bytes")
    if meta is not None:
        app.out.print(f"etag        {meta.etag or '-'}")
    app.out.print(f"serving     {data['serving']}")
    app.out.print(
        f"catalog     {data['providers']} providers, {data['models']} models, "
        f"loaded in {source.load_seconds * 1000:.0f} ms"
    )
    for path in status.quarantined:
        app.out.print(f"[yellow]set aside[/]   {path}", soft_wrap=True)
