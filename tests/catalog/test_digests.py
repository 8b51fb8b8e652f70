"""``catalog.digests`` computes hashlib's digests without importing hashlib (and OpenSSL)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from modelforge_lsp.catalog.digests import DIGEST_SIZE, blake2b_digest, sha256_hex


@pytest.mark.parametrize("data", [b"", b"models.dev", bytes(range(256)) * 4096])
def test_the_digests_are_hashlibs(data: bytes) -> None:
    assert blake2b_digest(data) == hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest()
    assert (
        blake2b_digest(memoryview(data), size=16) == hashlib.blake2b(data, digest_size=16).digest()
    )
    assert sha256_hex(memoryview(data)) == hashlib.sha256(data).hexdigest()


def test_digesting_loads_neither_hashlib_nor_openssl() -> None:
    probe = (
        "import sys, json; from modelforge_lsp.catalog.digests import blake2b_digest, sha256_hex;"
        " blake2b_digest(b'x'); sha256_hex(b'x');"
        " print(json.dumps([m for m in ('hashlib', '_hashlib', '_ssl') if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
