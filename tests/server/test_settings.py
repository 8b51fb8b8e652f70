"""The settings model: camelCase wire objects -> frozen dataclasses; bad values -> problems."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import CatalogSettings
from modelforge_lsp.config.checks import Severity
from modelforge_lsp.server.settings import (
    CatalogOptions,
    ServerSettings,
    merge_settings,
    parse_settings,
    unwrap_section,
)

WIRE: dict[str, Any] = {
    "catalog": {
        "url": "https://mirror.example/api.json",
        "cacheDir": "~/mf-cache",
        "ttl": "30m",
        "offline": True,
        "enabled": True,
    },
    "checks": {"catalog": False, "severity": {"MF301": "error", "MF304": "off"}},
    "inlayHints": {"enabled": False},
    "diagnostics": {"debounceMs": 50},
    "customProviders": {"my-gateway": {"name": "Gateway", "models": {"house": {}}}},
}


def test_defaults() -> None:
    settings, problems = parse_settings(None)
    assert settings == ServerSettings() and problems == ()
    assert settings.diagnostics.debounce_ms == 200 and settings.inlay_hints.enabled
    assert settings.checks.check_settings().catalog_checks


@pytest.mark.parametrize("raw", [WIRE, {"modelforge": WIRE}], ids=["flat", "nested"])
def test_every_field_from_camel_case(raw: dict[str, Any]) -> None:
    settings, problems = parse_settings(raw)
    assert problems == ()
    assert settings.catalog == CatalogOptions(
        url="https://mirror.example/api.json",
        cache_dir=Path("~/mf-cache").expanduser(),
        ttl=timedelta(minutes=30),
        offline=True,
        enabled=True,
    )
    assert not settings.inlay_hints.enabled and settings.diagnostics.debounce_ms == 50
    [provider] = settings.custom_providers
    assert (provider.id, provider.name, list(provider.models)) == (
        "my-gateway",
        "Gateway",
        ["house"],
    )
    checks = settings.checks.check_settings()
    assert not checks.catalog_checks
    assert dict(checks.severity_overrides) == {"MF301": Severity.ERROR, "MF304": None}


@pytest.mark.parametrize(
    ("raw", "option"),
    [
        pytest.param({"catalog": {"ttl": "forever"}}, "catalog.ttl", id="ttl"),
        pytest.param({"catalog": {"ttl": "0s"}}, "catalog.ttl", id="zero-ttl"),
        pytest.param({"catalog": {"url": "ftp://x"}}, "catalog.url", id="url"),
        pytest.param({"catalog": {"offline": "yes"}}, "catalog.offline", id="bool"),
        pytest.param({"catalog": "offline"}, "catalog", id="not-an-object"),
        pytest.param({"diagnostics": {"debounceMs": -1}}, "diagnostics.debounceMs", id="negative"),
        pytest.param({"diagnostics": {"debounceMs": True}}, "diagnostics.debounceMs", id="bool-ms"),
        pytest.param(
            {"checks": {"severity": {"MF301": "loud"}}}, "checks.severity.MF301", id="sev"
        ),
        pytest.param({"checks": {"severity": {"E501": "off"}}}, "checks.severity.E501", id="code"),
        pytest.param(
            {"checks": {"severity": {"MF999": "off"}}}, "checks.severity.MF999", id="unregistered"
        ),
        pytest.param({"checks": {"severity": "off"}}, "checks.severity", id="sev-map"),
        pytest.param({"customProviders": ["x"]}, "customProviders", id="providers"),
        pytest.param({"customProviders": {"p": 3}}, "customProviders.p", id="provider"),
    ],
)
def test_a_bad_value_is_a_problem_and_keeps_the_default(raw: dict[str, Any], option: str) -> None:
    settings, problems = parse_settings(raw)
    assert len(problems) == 1 and problems[0].startswith(option + ":"), problems
    assert settings == ServerSettings()


def test_good_values_next_to_bad_ones_still_apply() -> None:
    raw = {
        "diagnostics": {"debounceMs": "soon"},
        "checks": {"severity": {"MF301": "loud", "MF302": "hint"}},
        "inlayHints": {"enabled": False},
    }
    settings, problems = parse_settings(raw)
    assert len(problems) == 2
    assert settings.diagnostics.debounce_ms == 200
    assert dict(settings.checks.severity) == {"MF302": "hint"}
    assert not settings.inlay_hints.enabled


def test_unknown_keys_are_ignored() -> None:
    settings, problems = parse_settings({"trace": {"server": "verbose"}, "serverPath": "/x"})
    assert settings == ServerSettings() and problems == ()


def test_unset_catalog_options_keep_the_environment() -> None:
    env = CatalogSettings.from_env({"MODELFORGE_CACHE_TTL": "2h", "MODELFORGE_OFFLINE": "1"})
    assert CatalogOptions().apply(env) == env
    merged = CatalogOptions(ttl=timedelta(minutes=5)).apply(env)
    assert merged.ttl == timedelta(minutes=5) and merged.offline


def test_catalog_disabled_turns_catalog_checks_off() -> None:
    settings, _ = parse_settings({})
    assert not settings.checks.check_settings(catalog_enabled=False).catalog_checks


def test_merge_and_unwrap() -> None:
    base = {"catalog": {"offline": True, "ttl": "1h"}, "diagnostics": {"debounceMs": 10}}
    overlay = unwrap_section({"modelforge": {"catalog": {"ttl": "2h"}}})
    assert merge_settings(base, overlay) == {
        "catalog": {"offline": True, "ttl": "2h"},
        "diagnostics": {"debounceMs": 10},
    }
    assert merge_settings(None, {"a": 1}) == {"a": 1}
    assert merge_settings({"a": 1}, None) == {"a": 1}
    assert unwrap_section({"catalog": {}}) == {"catalog": {}}
