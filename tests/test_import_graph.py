"""The layer rules of DESIGN section 3, and no import cycles, read from the source itself.

Every ``import`` in ``modelforge_lsp`` counts, including those inside functions; only imports
under ``if TYPE_CHECKING:`` are left out (they never run). A package importing its own
sub-modules (re-exports in ``__init__``) is not a dependency of design and is left out too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1] / "modelforge_lsp"
PACKAGE = "modelforge_lsp"

LAYERS_NEVER = {
    "catalog": {"config", "server", "cli"},
    "config": {"server", "cli"},
    "server": {"cli"},
    "cli": {"server"},
}
"""Layer -> the layers it must never import."""

CONFIG_ORDER = {"language": 0, "syntax": 1, "checks": 2, "assist": 3, "files": 3}
"""``config`` sub-packages import only those of a lower rank (assist and files: neither other)."""

THIRD_PARTY_NEVER = {
    "catalog": {"pygls", "lsprotocol", "click", "rich", "questionary", "ruamel"},
    "config": {"pygls", "lsprotocol", "click", "rich", "questionary", "httpx"},
    "server": {"click", "rich", "questionary"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in ROOT.rglob("*.py")}


def _imports(name: str, path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for statement in branch.body
        for node in ast.walk(statement)
    }
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _internal(name: str, targets: Iterator[str]) -> set[str]:
    return {t for t in targets if t in MODULES and t != name and not t.startswith(name + ".")}


GRAPH = {name: _internal(name, _imports(name, path)) for name, path in MODULES.items()}
EXTERNAL = {
    name: {t.split(".")[0] for t in _imports(name, path) if not t.startswith(PACKAGE)}
    for name, path in MODULES.items()
}


def _part(name: str, depth: int) -> str:
    parts = name.split(".")
    return parts[depth] if len(parts) > depth else ""


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start, targets in GRAPH.items():
        if start in index:
            continue
        work = [(start, iter(sorted(targets)))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_was_read() -> None:
    """The reader sees real edges (a broken reader would make every rule below pass)."""
    assert len(MODULES) > 50
    assert "modelforge_lsp.config.syntax.tree" in GRAPH["modelforge_lsp.config.syntax.parse"]
    assert "ruamel" in EXTERNAL["modelforge_lsp.config.syntax.compose"]


def test_no_import_cycles() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("layer", sorted(LAYERS_NEVER))
def test_layer_rules(layer: str) -> None:
    broken = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if _part(name, 1) == layer
        for target in targets
        if _part(target, 1) in LAYERS_NEVER[layer]
    )
    assert broken == []


@pytest.mark.parametrize("layer", sorted(THIRD_PARTY_NEVER))
def test_third_party_rules(layer: str) -> None:
    broken = sorted(
        f"{name} -> {target}"
        for name, targets in EXTERNAL.items()
        if _part(name, 1) == layer
        for target in targets
        if target in THIRD_PARTY_NEVER[layer]
    )
    assert broken == []


def test_config_sub_packages_import_one_way() -> None:
    broken = []
    for name, targets in GRAPH.items():
        if _part(name, 1) != "config" or _part(name, 2) not in CONFIG_ORDER:
            continue
        rank = CONFIG_ORDER[_part(name, 2)]
        for target in targets:
            sub = _part(target, 2)
            inward = _part(target, 1) == "config" and sub in CONFIG_ORDER
            if inward and sub != _part(name, 2) and CONFIG_ORDER[sub] >= rank:
                broken.append(f"{name} -> {target}")
    assert broken == []


def test_cli_commands_never_import_each_other() -> None:
    prefix = f"{PACKAGE}.cli.commands."
    broken = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if name.startswith(prefix)
        for target in targets
        if target.startswith(prefix)
    )
    assert broken == []


def test_server_features_import_the_server_type_only_for_type_checking() -> None:
    prefix = f"{PACKAGE}.server.features."
    broken = sorted(
        name
        for name, targets in GRAPH.items()
        if name.startswith(prefix) and f"{PACKAGE}.server.server" in targets
    )
    assert broken == []
