"""The "ModelForge runtime" section ``config show`` and ``doctor`` print, and its JSON.

Both commands answer the same question -- which file will ModelForge 2.x read from here, what
does it ignore, where do its keys come from -- from one ``RuntimeView``, so they say it in the
same words. No value of a credential variable is ever shown: only its name and set/unset.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.console import Console

from modelforge_lsp.config.files import RuntimeView

__all__ = ["print_runtime", "runtime_headline", "runtime_json", "runtime_lines", "short_path"]


def short_path(path: Path | str) -> str:
    """``/home/ann/.config/x`` -> ``~/.config/x``: the shape matters, not the user name."""
    text, home = str(path), str(Path.home())
    return "~" + text[len(home) :] if home != "/" and text.startswith(home + os.sep) else text


def runtime_json(view: RuntimeView) -> dict[str, Any]:
    """The view as JSON: paths in full, variables by name with ``set`` true/false only."""
    return {
        "installed": view.version,
        "json_only": view.json_runtime,
        "cwd": str(view.cwd),
        "reads": None if view.reads is None else str(view.reads),
        "scope": view.scope,
        "problem": view.problem,
        "ignored": [{"path": str(f.path), "reason": f.reason} for f in view.ignored],
        "providers": [
            {
                "key": p.key,
                "llm_type": p.llm_type,
                "auth_strategy": p.auth_strategy,
                "variable": p.variable,
                "variable_set": p.variable_set,
                "auth_data_stored": p.stored,
                "endpoint_variable": p.endpoint_variable,
                "endpoint_variable_set": p.endpoint_variable_set,
                "ready": p.ready,
                "note": p.note,
            }
            for p in view.providers
        ],
        "concerns": list(view.concerns),
    }


def runtime_headline(view: RuntimeView) -> str:
    """Which runtime, in one phrase."""
    if view.version is None:
        return "model-forge-llm not installed here; what 2.x would do"
    return f"model-forge-llm {view.version} installed here"


def runtime_lines(view: RuntimeView) -> list[str]:
    """The section as plain lines (no markup), headed ``ModelForge runtime``."""
    lines = [f"ModelForge runtime ({runtime_headline(view)}), run from {short_path(view.cwd)}:"]
    if view.reads is None:
        lines.append(
            "  reads:    nothing (no ./.model-forge/config.json, no "
            "~/.config/model-forge/config.json): an empty config"
        )
    else:
        lines.append(f"  reads:    {short_path(view.reads)} ({view.scope} config)")
        if view.problem:
            lines.append(f"            {view.problem}")
    for index, ignored in enumerate(view.ignored):
        label = "ignores:" if index == 0 else ""
        lines.append(f"  {label:<9} {short_path(ignored.path)}: {ignored.reason}")
    if view.providers:
        width = max(len(p.key) for p in view.providers)
        lines.append("  credentials (variables by name; values never shown):")
        for provider in view.providers:
            stored = "; auth_data stored in the file" if provider.stored else ""
            note = provider.note if "auth_data" in provider.note else provider.note + stored
            lines.append(f"    {provider.key:<{width}}  {note}")
    elif view.reads is not None and not view.problem:
        lines.append("  credentials: the file configures no providers")
    return lines


def print_runtime(console: Console, view: RuntimeView) -> None:
    for line in runtime_lines(view):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
