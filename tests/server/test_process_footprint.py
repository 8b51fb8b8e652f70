"""What the running server's memory holds, read from ``/proc/<pid>/maps`` after a session (start,
the catalog read from its binary form, a check that meets a typo, a completion):

* no OpenSSL -- about 4 MB resident, for TLS it never opens: asyncio is imported without
  ``ssl`` and the caches' digests are CPython's own (``catalog.digests``);
* no malloc arena per worker thread (glibc reserves 64 MB for each, and each kept its freed
  blocks resident, about 2 MB of a session's peak): ``one_malloc_arena``.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.test_stdio import (
    CLOSE,
    INITIALIZE,
    SERVER,
    environment,
    framed,
    read_message,
    reply_to,
)

OPENSSL = ("libssl", "libcrypto", "_ssl.", "_hashlib.")
CONFIG = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-mni: {}\n"
)


def mapped_openssl(pid: int) -> list[str]:
    paths = {line.split()[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines()}
    return sorted(p for p in paths if any(name in p.rsplit("/", 1)[-1] for name in OPENSSL))


def thread_arenas(pid: int) -> list[int]:
    """The sizes (MiB) of the big anonymous reservations (``---p``) glibc makes for an arena."""
    found = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        low, high = (int(end, 16) for end in fields[0].split("-"))
        if len(fields) == 5 and fields[1] == "---p" and high - low > 1 << 20:
            found.append((high - low) >> 20)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/maps")
@pytest.mark.parametrize("start", ["cold", "warm"])  # the binary forms written, then read
def test_a_session_maps_no_openssl_and_no_thread_arena(tmp_path: Path, start: str) -> None:
    workspace = tmp_path / "workspace"
    (workspace / ".model-forge").mkdir(parents=True)
    uri = (workspace / ".model-forge" / "config.yaml").as_uri()
    rounds = 2 if start == "warm" else 1
    for _ in range(rounds):
        server = subprocess.Popen(
            SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(tmp_path / "cache"),
        )
        assert server.stdin is not None and server.stdout is not None
        try:
            server.stdin.write(
                framed(
                    {**INITIALIZE, "params": {"capabilities": {}, "rootUri": workspace.as_uri()}}
                )
            )
            server.stdin.write(framed({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            document = {"uri": uri, "languageId": "yaml", "version": 1, "text": CONFIG}
            server.stdin.write(
                framed(
                    {
                        "jsonrpc": "2.0",
                        "method": "textDocument/didOpen",
                        "params": {"textDocument": document},
                    }
                )
            )
            server.stdin.flush()
            while (message := read_message(server.stdout)).get(
                "method"
            ) != "textDocument/publishDiagnostics":
                pass
            assert any("gpt-4o-mini" in d["message"] for d in message["params"]["diagnostics"])
            position = {"line": 4, "character": 8}
            completion = {"textDocument": {"uri": uri}, "position": position}
            server.stdin.write(
                framed(
                    {
                        "jsonrpc": "2.0",
                        "id": 7,
                        "method": "textDocument/completion",
                        "params": completion,
                    }
                )
            )
            server.stdin.flush()
            assert reply_to(server.stdout, 7)["result"]
            assert mapped_openssl(server.pid) == []
            if platform.libc_ver()[0] == "glibc":
                assert thread_arenas(server.pid) == []
            server.stdin.write(CLOSE)
            server.stdin.flush()
            assert server.wait(timeout=60) == 0
        finally:
            server.kill()
            server.stdin.close()
            server.stdout.close()


def run_one_malloc_arena(setup: str, env: dict[str, str] | None = None) -> str:
    probe = (
        f"import sys; {setup}; from modelforge_lsp.server.__main__ import one_malloc_arena;"
        " print(one_malloc_arena())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | (env or {}),
    )
    return done.stdout.strip()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")
def test_one_malloc_arena_is_asked_for_unless_the_user_chose_or_ctypes_is_missing() -> None:
    assert run_one_malloc_arena("pass") == "True"
    assert run_one_malloc_arena("pass", {"MALLOC_ARENA_MAX": "4"}) == "False"
    # a Python built without libffi has no _ctypes: the server starts all the same
    assert run_one_malloc_arena("sys.modules['_ctypes'] = None") == "False"
