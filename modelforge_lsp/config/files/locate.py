"""Where config files live (DESIGN §2): a project's ``.model-forge/`` over the user's config dir.

A project config is found by walking up from the working directory, like git finds ``.git``; the
user config sits in ``~/.config/model-forge/`` (``$XDG_CONFIG_HOME`` respected; the platform's
config dir elsewhere). In each place ``config.yaml`` wins over ``config.yml`` over the older
``config.json``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

__all__ = [
    "CONFIG_NAMES",
    "LOCAL_DIR",
    "ConfigLocation",
    "Scope",
    "find_global_config",
    "find_local_config",
    "global_config_dir",
    "locate_configs",
    "write_target",
]

LOCAL_DIR = ".model-forge"
CONFIG_NAMES = ("config.yaml", "config.yml", "config.json")
Scope = Literal["local", "global"]


@dataclass(frozen=True, slots=True)
class ConfigLocation:
    scope: Scope
    path: Path


def global_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/model-forge``, else ``~/.config/model-forge`` (Windows: platform dir)."""
    if sys.platform == "win32":
        return Path(platformdirs.user_config_dir("model-forge", appauthor=False))
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "model-forge"


def _first_existing(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def find_local_config(start: Path | None = None) -> Path | None:
    """The nearest ``.model-forge/config.*`` from ``start`` (default: cwd) up to the root."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        found = _first_existing(directory / LOCAL_DIR)
        if found is not None:
            return found
    return None


def find_global_config() -> Path | None:
    return _first_existing(global_config_dir())


def locate_configs(start: Path | None = None) -> list[ConfigLocation]:
    """Existing configs, highest precedence first (local over global)."""
    found = []
    local = find_local_config(start)
    if local is not None:
        found.append(ConfigLocation("local", local))
    global_ = find_global_config()
    if global_ is not None and global_ != local:
        found.append(ConfigLocation("global", global_))
    return found


def write_target(scope: Scope, start: Path | None = None) -> Path:
    """The file a write in ``scope`` goes to: the existing one, else a new ``config.yaml``."""
    if scope == "global":
        return find_global_config() or global_config_dir() / CONFIG_NAMES[0]
    return find_local_config(start) or (start or Path.cwd()) / LOCAL_DIR / CONFIG_NAMES[0]
