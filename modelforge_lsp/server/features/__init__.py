"""One module per LSP concern; each exposes ``register(server)`` (see ``server.create_server``)."""
