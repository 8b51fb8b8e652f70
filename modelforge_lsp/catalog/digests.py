"""The digests the caches check, made without OpenSSL.

``import hashlib`` loads ``_hashlib``, and with it OpenSSL's libcrypto: 3.4 MB resident and
3 ms of every start of a language server that never opens a TLS connection (the refresh's
httpx loads it when, and only if, it runs). CPython builds BLAKE2 and SHA-256 in without it:
BLAKE2b runs at about two-thirds of OpenSSL's SHA-256 (1.2 vs 1.8 GB/s here), so the files
this project alone reads and writes (the binary catalog, the code cache) are checked with it;
SHA-256 stays where the cache's metadata record names it (about 300 MB/s built in, for a data
file of a few hundred kB).

Each falls back to ``hashlib`` on a Python built without the module (the same digest either
way): nothing here changes what is computed, only which library computes it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["DIGEST_SIZE", "blake2b_digest", "sha256_hex"]

DIGEST_SIZE = 32
"""Bytes of a ``blake2b_digest``: as long as a SHA-256."""


def _builtin(name: str, *modules: str) -> Callable[..., Any]:
    """The constructor ``name`` from the first of CPython's own ``modules`` there is, else
    hashlib's (a Python built without them)."""
    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    return getattr(importlib.import_module("hashlib"), name)  # type: ignore[no-any-return]


_BLAKE2B = _builtin("blake2b", "_blake2")
_SHA256 = _builtin("sha256", "_sha2", "_sha256")  # 3.12 and later, 3.11


def blake2b_digest(data: bytes | memoryview, size: int = DIGEST_SIZE) -> bytes:
    """BLAKE2b of ``data``, ``size`` bytes long."""
    return _BLAKE2B(data, digest_size=size).digest()  # type: ignore[no-any-return]


def sha256_hex(data: bytes | memoryview) -> str:
    """SHA-256 of ``data`` in hex, as the cache's metadata record stores it."""
    return _SHA256(data).hexdigest()  # type: ignore[no-any-return]
