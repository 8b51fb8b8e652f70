"""The language server: LSP in, the ``catalog`` and ``config`` layers' answers out.

::

    from modelforge_lsp.server import create_server
    create_server().start_io()          # what ``modelforge-lsp`` does

``app.create_server`` wires the features (``features/<name>.py``) onto a ``ModelForgeServer``,
which holds the state they share; ``ServerSettings`` is what an editor may configure. The
names load on first use: ``python -m modelforge_lsp.server --version`` must not pay for pygls
and every feature, and running ``__main__`` must not find it imported already.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelforge_lsp.server.__main__ import main
    from modelforge_lsp.server.app import create_server
    from modelforge_lsp.server.server import ModelForgeServer
    from modelforge_lsp.server.settings import ServerSettings

__all__ = ["ModelForgeServer", "ServerSettings", "create_server", "main"]

_HOMES = {
    "ModelForgeServer": "modelforge_lsp.server.server",
    "ServerSettings": "modelforge_lsp.server.settings",
    "create_server": "modelforge_lsp.server.app",
    "main": "modelforge_lsp.server.__main__",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
