"""URL facts used by more than one layer: splitting without raising, and what loopback is.

The catalog client allows plain ``http://`` only to loopback (tests, local mirrors) and the config
checks flag a plain-HTTP ``base_url`` off loopback: one rule, so the two never disagree.
"""

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
    """``localhost`` (any case, a trailing dot allowed) or a loopback address: plain http is
    safe only there. ``*.localhost`` is not: without a resolver that special-cases it, the
    name goes to DNS, and the catalog client would send a mirror's token over plain http."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
