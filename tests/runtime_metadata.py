"""An installed ``model-forge-llm`` as ``importlib.metadata`` sees it: its dist-info alone.

Our code never imports the runtime; it asks the environment's distribution metadata whether
the runtime is installed and which version (``config.files.installed_runtime``). A directory
holding a ``model_forge_llm-<version>.dist-info/METADATA`` -- what pip writes for every install --
put on ``sys.path`` (in process) or ``PYTHONPATH`` (for a CLI subprocess) is therefore exactly
an environment with the runtime installed, as far as any of our code can tell, without its
code and dependencies (installed next to us, its ``modelforge`` script would replace ours). The
real runtime's own dist-info is used by ``tests/runtime``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["install_metadata"]


def install_metadata(directory: Path, version: str = "2.3.0") -> Path:
    """Write ``model-forge-llm``'s metadata for ``version`` under ``directory``; return it."""
    dist_info = directory / f"model_forge_llm-{version}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: model-forge-llm\nVersion: {version}\n"
    )
    return directory
