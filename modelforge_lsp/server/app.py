"""The composition root: which features make up the server, and the one place that builds it.

Each ``features/<name>.py`` adds its handlers in ``register(server)`` and imports the server
type only for type checking, so features never import the server module at run time and the
server module never imports a feature: the dependency points one way, into this module. Like
taplo's ``create_server`` or esbonio's module list, the whole of what the server does can be
read here, in the order it is wired.

Order matters where features share a notification: ``configuration`` owns ``initialize``, and
``documents`` records each new version before the listeners of ``diagnostics`` (and any later
feature) hear of it.
"""

from __future__ import annotations

from typing import Protocol

from modelforge_lsp.server.features import (
    actions,
    commands,
    completion,
    configuration,
    definition,
    diagnostics,
    documents,
    hover,
    inlay_hints,
    links,
    rename,
    symbols,
)
from modelforge_lsp.server.server import ModelForgeServer

__all__ = ["FEATURES", "Feature", "create_server"]


class Feature(Protocol):
    """A feature module: it adds its handlers and listeners to ``server``."""

    def register(self, server: ModelForgeServer) -> None: ...


FEATURES: tuple[Feature, ...] = (
    configuration,
    documents,
    diagnostics,
    commands,
    actions,
    symbols,
    inlay_hints,
    definition,
    links,
    rename,
    completion,
    hover,
)


def create_server(features: tuple[Feature, ...] = FEATURES) -> ModelForgeServer:
    """A server with ``features`` registered, in order; ready for ``start_io``/``start_tcp``."""
    server = ModelForgeServer()
    for feature in features:
        feature.register(server)
    return server
