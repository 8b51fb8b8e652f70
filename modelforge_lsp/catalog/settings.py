"""``CatalogSettings``: where the catalog comes from and how hard we try to refresh it.

One object for the server and the CLI (DESIGN §5). Every field has a default and an environment
variable; the server overlays the editor's settings on top, the CLI its global options. A value
that does not parse is reported in ``problems`` and the default is used: a typo in an environment
variable should cost a warning, not a broken editor.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from modelforge_lsp.catalog.cache import DEFAULT_TTL

__all__ = ["DEFAULT_CATALOG_URL", "ENVIRONMENT_VARIABLES", "CatalogSettings", "parse_duration"]

DEFAULT_CATALOG_URL = "https://models.dev/api.json"

ENVIRONMENT_VARIABLES = {
    "url": "MODELFORGE_CATALOG_URL",
    "cache_dir": "MODELFORGE_CACHE_DIR",
    "ttl": "MODELFORGE_CACHE_TTL",
    "offline": "MODELFORGE_OFFLINE",
    "enabled": "MODELFORGE_CATALOG_ENABLED",
    "connect_timeout": "MODELFORGE_CONNECT_TIMEOUT",
    "read_timeout": "MODELFORGE_READ_TIMEOUT",
    "fetch_deadline": "MODELFORGE_FETCH_DEADLINE",
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdSMHD]?)\s*$")
"""Both cases spelt out, not ``re.IGNORECASE``: that also matched U+017F (long s, which folds to
``s``) and failed on it with a ``KeyError``, and it costs each command a millisecond to compile."""
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """``"3600"``, ``"90s"``, ``"30m"``, ``"24h"``, ``"7d"`` -> ``timedelta`` (else ValueError)."""
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration like 3600, 30m, 24h or 7d")
    number, unit = match.groups()
    return timedelta(seconds=float(number) * _UNIT_SECONDS[unit.lower()])


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{text!r} is not one of 1/0, true/false, yes/no, on/off")


def _parse_seconds(text: str) -> float:
    seconds = parse_duration(text).total_seconds()
    if seconds <= 0:
        raise ValueError(f"{text!r} must be more than zero")
    return seconds


@dataclass(frozen=True, slots=True)
class CatalogSettings:
    """Where the catalog comes from and how it is refreshed; ``from_env`` reads the variables."""

    url: str = DEFAULT_CATALOG_URL
    cache_dir: Path | None = None
    """``None``: the platform's user cache dir (``~/.cache/modelforge/catalog`` on Linux)."""
    ttl: timedelta = DEFAULT_TTL
    offline: bool = False
    """Never touch the network; work from the disk cache or the bundled snapshot."""
    enabled: bool = True
    """``False`` is manual fallback mode: an empty catalog, no catalog checks, no network."""
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    fetch_deadline: float = 60.0
    """Seconds one whole fetch may take, retries and waits included: the timeouts above are per
    operation, so a server trickling a byte at a time would otherwise never be given up on."""
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def network_allowed(self) -> bool:
        return self.enabled and not self.offline

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CatalogSettings:
        """Defaults overlaid with the ``MODELFORGE_*`` environment variables that are set."""
        env = os.environ if environ is None else environ
        parsers: dict[str, Callable[[str], object]] = {
            "url": str.strip,
            "cache_dir": lambda text: Path(text).expanduser(),
            "ttl": parse_duration,
            "offline": _parse_bool,
            "enabled": _parse_bool,
            "connect_timeout": _parse_seconds,
            "read_timeout": _parse_seconds,
            "fetch_deadline": _parse_seconds,
        }
        values: dict[str, object] = {}
        problems: list[str] = []
        for name, variable in ENVIRONMENT_VARIABLES.items():
            raw = env.get(variable)
            if raw is None or (raw.strip() == "" and name in {"url", "cache_dir"}):
                continue
            try:
                values[name] = parsers[name](raw)
            except ValueError as exc:
                problems.append(f"{variable}: {exc}; using the default")
        return replace(cls(), problems=tuple(problems), **values)  # type: ignore[arg-type]
