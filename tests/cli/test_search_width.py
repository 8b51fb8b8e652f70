"""``search`` at 80 and 200 columns on a real pseudo-terminal: prices and context never go.

At 80 columns the table used to drop price and context (what people choose a model by) while
the display name kept its room. Now the name gives way first, capabilities fold, ids fold
last; on any width each row shows both prices and the context window.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from modelforge_lsp.cli.columns import Column, fit
from tests.cli.pty_terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _screen(columns: int, args: list[str], cache_dir: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env |= {"MODELFORGE_CACHE_DIR": str(cache_dir), "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("COLUMNS", None)  # the terminal's own size decides
    term = Terminal(["--offline", "--quiet", "search", *args], env, columns=columns)
    try:
        assert term.finish() == 0, term.screen
        return term.screen.splitlines()
    finally:
        term.close()


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["claude sonnet 4.5", "-p", "anthropic", "-n", "3"], id="anthropic"),
        pytest.param(["gpt-4o-mini", "-p", "openai", "-n", "3"], id="openai"),
        pytest.param(["claude opus", "-p", "openrouter", "-n", "3"], id="long-ids"),
        pytest.param(["-c", "tool_call", "--sort", "price", "-n", "3"], id="cheapest"),
    ],
)
def test_prices_and_context_stay(cache_dir: Path, columns: int, args: list[str]) -> None:
    lines = _screen(columns, args, cache_dir)
    header = lines[0]
    for title in ("in $/1M", "out $/1M", "context"):
        assert title in header, header
    assert all(len(line) <= columns for line in lines)
    rows = [line for line in lines[1:] if line[:1].strip()]  # a row starts with its provider
    assert len(rows) == 3, lines
    start = header.index("in $/1M")
    for row in rows:  # input (a $0 says why: "$0 free"), output, context
        cells = re.match(
            r"\s*\$\S+(?: (?:sub|free|local))?\s+\$\S+\s+(\d+(?:\.\d+)?[KM]?)\b", row[start:]
        )
        assert cells is not None, row
    if columns == 200:  # room for everything, on one line each
        assert "name" in header and "capabilities" in header
        assert len(lines) == 4


def test_the_name_gives_way_before_capabilities_at_80(cache_dir: Path) -> None:
    lines = _screen(80, ["claude sonnet 4.5", "-p", "anthropic", "-n", "3"], cache_dir)
    assert "capabilities" in lines[0] and "name" not in lines[0].split()
    assert "reasoning" in "\n".join(lines)  # folded onto more lines, not cut


def test_keep_columns_never_shrink() -> None:
    columns = [Column("a", minimum=4, hide=True), Column("b", keep=True), Column("c", minimum=3)]
    widths = fit(columns, [30, 10, 20], 30, [(0, "shrink"), (1, "shrink"), (2, "shrink")])
    assert widths == [4, 10, 12]
    widths = fit(columns, [30, 10, 20], 20, [(0, "shrink"), (2, "shrink"), (0, "hide")])
    assert widths == [0, 10, 3]
