"""``modelforge_lsp.urls``: the one loopback rule of the catalog client and the MF502 check."""

from __future__ import annotations

import pytest

from modelforge_lsp.urls import is_loopback_host, redact_text, redact_url, split_url


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


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        pytest.param(
            "https://user:pass@mirror.example/api.json",
            "https://***@mirror.example/api.json",
            id="user-and-password",
        ),
        pytest.param("https://ghp_tok@h.example/x", "https://***@h.example/x", id="token-as-user"),
        pytest.param(
            "https://h.example/api.json?access_token=t&v=2",
            "https://h.example/api.json?access_token=***&v=***",
            id="query-values",
        ),
        pytest.param("https://h.example/a?TOKEN", "https://h.example/a?***", id="bare-query"),
        pytest.param(
            "https://h.example/a#access_token=t", "https://h.example/a#access_token=***", id="frag"
        ),
        pytest.param(
            "http://u:p@[::1]:8080/a?k=v", "http://***@[::1]:8080/a?k=***", id="ipv6-with-port"
        ),
        pytest.param("https://models.dev/api.json", "https://models.dev/api.json", id="clean"),
        pytest.param("http://[", "<unparsable URL>", id="unparsable"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(shown) == shown or shown == "<unparsable URL>"  # idempotent


def test_redact_text_finds_every_url_and_credential_in_a_line() -> None:
    line = (
        "GET URL('https://a:b@h.example:1/p?x=1') failed; retry http://u@127.0.0.1/ "
        "with Authorization: Bearer abc.def-123"
    )
    assert redact_text(line) == (
        "GET URL('https://***@h.example:1/p?x=***') failed; retry http://***@127.0.0.1/ "
        "with Authorization: Bearer ***"
    )
