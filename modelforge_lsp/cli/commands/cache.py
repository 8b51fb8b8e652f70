"""``modelforge cache status|clear|verify|path``: look after the disk cache."""

from __future__ import annotations

import json
import sys

import click

from modelforge_lsp.catalog import CatalogStats, format_age
from modelforge_lsp.cli.context import AppContext


@click.group("cache")
def cache() -> None:
    """Inspect, verify or clear the catalog's disk cache.

    \b
    Examples:
      modelforge cache status
      modelforge cache verify --json
    """


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


@cache.command("status", short_help="Age, source, size, ETag and catalog counters.")
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
        "stats": _stats(catalog.stats),
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
    stats = catalog.stats
    app.out.print(
        f"lookups     {stats.lookups} ({stats.lookup_misses} missed), searches {stats.searches} "
        f"({stats.search_hit_rate:.0%} from the search cache, {stats.search_seconds * 1000:.0f} ms)"
        " in this process"
    )
    for path in status.quarantined:
        app.out.print(f"[yellow]set aside[/]   {path}", soft_wrap=True)


def _stats(stats: CatalogStats) -> dict[str, object]:
    return {
        "lookups": stats.lookups,
        "lookup_misses": stats.lookup_misses,
        "searches": stats.searches,
        "search_cache_hits": stats.search_cache_hits,
        "search_hit_rate": round(stats.search_hit_rate, 4),
        "search_seconds": round(stats.search_seconds, 4),
    }


@cache.command("verify", short_help="Check the cached copy's integrity (exit 1 if bad).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def cache_verify(app: AppContext, as_json: bool) -> None:
    """Read the whole cache with every integrity check; exit 1 if it had to be set aside.

    Checks the metadata record, the data file's size and sha256, gzip, and that it parses as a
    catalog. A copy that fails is moved to the quarantine folder (the bundled snapshot takes
    over until the next refresh-cache).

    \b
    Example:
      modelforge cache verify && echo cache ok
    """
    cache_store = app.source().cache
    cached = cache_store.load()
    problems = list(cache_store.problems)
    state = "bad" if problems else ("missing" if cached is None else "ok")
    data: dict[str, object] = {
        "state": state,
        "ok": state != "bad",
        "path": str(cache_store.data_path),
        "providers": None,
        "models": None,
        "fetched_at": None,
        "sha256": None,
        "skipped": [],
        "set_aside": [{"path": str(p.path), "reason": p.reason} for p in problems],
    }
    if cached is not None:
        meta = cached.metadata
        data |= {
            "providers": len(cached.catalog.providers),
            "models": cached.catalog.model_count,
            "fetched_at": meta.fetched_at.isoformat(),
            "sha256": meta.sha256,
            "skipped": [{"path": s.path, "reason": s.reason} for s in cached.catalog.skipped],
        }
    if as_json:
        click.echo(json.dumps(data, indent=2))
    elif cached is not None:
        app.out.print(
            f"OK: {cache_store.data_path} ({data['providers']} providers, {data['models']} "
            f"models; sha256, sizes, gzip and schema check out)",
            soft_wrap=True,
        )
        for skipped in cached.catalog.skipped:
            app.out.print(f"[yellow]skipped entry[/] {skipped.path}: {skipped.reason}")
    elif not problems:
        app.out.print(
            f"No cached catalog in {cache_store.directory}; nothing to verify "
            "(`modelforge refresh-cache` fetches one).",
            soft_wrap=True,
        )
    for problem in problems:
        app.err.print(
            f"[red]set aside[/] {problem.path}: {problem.reason}", soft_wrap=True, highlight=False
        )
    if problems:
        app.err.print("the bundled snapshot serves until `modelforge refresh-cache` succeeds")
        sys.exit(1)
