"""``modelforge_lsp.logs``: redacted lines and a private log file, on the real file system."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from modelforge_lsp.logs import RedactingFormatter, open_log_file


def test_a_new_log_file_is_private_from_its_first_byte(tmp_path: Path) -> None:
    old = os.umask(0o000)  # the most permissive umask: the mode must not depend on it
    try:
        stream = open_log_file(tmp_path / "server.log")
    finally:
        os.umask(old)
    stream.close()
    assert stat.S_IMODE((tmp_path / "server.log").stat().st_mode) == 0o600


def test_an_existing_readable_log_file_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "server.log"
    path.write_text("old line\n")
    path.chmod(0o644)
    with open_log_file(path) as stream:
        stream.write("new line\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "old line\nnew line\n"


def test_a_symlink_planted_at_the_log_path_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("")
    (tmp_path / "server.log").symlink_to(target)
    with pytest.raises(OSError, match="link"):  # ELOOP: "Too many levels of symbolic links"
        open_log_file(tmp_path / "server.log")


def test_every_formatted_line_is_redacted_traceback_included() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise ValueError("bad http://u:p@h.example/a?access_token=t")
    except ValueError:
        record = logging.LogRecord(
            "t", logging.ERROR, __file__, 1, "fetch %s", ("https://u:p@h.example/",), None
        )
        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "u:p@" not in text and "access_token=t" not in text
    assert "https://***@h.example/" in text and "access_token=***" in text
