"""URLs as the config language reads them: ``base_url`` values and links in a file."""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

__all__ = ["is_loopback_host", "split_url"]


def split_url(text: str) -> SplitResult | None:
    """``urlsplit`` that answers ``None`` for text it cannot split (``http://[``)."""
    try:
        return urlsplit(text)
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``*.localhost`` or a loopback address: plain http is safe only there."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
