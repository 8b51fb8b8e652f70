"""The real ``modelforge`` on a pseudo-terminal: what a person at a terminal of a given width
sees, and keys typed into its prompts (POSIX only)."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pyte

__all__ = ["Terminal"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[>=()][0-9A-Za-z]?|\r")


class Terminal:
    """The real CLI on a pseudo-terminal: ``expect`` what the screen shows, ``send`` keys."""

    def __init__(self, args: list[str], env: dict[str, str], *, columns: int = 160) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "modelforge_lsp.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.raw = b""
        self.position = 0
        self.display = pyte.Screen(columns, 50)
        self._stream = pyte.ByteStream(self.display)

    @property
    def screen(self) -> str:
        return _ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.raw += chunk
        self._stream.feed(chunk)
        return bool(chunk)

    def shown(self, text: str) -> bool:
        """``text`` on the screen as a terminal draws it now. prompt_toolkit redraws only the
        cells that changed, moving the cursor over the others, so the output stream with its
        escapes stripped can read ``claudesonnet-4-5`` where the screen says claude-sonnet-4-5."""
        return any(text in line for line in self.display.display)

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Wait until nothing has arrived for ``quiet`` seconds: the prompt has drawn itself."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.raw)
            if not self._read(quiet) or len(self.raw) == before:
                return

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(text, self.position)) < 0:
            if self.shown(text):
                self.position = len(self.screen)
                return
            if time.monotonic() > deadline or not self._read(0.05):
                shown = "\n".join(line.rstrip() for line in self.display.display)
                raise AssertionError(
                    f"{text!r} never appeared; the output:\n{self.screen[-3000:]}\n"
                    f"--- the screen now:\n{shown}"
                )
        self.position = found + len(text)

    def send(self, keys: str) -> None:
        self.settle()  # let the prompt draw itself before the next keys
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        while self._read(0.05) and select.select([self.master], [], [], 0)[0]:
            pass
        return self.process.wait(5)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)
        os.close(self.master)
