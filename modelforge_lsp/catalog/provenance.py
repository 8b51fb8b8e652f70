"""Where a catalog came from and how old it is, so every front can say so in one sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from modelforge_lsp.urls import redact_text

__all__ = ["Origin", "Provenance", "format_age"]

Origin = Literal["network", "cache", "snapshot", "disabled"]


def format_age(age: timedelta) -> str:
    """``timedelta`` -> ``"3 days"``, ``"5 hours"``, ``"12 minutes"``, ``"just now"``."""
    seconds = max(0, int(age.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "just now"


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of a catalog's data and the moment it was last known to be current."""

    origin: Origin
    fetched_at: datetime | None = None
    """When models.dev last confirmed this data (for the snapshot: its newest update date)."""
    stale: bool = False
    offline: bool = False
    detail: str = ""
    """Origin-specific words: the snapshot's package version, the cache's source URL (redacted
    here, whatever the caller passed: a cache written by an older version stored it whole)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", redact_text(self.detail))

    def age(self, now: datetime | None = None) -> timedelta | None:
        if self.fetched_at is None:
            return None
        return (now or datetime.now(UTC)) - self.fetched_at

    def describe(self, now: datetime | None = None) -> str:
        """One line for banners and status commands, e.g. ``disk cache, 3 hours old``."""
        if self.origin == "disabled":
            return "catalog disabled by settings (manual mode: no catalog checks)"
        label = {
            "network": "models.dev",
            "cache": "disk cache",
            "snapshot": "bundled snapshot",
        }[self.origin]
        if self.detail:
            label += f" ({self.detail})"
        age = self.age(now)
        parts = [label]
        if age is not None:
            words = format_age(age)
            parts.append("fetched just now" if words == "just now" else f"{words} old")
        if self.stale:
            parts.append("stale")
        if self.offline:
            parts.append("offline")
        return ", ".join(parts)
