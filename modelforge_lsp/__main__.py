"""``python -m modelforge_lsp`` starts the language server (editors fall back to this)."""

from modelforge_lsp.server.__main__ import main

main()
