"""What an editor may configure: a tree of frozen dataclasses with a default on every field.

LSP gives a server its settings three ways, and we accept all of them:

* ``initializationOptions`` in the ``initialize`` request -- what the editor knows at start-up;
* ``workspace/didChangeConfiguration`` -- the client pushes new settings, either nested
  (``{"modelforge": {...}}``) or flat (``{...}``); a ``null`` payload means "ask me";
* ``workspace/configuration`` -- the server pulls section ``"modelforge"`` (after
  ``initialized``, and when a push arrives without a payload).

On the wire names are camelCase (``cacheDir``, ``debounceMs``); in Python they are snake_case.
``parse_settings`` never raises: an invalid value is reported in the returned problems (the
server shows them once) and that field keeps its default, so a typo costs a warning, not a
broken editor. Unknown keys are ignored -- editors send their client-side settings too.

Catalog options left unset (``None``) fall back to the ``MODELFORGE_*`` environment variables
and then to the built-in defaults: ``CatalogOptions.apply(CatalogSettings.from_env())``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from modelforge_lsp.catalog import CatalogSettings, ProviderInfo
from modelforge_lsp.catalog.settings import parse_duration
from modelforge_lsp.config.checks import (
    CheckSettings,
    SeverityName,
    parse_severity_names,
)
from modelforge_lsp.config.files import ProjectSettings, parse_custom_providers
from modelforge_lsp.urls import redact_url

__all__ = [
    "SECTION",
    "CatalogOptions",
    "ChecksOptions",
    "DiagnosticsOptions",
    "HoverOptions",
    "InlayHintsOptions",
    "ServerSettings",
    "SeverityName",
    "camel_case",
    "client_defaults",
    "merge_settings",
    "parse_settings",
    "unwrap_section",
]

log = logging.getLogger(__name__)

SECTION = "modelforge"
"""The settings section: ``modelforge.*`` in VS Code, ``settings.modelforge`` in Neovim."""

_MAX_DEBOUNCE_MS = 10_000

_T = TypeVar("_T")
Parser = Callable[[Any, str, list[str]], Any]
"""``(wire value, option path, problems) -> value``; raises ``ValueError`` to reject the value."""


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _optional(check: Callable[[Any], _T]) -> Callable[[Any], _T | None]:
    return lambda value: None if value is None else check(value)


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value.strip()


def _url(value: Any) -> str:
    text = _string(value)
    if not text.startswith(("https://", "http://")):
        raise ValueError(f"expected an http(s) URL, got {redact_url(text)!r}")
    return text


def _path(value: Any) -> Path:
    return Path(_string(value)).expanduser()


def _duration(value: Any) -> timedelta:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    ttl = parse_duration(_string(value))
    if ttl.total_seconds() <= 0:
        raise ValueError(f"{value!r} must be more than zero")
    return ttl


def _milliseconds(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_DEBOUNCE_MS:
        raise ValueError(f"expected a whole number of milliseconds 0-{_MAX_DEBOUNCE_MS}")
    return value


def _reads(parse: Parser) -> Mapping[str, Parser]:
    """Field metadata: how the field reads its wire value."""
    return {"parse": parse}


def _value(check: Callable[[Any], Any]) -> Mapping[str, Parser]:
    """Field metadata for a plain value: ``check`` returns it or raises ``ValueError``."""
    return _reads(lambda value, _option, _problems: check(value))


def _object(cls: type[Any]) -> Mapping[str, Parser]:
    """Field metadata for a nested settings object."""
    return _reads(lambda value, option, problems: _structure(cls, value, option, problems))


@dataclass(frozen=True, slots=True)
class CatalogOptions:
    """Where the catalog comes from. ``None``: the environment variable, else the default."""

    url: str | None = field(default=None, metadata=_value(_optional(_url)))
    cache_dir: Path | None = field(default=None, metadata=_value(_optional(_path)))
    ttl: timedelta | None = field(default=None, metadata=_value(_optional(_duration)))
    """How long a fetched catalog counts as fresh; on the wire ``"24h"``, ``"30m"``, ``3600``."""
    offline: bool | None = field(default=None, metadata=_value(_optional(_bool)))
    enabled: bool | None = field(default=None, metadata=_value(_optional(_bool)))
    """``False``: manual mode -- no catalog, no catalog checks, no network."""

    def apply(self, base: CatalogSettings) -> CatalogSettings:
        """``base`` (usually ``CatalogSettings.from_env()``) with the options that are set."""
        changes = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(base, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True, slots=True)
class ChecksOptions:
    catalog: bool = field(default=True, metadata=_value(_bool))
    """``False`` turns off every catalog check (MF3xx), e.g. for an offline mirror you distrust."""
    severity: Mapping[str, SeverityName] = field(
        default_factory=lambda: MappingProxyType({}), metadata=_reads(parse_severity_names)
    )
    """Per-code severity, ``"off"`` to silence a code."""

    def check_settings(
        self, *, catalog_enabled: bool = True, project: ProjectSettings | None = None
    ) -> CheckSettings:
        """What ``check`` applies: ``project``'s settings with these on top (the layering rule
        is ``ProjectSettings.check_settings``'s, shared with ``config validate``)."""
        return (project or ProjectSettings()).check_settings(
            severity=self.severity, catalog_checks=self.catalog and catalog_enabled
        )


