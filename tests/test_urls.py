"""``modelforge_lsp.urls``: the one loopback rule of the catalog client and the MF502 check."""

from __future__ import annotations

import pytest

from modelforge_lsp.urls import is_loopback_host, split_url


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LocalHost.", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("api.localhost", False),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("models.dev", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_split_url_never_raises() -> None:
    assert split_url("http://[") is None
    parts = split_url("http://127.0.0.1:8080/v1")
    assert parts is not None and parts.hostname == "127.0.0.1"
