"""Settings from the environment: every variable parsed, a bad value costs a warning only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from modelforge_lsp.catalog import DEFAULT_CATALOG_URL, CatalogSettings
from modelforge_lsp.catalog.settings import parse_duration


def test_defaults_without_environment() -> None:
    settings = CatalogSettings.from_env({})
    assert settings == CatalogSettings()
    assert settings.url == DEFAULT_CATALOG_URL and settings.ttl == timedelta(hours=24)
    assert settings.network_allowed and settings.problems == ()


def test_every_variable_is_read() -> None:
    settings = CatalogSettings.from_env(
        {
            "MODELFORGE_CATALOG_URL": "https://mirror.example/api.json",
            "MODELFORGE_CACHE_DIR": "/tmp/mf",
            "MODELFORGE_CACHE_TTL": "30m",
            "MODELFORGE_OFFLINE": "yes",
            "MODELFORGE_CATALOG_ENABLED": "off",
            "MODELFORGE_CONNECT_TIMEOUT": "2",
            "MODELFORGE_READ_TIMEOUT": "1m",
        }
    )
    assert settings.url == "https://mirror.example/api.json"
    assert settings.cache_dir == Path("/tmp/mf")
    assert settings.ttl == timedelta(minutes=30)
    assert settings.offline and not settings.enabled and not settings.network_allowed
    assert (settings.connect_timeout, settings.read_timeout) == (2.0, 60.0)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        pytest.param("MODELFORGE_OFFLINE", "maybe", id="bool"),
        pytest.param("MODELFORGE_CACHE_TTL", "a day", id="duration"),
        pytest.param("MODELFORGE_CACHE_TTL", "5\u017f", id="long-s-unit"),
        pytest.param("MODELFORGE_READ_TIMEOUT", "0", id="zero-timeout"),
    ],
)
def test_bad_values_are_reported_and_defaulted(variable: str, value: str) -> None:
    settings = CatalogSettings.from_env({variable: value})
    assert settings == CatalogSettings()
    assert len(settings.problems) == 1 and variable in settings.problems[0]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3600", 3600), ("90s", 90), ("30m", 1800), ("24h", 86400), ("7d", 604800),
        ("1.5h", 5400), ("2H", 7200), (" 10 M ", 600),
    ],
)  # fmt: skip
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)
