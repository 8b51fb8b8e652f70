"""Project settings that change findings, in one file the editor and CI both read.

A team wants ``modelforge config validate`` in CI to report exactly what its editors show. Two
settings change findings -- severity overrides and custom providers (a self-hosted gateway the
catalog cannot know) -- so they live in the project, next to the config, in
``.model-forge/modelforge-lsp.yaml`` (``.yml`` and ``.json`` too), in the same shape as the
editor's ``modelforge`` settings::

    checks:
      catalog: true            # false: no catalog checks (MF3xx) for this project
      severity: {MF305: "off", MF502: error}
    customProviders:           # models.dev's own shape
      my-gateway:
        name: My gateway
        models: {my-model: {}}

The language server and ``config validate`` find it from the config file being checked (its
own directory, then each parent's ``.model-forge/``) and layer the user's own settings on top:
a code the editor settings or a CLI flag set wins, and catalog checks run only if both allow
them. A bad entry is reported and skipped alone; the file never breaks a check.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from modelforge_lsp.catalog import Catalog, ProviderInfo, parse_catalog
from modelforge_lsp.config.checks import CheckSettings
from modelforge_lsp.config.checks.overrides import (
    SeverityName,
    parse_severity_names,
    severity_overrides,
)
from modelforge_lsp.config.files.locate import LOCAL_DIR
from modelforge_lsp.config.syntax import parse_document, to_python
from modelforge_lsp.errors import CatalogFormatError

__all__ = [
    "PROJECT_SETTINGS_NAMES",
    "ProjectLookup",
    "ProjectSettings",
    "ProjectSettingsCache",
    "find_project_settings",
    "parse_custom_providers",
    "parse_project_settings",
    "read_project_settings",
]

PROJECT_SETTINGS_NAMES = ("modelforge-lsp.yaml", "modelforge-lsp.yml", "modelforge-lsp.json")
_FILES_KEPT = 64
_KNOWN_KEYS = frozenset({"checks", "customProviders"})
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    """What a project's settings file says (defaults: no file)."""

    source: Path | None = None
    catalog_checks: bool = True
    severity: Mapping[str, SeverityName] = field(default_factory=lambda: MappingProxyType({}))
    custom_providers: tuple[ProviderInfo, ...] = ()

    def check_settings(
        self,
        *,
        severity: Mapping[str, SeverityName] | None = None,
        catalog_checks: bool = True,
    ) -> CheckSettings:
        """These settings with the user's own on top: ``severity`` entries win code by code,
        and catalog checks run only when both this file and ``catalog_checks`` allow them."""
        names = {**self.severity, **(severity or {})}
        return CheckSettings(
            catalog_checks=self.catalog_checks and catalog_checks,
            severity_overrides=severity_overrides(names),
        )

    def providers_with(self, extra: tuple[ProviderInfo, ...]) -> tuple[ProviderInfo, ...]:
        """This file's custom providers, then ``extra`` (the user's), which win on the same id."""
        return (*self.custom_providers, *extra)

    def extend(self, catalog: Catalog, extra: tuple[ProviderInfo, ...] = ()) -> Catalog:
        """``catalog`` with this file's custom providers and then ``extra`` added."""
        providers = self.providers_with(extra)
        return catalog.extended(providers) if providers else catalog


def parse_custom_providers(
    value: Any, option: str, problems: list[str]
) -> tuple[ProviderInfo, ...]:
    """models.dev-shaped providers (``{"id": {"name": ..., "models": {...}}}``), each on its own:
    a malformed provider or model is reported and left out, the rest still apply."""
    if not isinstance(value, Mapping):
        raise ValueError('expected an object like {"my-gateway": {"models": {"my-model": {}}}}')
    providers: list[ProviderInfo] = []
    for key, raw in value.items():
        try:
            parsed = parse_catalog({str(key): raw})
        except CatalogFormatError:
            problems.append(f'{option}.{key}: expected an object like {{"models": {{...}}}}')
            continue
        providers += parsed.providers
        problems.extend(f"{option}.{skip.path}: {skip.reason}" for skip in parsed.skipped)
    return tuple(providers)


