"""Do libyaml's events (ruamel.yaml.clib) equal ruamel's pure-Python ones on our configs? Evidence.

Run: ``.venv/bin/python bench/peer/c_parser_check.py``.

Our parse builds the tree from parser events (``config/syntax/build.py``), taken from libyaml's
parser from ``FAST_PARSE_CHARS`` on. This compares, on the bench's generated configs, an astral
character and some broken texts, the two parsers' events (kind, start and end index, value,
anchor, tag, style), where each syntax error is reported and what it says, and the time of a
whole parse with each parser (``parse._parse_full``: without the fast path for plain block YAML,
which reads these configs with no parser at all -- ``bench/parse_bench.py`` times that).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BROKEN = [
    "providers:\n  openai: {llm_type: openai_compatible\n",
    "a: b: c\n",
    "a:\n\t- x\n",
    "key: [1, 2\n",
    "a: \x07\n",
    "a: " + "[" * 20_000 + "\n",
]


def events(text: str, *, fast: bool) -> list[tuple[Any, ...]]:
    from modelforge_lsp.config.syntax.compose import open_parser

    parser = open_parser(text, fast=fast)
    out = []
    while parser.check_event():
        event = parser.get_event()
        out.append(
            (
                type(event).__name__,
                event.start_mark.index,
                event.end_mark.index,
                getattr(event, "value", None),
                getattr(event, "anchor", None),
                str(getattr(event, "ctag", None)),
                getattr(event, "style", None) or None,
            )
        )
    return out


def failure(text: str, *, fast: bool) -> str:
    from modelforge_lsp.config.syntax.compose import syntax_issue
    from modelforge_lsp.config.syntax.reading import LineIndex

    try:
        events(text, fast=fast)
    except Exception as error:
        issue = syntax_issue(error, text, LineIndex(text))
        return f"{issue.span.start.line}:{issue.span.start.character} {issue.message}"
    return "no error"


def main() -> None:
    from lsp_bench import generate_config

    from modelforge_lsp.config.syntax import compose
    from modelforge_lsp.config.syntax.parse import _parse_full

    if compose.CParser is None:
        sys.exit("ruamel.yaml.clib is not installed here")
    for size in (16, 861, 5000):
        text, _ = generate_config(size)
        same = events(text, fast=False) == events(text, fast=True)
        times = []
        for c_parser in (None, compose.CParser):
            compose.CParser = c_parser
            started = time.perf_counter()
            _parse_full(text)  # the parser's path: these configs would take the block fast path
            times.append(time.perf_counter() - started)
        pure_s, c_s = times
        print(
            f"{text.count(chr(10)):5} lines: full parse pure {pure_s * 1000:6.0f} ms, "
            f"C {c_s * 1000:5.0f} ms ({pure_s / c_s:4.1f}x); events identical: {same}"
        )
    astral = "a: \U0001f600x\nb: [1, 2]\nc: é\n"
    same = events(astral, fast=False) == events(astral, fast=True)
    print("after an astral character, identical:", same)
    for text in BROKEN:
        print(f"{text[:24]!r:28}")
        print(f"    pure: {failure(text, fast=False)}")
        print(f"    C:    {failure(text, fast=True)}")


if __name__ == "__main__":
    main()
