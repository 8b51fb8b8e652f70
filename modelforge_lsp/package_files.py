"""``read_package_file``: a data file shipped inside a package, read cheaply.

``importlib.resources`` is the general way, and for a package installed as files it costs a
start more than the read: its readers import ``tempfile``, ``shutil``, ``zipfile``, ``bz2`` and
``lzma`` (about 1.5 MB resident and 5 ms, paid by every start of the language server for two
small files). A package installed as files is read straight from its folder, found by its
import spec without importing it; anything else (a zip, a custom loader) through
``importlib.resources``, so the bytes are the same either way.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["read_package_file"]


def read_package_file(package: str, name: str) -> bytes:
    """The bytes of ``name`` inside ``package``; ``ModuleNotFoundError`` if there is no such
    package, ``OSError`` if it has no such file (as ``importlib.resources`` raises them)."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    for folder in spec.submodule_search_locations or ():
        path = Path(folder) / name
        if path.is_file():
            return path.read_bytes()
    from importlib import resources  # noqa: PLC0415 -- only where the package is no folder

    return resources.files(package).joinpath(name).read_bytes()
