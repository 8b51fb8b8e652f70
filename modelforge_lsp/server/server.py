"""The ``LanguageServer`` subclass: per-document state and settings; features register on it.

The language-server issue fills in the features (DESIGN §4); the foundation only proves the
process starts, answers ``initialize`` and shuts down cleanly.
"""

from __future__ import annotations

from pygls.lsp.server import LanguageServer

from modelforge_lsp import __version__

__all__ = ["ModelForgeServer", "create_server"]


class ModelForgeServer(LanguageServer):
    """Holds the catalog and per-document state shared by every feature module."""


def create_server() -> ModelForgeServer:
    return ModelForgeServer("modelforge-lsp", __version__)