@dataclass(frozen=True, slots=True)
class InlayHintsOptions:
    enabled: bool = field(default=True, metadata=_value(_bool))


@dataclass(frozen=True, slots=True)
class HoverOptions:
    tables: bool = field(default=True, metadata=_value(_bool))
    """``False``: prices as aligned lines, for clients that render markdown but show its tables
    raw (Neovim's plugin sends this); VS Code renders the tables."""


@dataclass(frozen=True, slots=True)
class DiagnosticsOptions:
    debounce_ms: int = field(default=200, metadata=_value(_milliseconds))
    """The longest wait after a change before a document is re-checked (``0``: never wait);
    the debounce itself adapts below it (``features/diagnostics.debounce_delay``)."""


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """Everything the editor configured; ``ServerSettings()`` is the all-defaults value."""

    catalog: CatalogOptions = field(
        default_factory=CatalogOptions, metadata=_object(CatalogOptions)
    )
    checks: ChecksOptions = field(default_factory=ChecksOptions, metadata=_object(ChecksOptions))
    inlay_hints: InlayHintsOptions = field(
        default_factory=InlayHintsOptions, metadata=_object(InlayHintsOptions)
    )
    diagnostics: DiagnosticsOptions = field(
        default_factory=DiagnosticsOptions, metadata=_object(DiagnosticsOptions)
    )
    hover: HoverOptions = field(default_factory=HoverOptions, metadata=_object(HoverOptions))
    custom_providers: tuple[ProviderInfo, ...] = field(
        default=(), metadata=_reads(parse_custom_providers)
    )
    """Providers and models that extend (or, for a known id, override) the catalog."""


def camel_case(name: str) -> str:
    """A Python field name as it is spelled on the LSP wire: ``cache_dir`` -> ``cacheDir``."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _structure(cls: type[_T], raw: Any, path: str, problems: list[str]) -> _T:
    """Build ``cls`` from its camelCase wire form, field by field; see the module docstring."""
    if raw is None:
        return cls()
    if not isinstance(raw, Mapping):
        problems.append(f"{path or SECTION}: expected an object, got {raw!r}")
        return cls()
    values: dict[str, Any] = {}
    known = set()
    for spec in fields(cls):  # type: ignore[arg-type]
        wire = camel_case(spec.name)
        known.add(wire)
        if wire not in raw:
            continue
        option = f"{path}.{wire}" if path else wire
        try:
            values[spec.name] = spec.metadata["parse"](raw[wire], option, problems)
        except (ValueError, TypeError, RuntimeError) as exc:  # RuntimeError: ~ without a home
            problems.append(f"{option}: {exc}")
    if unknown := sorted(str(key) for key in raw if key not in known):
        log.info("ignoring unknown settings under %r: %s", path or SECTION, ", ".join(unknown))
    return cls(**values)


def unwrap_section(raw: Any) -> Any:
    """``{"modelforge": {...}}`` -> ``{...}``; a flat object (or anything else) as is."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        return raw[SECTION]
    return raw


_CLIENT_DEFAULTS: dict[str, dict[str, Any]] = {
    # Neovim's hover float prints markdown tables as typed (|---|---:|), with or without our
    # plugin (which sends the same setting itself)
    "neovim": {"hover": {"tables": False}},
}


def client_defaults(client_name: str | None) -> dict[str, Any]:
    """Defaults that suit the client named in ``initialize``'s ``clientInfo``; what the user
    sends is laid over them (``merge_settings``), so an explicit setting always wins."""
    return _CLIENT_DEFAULTS.get((client_name or "").strip().lower(), {})


def merge_settings(base: Any, overlay: Any) -> Any:
    """``overlay`` on top of ``base``, objects merged key by key (a workspace value wins)."""
    if not isinstance(base, Mapping) or not isinstance(overlay, Mapping):
        return base if overlay is None else overlay
    merged = dict(base)
    for key, value in overlay.items():
        merged[key] = merge_settings(merged.get(key), value)
    return merged


def parse_settings(raw: Any) -> tuple[ServerSettings, tuple[str, ...]]:
    """Settings from a wire object (nested or flat), and the problems found; never raises."""
    problems: list[str] = []
    settings = _structure(ServerSettings, unwrap_section(raw), "", problems)
    return settings, tuple(problems)
