"""Project settings files seen from the server: which project a document is in, and its catalog.

A document's project settings (``config.files.project``) can add custom providers, so two open
documents may need two catalogs. ``Projects`` keeps the settings cache and the catalogs built
from it -- the server's base catalog extended by a project's providers (then the editor's) --
per catalog generation, so one is built once per project and catalog, not per request.
"""

from __future__ import annotations

from pathlib import Path

from pygls.uris import to_fs_path

from modelforge_lsp.catalog import Catalog, ProviderInfo
from modelforge_lsp.config.files import ProjectSettings, ProjectSettingsCache

__all__ = ["Projects", "directory_of"]

_CATALOGS_KEPT = 16


def directory_of(uri: str) -> Path | None:
    """The directory of a ``file:`` document (where its project settings are looked for)."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path).parent if path else None


class Projects:
    """The project settings cache and the catalogs extended by each project's providers."""

    def __init__(self) -> None:
        self.settings = ProjectSettingsCache()
        self._catalogs: dict[tuple[int, Path | None], tuple[ProjectSettings, Catalog]] = {}

    def catalog_for(
        self,
        uri: str,
        base: Catalog | None,
        served: Catalog | None,
        generation: int,
        editor_providers: tuple[ProviderInfo, ...],
    ) -> Catalog | None:
        """``served`` (the base with the editor's providers) unless ``uri``'s project adds
        providers of its own: then ``base`` extended by them (from the last look at the
        project file; no I/O here)."""
        directory = directory_of(uri)
        project = self.settings.cached(directory) if directory else ProjectSettings()
        if not project.custom_providers or base is None:
            return served
        key = (generation, project.source)
        known = self._catalogs.get(key)
        if known is None or known[0] != project:
            if len(self._catalogs) > _CATALOGS_KEPT:
                self._catalogs.clear()
            known = (project, project.extend(base, editor_providers))
            self._catalogs[key] = known
        return known[1]
