"""One module per LSP concern; each exposes ``register(server)`` (wired in ``server.app``).

The threading rule, which every handler follows where it is declared: handlers run on the event
loop, so nothing proportional to the file's size may run there. A handler that needs the parse
is ``async def`` and gets it with ``await ls.parse(state)``; findings come from
``await ls.check_document(state)``; completion and hover answer from the text (or a parse that
already exists) in a worker thread. Only work that is small whatever the file stays inline.
"""
