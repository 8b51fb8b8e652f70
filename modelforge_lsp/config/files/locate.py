"""Where config files live (DESIGN §2): ours, and the one file ModelForge's runtime reads.

Our tools find a project config by walking up from the working directory, like git finds
``.git``; the user config sits in ``~/.config/model-forge/`` (``$XDG_CONFIG_HOME`` respected;
the platform's config dir elsewhere). In each place ``config.yaml`` wins over ``config.yml`` over
the older ``config.json``.

ModelForge 2.x (``model-forge-llm``) is narrower, and a user who runs it must not be handed a
file it never opens: it reads ``./.model-forge/config.json`` of the directory it runs in (no
walking up), else ``~/.config/model-forge/config.json`` (``Path.home()``, never XDG) -- JSON only,
one file, never both. So the user config the runtime reads is always found here too (after the
XDG dir), and a *new* file is ``config.json`` where the runtime is installed or a ``config.json``
is already in effect (``new_config_name``). The full account of what the runtime will read and
ignore is ``runtime_view``; this module holds only the paths and the installed version.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

__all__ = [
    "CONFIG_NAMES",
    "LOCAL_DIR",
    "RUNTIME_DISTRIBUTION",
    "RUNTIME_NAME",
    "ConfigLocation",
    "Scope",
    "find_global_config",
    "find_local_config",
    "global_config_dir",
    "installed_runtime",
    "locate_configs",
    "new_config_name",
    "reads_only_json",
    "runtime_project_file",
    "runtime_user_dir",
    "runtime_user_file",
    "write_target",
]

LOCAL_DIR = ".model-forge"
CONFIG_NAMES = ("config.yaml", "config.yml", "config.json")
RUNTIME_NAME = "config.json"
"""The only name ModelForge 2.x reads, in either place."""
RUNTIME_DISTRIBUTION = "model-forge-llm"
Scope = Literal["local", "global"]


@dataclass(frozen=True, slots=True)
class ConfigLocation:
    scope: Scope
    path: Path


def global_config_dir(home: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/model-forge``, else ``~/.config/model-forge`` (Windows: platform dir).

    ``home`` and ``environ`` default to this process's; passing them keeps a caller pure.
    """
    if sys.platform == "win32":
        return Path(platformdirs.user_config_dir("model-forge", appauthor=False))
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME") or str((home or Path.home()) / ".config")
    return Path(base) / "model-forge"


def runtime_project_file(cwd: Path) -> Path:
    """The project file ModelForge 2.x reads when run in ``cwd`` (and in no other directory)."""
    return cwd / LOCAL_DIR / RUNTIME_NAME


def runtime_user_dir(home: Path) -> Path:
    """Where ModelForge 2.x keeps the user's config: ``~/.config/model-forge`` (never XDG)."""
    return home / ".config" / "model-forge"


def runtime_user_file(home: Path) -> Path:
    """The user file ModelForge 2.x reads when the working directory has no project file."""
    return runtime_user_dir(home) / RUNTIME_NAME


def installed_runtime() -> str | None:
    """The version of ``model-forge-llm`` installed in this environment, else ``None``.

    Read from the distribution's metadata: the runtime itself is never imported (importing it
    reads config files and sets up logging and telemetry).
    """
    import importlib.metadata  # noqa: PLC0415 -- 15 ms of imports the server never needs

    try:
        return importlib.metadata.version(RUNTIME_DISTRIBUTION) or None
    except importlib.metadata.PackageNotFoundError:
        return None


def reads_only_json(version: str | None) -> bool:
    """Whether a runtime of this version reads only ``config.json`` (1.x and 2.x do; a version
    we cannot parse is taken to, since JSON is what every known release reads)."""
    if version is None:
        return False
    major = re.match(r"\d+", version)
    return major is None or int(major.group()) < 3


def new_config_name(runtime_version: str | None, in_effect: Iterable[Path]) -> str:
    """The name of a new config file: ``config.json`` when the runtime installed here reads
    only JSON or a ``config.json`` is already in effect (the user runs a JSON runtime, perhaps
    from another environment), else ``config.yaml``."""
    if reads_only_json(runtime_version) or any(p.name == RUNTIME_NAME for p in in_effect):
        return RUNTIME_NAME
    return CONFIG_NAMES[0]


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
    """The user config: the first of ours in the XDG dir, else the runtime's own
    ``~/.config/model-forge/config.json`` (they differ only when ``$XDG_CONFIG_HOME`` is set)."""
    found = _first_existing(global_config_dir())
    if found is not None:
        return found
    runtime_file = runtime_user_file(Path.home())
    return runtime_file if runtime_file.is_file() else None


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
    """The file a write in ``scope`` goes to: the existing one (its format kept), else a new
    one named by ``new_config_name`` -- a new user ``config.json`` goes where the runtime reads
    it, ``~/.config/model-forge/``."""
    here = start or Path.cwd()
    existing = find_local_config(here) if scope == "local" else find_global_config()
    if existing is not None:
        return existing
    home = Path.home()
    in_effect = [location.path for location in locate_configs(here)]
    in_effect += [p for p in (runtime_project_file(here), runtime_user_file(home)) if p.is_file()]
    name = new_config_name(installed_runtime(), in_effect)
    if scope == "local":
        return here / LOCAL_DIR / name
    return (runtime_user_dir(home) if name == RUNTIME_NAME else global_config_dir()) / name
