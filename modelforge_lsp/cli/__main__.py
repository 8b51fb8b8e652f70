"""``python -m modelforge_lsp.cli`` runs the ``modelforge`` CLI."""

from modelforge_lsp.cli.main import main

main()
