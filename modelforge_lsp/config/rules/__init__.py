"""One module per family of checks; ``config.checks.check`` runs them all.

Codes: MF1xx syntax, MF2xx schema, MF3xx catalog, MF4xx references, MF5xx security.
Each rule is a pure function of the parsed document (and the catalog where it needs one).
"""
