"""``modelforge-lsp`` typed in a terminal: it says what it is, and Ctrl-C ends it cleanly.

A user who runs the server by hand used to see nothing at all, and a second Ctrl-C aborted with
"Fatal Python error" (pygls's reader thread holds stdin at shutdown). Both are tried here on a
real pseudo-terminal; an editor's pipe gets no banner.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

SERVER = Path(sys.executable).parent / "modelforge-lsp"


def _read(fd: int, until: bytes, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while until not in out and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
    return out


def _wait(pid: int, seconds: float) -> int | None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    return None


def test_by_hand_it_says_what_it_is_and_ctrl_c_quits() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the server on the terminal
        env["MODELFORGE_OFFLINE"] = "1"
        os.execve(str(SERVER), [str(SERVER)], env)
    code = None
    try:
        banner = _read(fd, b"Ctrl-C to quit", 60).decode(errors="replace")
        assert "language server for ModelForge config files" in banner, banner
        assert "modelforge --help" in banner and "docs/editors.md" in banner
        os.write(fd, b"\x03")  # Ctrl-C, as the terminal sends it
        code = _wait(pid, 20)
        rest = _read(fd, b"\0", 0.5).decode(errors="replace")
        assert code == 128 + signal.SIGINT, (code, rest)
        assert "Traceback" not in rest and "Fatal Python error" not in rest, rest
    finally:
        if code is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def test_an_editors_pipe_gets_no_banner() -> None:
    done = subprocess.run(
        [str(SERVER)],
        input=b"",
        capture_output=True,
        timeout=60,
        env={**os.environ, "MODELFORGE_OFFLINE": "1"},
        check=False,
    )
    assert b"Ctrl-C" not in done.stderr and done.stdout == b"", done
