"""``modelforge cache status|clear|verify|path``: look after the disk cache."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click
from rich.text import Text

from modelforge_lsp.catalog import catalog_status, format_age
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.urls import redact_url


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
    status = catalog_status(app.catalog(banner=False), app.source())
    served, source = status.catalog, status.source
    assert served is not None  # given a catalog and a source, catalog_status describes both
    assert source is not None
    cache, meta, usage = source.cache, source.cache.metadata, served.usage
    data = {
        "directory": str(cache.directory),
        "freshness": cache.freshness.name.lower(),
        "age_seconds": None if cache.age is None else int(cache.age.total_seconds()),
        "total_bytes": cache.total_bytes,
        "fetched_at": None if meta is None else meta.fetched_at.isoformat(),
        "etag": None if meta is None else meta.etag,
        "source_url": None if meta is None else redact_url(meta.source_url),
        "serving_from": served.origin,
        "serving": served.description,
        "providers": served.providers,
        "models": served.models,
        "load_seconds": source.load_seconds,
        "stats": asdict(usage),
        "quarantined": [str(p) for p in cache.quarantined],
        "refused": cache.refused,
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    age = "-" if cache.age is None else f"{format_age(cache.age)} old"
    app.out.print(Text(f"directory   {data['directory']}"), soft_wrap=True)
    if cache.refused is not None:  # nothing in the directory was believed: say why first
        app.out.print(Text.assemble(("refused", "red"), f"     {cache.refused}"), soft_wrap=True)
    app.out.print(f"cache       {data['freshness']} ({age}), {cache.total_bytes:,} bytes")
    if meta is not None:
        app.out.print(Text(f"etag        {meta.etag or '-'}"))  # data, never markup
    app.out.print(Text(f"serving     {data['serving']}"))  # names the cache's source_url
    app.out.print(
        f"catalog     {data['providers']} providers, {data['models']} models, "
        f"loaded in {source.load_seconds * 1000:.0f} ms"
    )
    app.out.print(
        f"lookups     {usage.lookups} ({usage.lookup_misses} missed), searches {usage.searches} "
        f"({usage.search_hit_rate:.0%} from the search cache, {usage.search_seconds * 1000:.0f} ms)"
        " in this process"
    )
    for path in cache.quarantined:
        app.out.print(Text.assemble(("set aside", "yellow"), f"   {path}"), soft_wrap=True)


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
    refused = cache_store.refused
    state = "refused" if refused else "bad" if problems else "missing" if cached is None else "ok"
    data: dict[str, object] = {
        "state": state,
        "ok": state in ("ok", "missing"),
        "path": str(cache_store.data_path),
        "providers": None,
        "models": None,
        "fetched_at": None,
        "sha256": None,
        "skipped": [],
        "set_aside": [{"path": str(p.path), "reason": p.reason} for p in problems],
        "refused": refused,
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
            app.out.print(
                Text.assemble(("skipped entry", "yellow"), f" {skipped.path}: {skipped.reason}")
            )
    elif not problems and refused is None:
        app.out.print(
            f"No cached catalog in {cache_store.directory}; nothing to verify "
            "(`modelforge refresh-cache` fetches one).",
            soft_wrap=True,
        )
    for problem in problems:
        app.err.print(
            Text.assemble(("set aside", "red"), f" {problem.path}: {problem.reason}"),
            soft_wrap=True,
            highlight=False,
        )
    if refused is not None:
        app.err.print(Text.assemble(("refused", "red"), f" {refused}"), soft_wrap=True)
    elif problems:
        app.err.print("the bundled snapshot serves until `modelforge refresh-cache` succeeds")
    if problems or refused is not None:
        sys.exit(1)
