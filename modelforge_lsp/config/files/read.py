"""Reading a config file: one reader, one error, one message per way it can fail.

Every command that reads a user's config -- ``validate``, ``migrate``, ``add``, ``show`` and the
merge behind ``show --resolved`` -- reads it here, so a file that cannot be read is reported the
same way by all of them: a ``ConfigReadError`` whose message names the file and says what is
wrong (missing, a directory, not permitted, not UTF-8), never a traceback.

The text is returned exactly as stored: decoded as UTF-8 (what ModelForge reads; there is no
other encoding to guess), line endings untranslated (a writer keeps a file's ``\\r\\n``, and the
positions in findings count what is in the file) and a byte-order mark kept.
"""

from __future__ import annotations

from pathlib import Path

from modelforge_lsp.errors import ConfigReadError

__all__ = ["ConfigReadError", "read_config_text"]


def read_config_text(path: Path) -> str:
    """The text of the config at ``path``; ``ConfigReadError`` when it cannot be read as text.

    ``reason`` on the error is ``missing``, ``directory``, ``permission``, ``encoding`` or
    ``os`` (anything else the system refused), so a caller can treat one case on its own -- a
    writer adding to a file that does not exist yet starts from empty text.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise ConfigReadError(f"{name} does not exist", path=name, reason="missing") from error
    except IsADirectoryError as error:
        raise _directory(name) from error
    except PermissionError as error:
        if path.is_dir():  # Windows refuses to open a directory with "access denied"
            raise _directory(name) from error
        raise ConfigReadError(
            f"cannot read {name}: permission denied", path=name, reason="permission"
        ) from error
    except OSError as error:
        raise ConfigReadError(
            f"cannot read {name}: {error.strerror or error}", path=name, reason="os"
        ) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigReadError(
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "config files must be UTF-8",
            path=name,
            reason="encoding",
        ) from error


def _directory(name: str) -> ConfigReadError:
    return ConfigReadError(
        f"{name} is a directory, not a config file", path=name, reason="directory"
    )