def parse_project_settings(
    data: Any, source: Path | None = None
) -> tuple[ProjectSettings, list[str]]:
    """The settings in ``data`` (the file's content as plain data) and the problems found."""
    problems: list[str] = []
    if data is None:
        return ProjectSettings(source), problems
    if not isinstance(data, Mapping):
        problems.append("the top level must be a mapping with 'checks:' or 'customProviders:'")
        return ProjectSettings(source), problems
    problems += [
        f"{key}: not a project setting (ignored)" for key in data if key not in _KNOWN_KEYS
    ]
    catalog_checks = True
    severity: Mapping[str, SeverityName] = MappingProxyType({})
    checks = data.get("checks")
    if checks is not None and not isinstance(checks, Mapping):
        problems.append("checks: expected a mapping with 'catalog:' or 'severity:'")
    elif checks is not None:
        problems += [
            f"checks.{key}: unknown (ignored)"
            for key in checks
            if key not in {"catalog", "severity"}
        ]
        if "catalog" in checks:
            if isinstance(checks["catalog"], bool):
                catalog_checks = checks["catalog"]
            else:
                problems.append(
                    f"checks.catalog: expected true or false, got {checks['catalog']!r}"
                )
        if "severity" in checks:
            try:
                severity = parse_severity_names(checks["severity"], "checks.severity", problems)
            except ValueError as error:
                problems.append(f"checks.severity: {error}")
    providers: tuple[ProviderInfo, ...] = ()
    if "customProviders" in data:
        try:
            providers = parse_custom_providers(data["customProviders"], "customProviders", problems)
        except ValueError as error:
            problems.append(f"customProviders: {error}")
    return ProjectSettings(source, catalog_checks, severity, providers), problems


def find_project_settings(config_path: Path) -> Path | None:
    """The settings file for the config at ``config_path``: in its own directory, else in the
    nearest ``.model-forge/`` of a parent directory; ``None`` when there is none."""
    directory = config_path.parent.resolve()
    candidates = [directory, *(parent / LOCAL_DIR for parent in (directory, *directory.parents))]
    for candidate in dict.fromkeys(candidates):
        for name in PROJECT_SETTINGS_NAMES:
            path = candidate / name
            if path.is_file():
                return path
    return None


def read_project_settings(path: Path) -> tuple[ProjectSettings, list[str]]:
    """Read and parse the settings file at ``path``; a file that cannot be read or parsed gives
    the defaults and one problem saying why."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            return ProjectSettings(path), [f"{path}: larger than {_MAX_BYTES:,} bytes (ignored)"]
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return ProjectSettings(path), [f"{path}: cannot be read ({error})"]
    document = parse_document(text)
    if document.syntax_errors:
        issue = document.syntax_errors[0]
        line = issue.span.start.line + 1
        return ProjectSettings(path), [f"{path}:{line}: does not parse ({issue.message})"]
    settings, problems = parse_project_settings(to_python(document.root), path)
    return settings, [f"{path}: {problem}" for problem in problems]


_Stamp = tuple[str, int, int] | None
"""``(path, mtime_ns, size)`` of a settings file, ``None`` when there is none."""


@dataclass(frozen=True, slots=True)
class ProjectLookup:
    settings: ProjectSettings
    changed: bool
    """The settings differ from what an earlier lookup for this directory found (the first
    lookup is not a change: nothing was checked with other settings before it)."""
    problems: tuple[str, ...] = ()
    """What was wrong in the file, when it was (re)read; empty when nothing was read."""


class ProjectSettingsCache:
    """Project settings per config directory, re-read only when the settings file changes.

    The server keeps one for its lifetime (``lookup`` runs at each check, off the event loop;
    ``cached`` answers on the loop without I/O); ``config validate`` keeps one per run, so a
    settings file shared by many configs is read and reported once.
    """

    def __init__(self) -> None:
        self._found: dict[Path, tuple[_Stamp, ProjectSettings]] = {}
        self._read: dict[_Stamp, tuple[ProjectSettings, tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def lookup(self, directory: Path) -> ProjectLookup:
        """The settings for configs in ``directory`` as the disk has them now (blocking)."""
        path = find_project_settings(directory / "config.yaml")
        stamp = _stamp(path)
        with self._lock:
            known = self._found.get(directory)
        if known is not None and known[0] == stamp:
            return ProjectLookup(known[1], changed=False)
        settings, problems = ProjectSettings(), tuple[str, ...]()
        if path is not None:
            settings, problems = self._read_once(path, stamp)
        with self._lock:
            self._found[directory] = (stamp, settings)
        changed = known is not None and known[1] != settings
        return ProjectLookup(settings, changed, problems)

    def _read_once(self, path: Path, stamp: _Stamp) -> tuple[ProjectSettings, tuple[str, ...]]:
        """One parse per settings file and stamp, shared by every directory it serves (so the
        catalog extended with its providers is built once, not once per directory); its
        problems are reported with the first read only."""
        with self._lock:
            if (known := self._read.get(stamp)) is not None:
                return known[0], ()
        settings, problems = read_project_settings(path)
        with self._lock:
            if len(self._read) > _FILES_KEPT:
                self._read.clear()
            self._read[stamp] = (settings, tuple(problems))
        return settings, tuple(problems)

    def cached(self, directory: Path) -> ProjectSettings:
        """The settings the last ``lookup`` found for ``directory`` (no I/O)."""
        with self._lock:
            known = self._found.get(directory)
        return known[1] if known is not None else ProjectSettings()


def _stamp(path: Path | None) -> _Stamp:
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return str(path), status.st_mtime_ns, status.st_size
