"""The secret scan finds exactly what the key patterns find, tried only at their prefixes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modelforge_lsp.config.checks.security import (
    _TOKEN_PATTERNS,
    _TOKEN_PREFIXES,
    _token_matches,
)

KEYS = [
    "sk-" + "a1B_-" * 5,
    "sk-ant-" + "x" * 30,
    "AIza" + "Q" * 35,
    "ghp_" + "z" * 30,
    "github_pat_" + "A_" * 11,
    "gsk_" + "9" * 20,
    "xai-" + "k" * 20,
    "hf_" + "h" * 30,
    "xoxb-" + "1-" * 5,
    "AKIA" + "ABCDEFGHIJKLMNOP",
]
PIECES = st.sampled_from(
    [
        *KEYS,
        *_TOKEN_PREFIXES,
        "-",
        "_",
        "a",
        "0",
        " ",
        "\n",
        "\r\n",
        "\r",
        ": ",
        "#",
        "'",
        '"',
        "😀",
        "\u2028",
        "xsk-",
        "sk-short",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_scan_matches_the_patterns_everywhere(text: str) -> None:
    expected = [match.span() for match in _TOKEN_PATTERNS.finditer(text)]
    assert [match.span() for match in _token_matches(text)] == expected


def test_every_key_kind_is_found_once() -> None:
    text = "\n".join(f"k{i}: {key}" for i, key in enumerate(KEYS))
    assert [match.group(0) for match in _token_matches(text)] == KEYS
