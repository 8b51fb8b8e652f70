"""URL facts used by more than one layer: splitting, what loopback is, and what may be shown.

The catalog client allows plain ``http://`` only to loopback (tests, local mirrors) and the config
checks flag a plain-HTTP ``base_url`` off loopback: one rule, so the two never disagree.

A catalog URL may carry credentials (``https://user:pass@mirror/…``, ``?access_token=…``), and a
URL travels far: into the cache metadata, status commands, bug reports, logs and error messages.
``redact_url`` is the one function that makes a URL fit to be shown or stored, and
``redact_text`` applies it to every URL inside free text (log lines, error messages): each
boundary that prints or stores calls one of the two, so no caller has to know what a secret
looks like.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

__all__ = ["REDACTED", "is_loopback_host", "redact_text", "redact_url", "split_url"]

REDACTED = "***"
_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>`]+")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")


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


def _redact_pairs(text: str) -> str:
    """``a=1&token=x`` -> ``a=***&token=***``: every value goes, every name stays.

    Which names hold secrets is the mirror's business (``access_token``, ``sig``, ``X-Amz-…``,
    ``key``), so no value is trusted to be harmless; the names still say what the URL carried.
    """
    pairs = []
    for pair in text.split("&"):
        name, equals, value = pair.partition("=")
        pairs.append(f"{name}={REDACTED}" if equals and value else (pair if equals else REDACTED))
    return "&".join(pairs) if text else text


def redact_url(url: str) -> str:
    """``url`` fit to print, log or store: user info, query values and fragment replaced.

    ``https://user:pass@mirror/api.json?access_token=t`` ->
    ``https://***@mirror/api.json?access_token=***``. The scheme, host, port and path stay, so
    the result still says where the catalog comes from. Text that does not split as a URL is
    not shown at all. Idempotent: redacting twice changes nothing.
    """
    parts = split_url(url)
    if parts is None:
        return "<unparsable URL>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    return urlunsplit(
        parts._replace(
            netloc=netloc, query=_redact_pairs(parts.query), fragment=_redact_pairs(parts.fragment)
        )
    )


def redact_text(text: str) -> str:
    """``text`` with every URL in it redacted and any ``Bearer``/``Basic`` credential hidden:
    for log lines and error messages, which may quote a URL or a header anywhere."""
    text = _URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)
    return _BEARER.sub(lambda match: f"{match.group(1)} {REDACTED}", text)
