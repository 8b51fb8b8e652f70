"""``config.files.read_config_text``: the one reader, and one clear error for each way it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelforge_lsp.config.files import ConfigReadError, read_config_text
from modelforge_lsp.errors import ConfigError


def test_text_comes_back_exactly_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    stored = "\ufeffproviders:\r\n  openai: {}  # café\r\n"
    path.write_bytes(stored.encode("utf-8"))
    assert read_config_text(path) == stored  # CRLF and BOM kept, nothing translated


def reason_and_message(path: Path) -> tuple[str, str]:
    with pytest.raises(ConfigReadError) as caught:
        read_config_text(path)
    assert isinstance(caught.value, ConfigError)
    assert caught.value.path == str(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return caught.value.reason, message


def test_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert reason_and_message(path) == ("missing", f"{path} does not exist")


def test_directory(tmp_path: Path) -> None:
    assert reason_and_message(tmp_path) == (
        "directory",
        f"{tmp_path} is a directory, not a config file",
    )


def test_not_utf8_names_the_byte_and_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("providers:\n  caf\xe9: {}\n".encode("latin-1"))
    reason, message = reason_and_message(path)
    assert reason == "encoding"
    assert message == (
        f"{path} is not UTF-8 text (byte 0xe9 at offset 16); config files must be UTF-8"
    )


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("providers: {}\n")
    if os.name == "posix" and os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads any file, so the refusal is simulated

        def refuse(self: Path) -> bytes:
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
    assert reason_and_message(path) == ("permission", f"cannot read {path}: permission denied")


@pytest.mark.skipif(os.name != "posix", reason="POSIX says 'Not a directory' for this")
def test_any_other_refusal_keeps_the_systems_words(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("")
    path = file / "config.yaml"  # a file used as a directory
    assert reason_and_message(path) == ("os", f"cannot read {path}: Not a directory")
