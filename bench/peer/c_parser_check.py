"""Could ruamel.yaml.clib (libyaml in C) parse our configs with the same marks? Evidence.

Run: ``.venv/bin/python bench/peer/c_parser_check.py`` (installs ``ruamel.yaml.clib`` into
``bench/.peer/clib`` with pip on first use, leaving the project's environment alone).

Our parse (``config/syntax/compose.py``) is ruamel's *safe* composer over the pure-Python scanner
and parser -- not the round-trip loader: comments and spans come from our own line scan and the
marks' character ``index``, so what the C parser lacks for round-tripping (comments: ruamel's
``typ="rt"`` always uses the pure-Python ``RoundTripParser``) is not needed. This compares, on
the bench's generated configs and some broken ones, our composer as it is with the same composer
fed by the C parser's events: nodes (kind, start and end index, scalar value), the index after an
astral character, where each syntax error is reported and what it says, and the time taken.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLIB = HERE.parent / ".peer" / "clib"
sys.path.insert(0, str(HERE.parent))

BROKEN = [
    "providers:\n  openai: {llm_type: openai_compatible\n",
    "a: b: c\n",
    "a:\n\t- x\n",
    "key: [1, 2\n",
    "a: \x07\n",
    "a: " + "[" * 20_000 + "\n",
]


def _install() -> None:
    if not CLIB.exists():
        pip = [sys.executable, "-m", "pip", "install", "-q", "--target", str(CLIB)]
        subprocess.run([*pip, "ruamel.yaml.clib"], check=True)
    sys.path.insert(0, str(CLIB))


def main() -> None:
    _install()
    from lsp_bench import generate_config
    from ruamel.yaml import YAML
    from ruamel.yaml.cyaml import CParser
    from ruamel.yaml.nodes import Node
    from ruamel.yaml.resolver import BaseResolver

    from modelforge_lsp.config.syntax import compose as ours
    from modelforge_lsp.config.syntax.compose import LineIndex, compose, syntax_issue

    class Events(CParser, BaseResolver):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            BaseResolver.__init__(self)

    class Loader:
        max_depth = ours.MAX_DEPTH

        def __init__(self, text: str) -> None:
            self._parser = self._resolver = Events(text)
            self._composer = None

    def compose_c(text: str) -> Any:
        composer = ours._Composer(Loader(text))
        composer.check_node()
        return composer.get_node()

    def nodes(node: Any, out: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        value = node.value if isinstance(node, Node) else None
        scalar = value if isinstance(value, str) else None
        out.append((type(node).__name__, node.start_mark.index, node.end_mark.index, scalar))
        for item in value if isinstance(value, list) else []:
            for child in item if isinstance(item, tuple) else (item,):
                nodes(child, out)
        return out

    print("round-trip loader with the C extension:", YAML(typ="rt", pure=False).Parser.__name__)
    for size in (16, 861, 5000):
        text, _ = generate_config(size)
        lines = LineIndex(text)
        started = time.perf_counter()
        pure, _ = compose(text, lines)
        pure_s = time.perf_counter() - started
        started = time.perf_counter()
        fast = compose_c(text)
        c_s = time.perf_counter() - started
        a, b = nodes(pure, []), nodes(fast, [])
        print(
            f"{text.count(chr(10)):5} lines: pure {pure_s * 1000:6.0f} ms, C events "
            f"{c_s * 1000:5.0f} ms ({pure_s / c_s:4.1f}x); {len(a)} nodes, identical: {a == b}"
        )
    astral = "a: \U0001f600x\nb: [1, 2]\nc: é\n"
    pure, _ = compose(astral, LineIndex(astral))
    print("after an astral character, identical:", nodes(pure, []) == nodes(compose_c(astral), []))
    for text in BROKEN:
        lines = LineIndex(text)
        found = []
        for run in (lambda t=text, i=lines: compose(t, i), lambda t=text: compose_c(t)):
            try:
                run()
                found.append(None)
            except Exception as error:
                found.append(syntax_issue(error, text, lines))
        pure_issue, c_issue = found
        same = pure_issue is not None and c_issue is not None and pure_issue.span == c_issue.span
        print(f"{text[:24]!r:28} same place: {same}")
        print(f"    pure: {pure_issue.message if pure_issue else None}")
        print(f"    C:    {c_issue.message if c_issue else None}")


if __name__ == "__main__":
    main()
