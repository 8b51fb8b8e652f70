"""ModelForge LSP: a language server and CLI for LLM provider/model configs.

The layers (see DESIGN.md §3): ``catalog`` knows models.dev, ``config`` knows the
config language, ``server`` and ``cli`` are thin fronts over both.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
