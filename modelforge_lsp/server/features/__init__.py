"""One module per LSP concern; each exposes ``register(server)`` (wired in ``server.app``)."""
