"""Into a pipe, the search table and the ``info`` card print what Rich would, without Rich.

Each ``plain`` is held against Rich itself, printing the same object the way ``AppContext``
prints into a pipe: every case where ``plain`` answers must be Rich's text exactly, and the
cases it must leave to Rich (wide characters, rows too wide, folded columns) must say ``None``.
"""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console

from modelforge_lsp.catalog import Catalog, CatalogSettings, CatalogSource
from modelforge_lsp.cli.card import Card, Section
from modelforge_lsp.cli.columns import Column, FittedTable, fitted_table
from modelforge_lsp.cli.commands.info import _card
from modelforge_lsp.cli.commands.search import _COLUMNS, _GIVE_WAY
from modelforge_lsp.cli.plain import Plain, is_pipe

WIDTH = 400
"""``AppContext``'s width for a pipe."""
WIDE = "\u901a\u4e49\u5343\u95ee"
"""Four characters of two terminal cells each."""


def _rich(item: Plain, width: int = WIDTH) -> str:
    out = io.StringIO()
    console = Console(
        file=out, no_color=True, highlight=False, width=width, markup=False, emoji=False
    )
    assert not console.is_terminal
    console.print(item)
    return out.getvalue()


def _row(rng: random.Random, words: int) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-./$ "
    cells = []
    for _ in range(words):
        size = rng.choice([0, 1, 3, 8, 20])
        cells.append("".join(rng.choice(alphabet) for _ in range(size)))
    return cells


@pytest.mark.parametrize("seed", range(40))
def test_table_is_rich_text_whenever_plain_answers(seed: int) -> None:
    rng = random.Random(seed)
    columns = _COLUMNS if seed % 2 else _COLUMNS[:-1]
    rows = [_row(rng, len(columns)) for _ in range(rng.randint(0, 6))]
    width = rng.choice([WIDTH, 120, 60])
    table = fitted_table(columns, rows, width, _GIVE_WAY)
    plain = table.plain(width)
    if width == WIDTH:
        assert plain is not None  # short ASCII cells always fit 400 columns
    if plain is not None:
        assert plain == _rich(table, width)


@pytest.mark.parametrize(
    "cells",
    [
        pytest.param(["", "", "", "", "", "", ""], id="empty-cells"),
        pytest.param([" lead", "trail ", "  both  ", " ", "$1.00 ", " 1M", "x  y"], id="spaces"),
        pytest.param(["a", "b", "c" * 60, "$1", "$2", "3K", "tools"], id="one-long-name"),
    ],
)
def test_table_edge_cells(cells: list[str]) -> None:
    table = fitted_table(_COLUMNS[:-1], [cells, ["x"] * 7], WIDTH, _GIVE_WAY)
    assert table.plain(WIDTH) == _rich(table)


@pytest.mark.parametrize(
    ("cells", "width"),
    [
        pytest.param(["openai", "gpt", "GPT \u00e9", "$1", "$2", "3K", "x"], WIDTH, id="accent"),
        pytest.param(["qwen", "q", WIDE, "$1", "$2", "3K", "x"], WIDTH, id="wide"),
        pytest.param(["p", "m", "tab\there", "$1", "$2", "3K", "x"], WIDTH, id="tab"),
        pytest.param(["p" * 30, "m" * 40, "n" * 30, "$1", "$2", "3K", "c" * 30], 80, id="folds"),
        pytest.param(["p", "m" * 390, "n", "$1", "$2", "3K", "c"], WIDTH, id="too-wide"),
    ],
)  # fmt: skip
def test_table_left_to_rich(cells: list[str], width: int) -> None:
    table = fitted_table(_COLUMNS[:-1], [cells], width, _GIVE_WAY)
    assert table.plain(width) is None


def test_hidden_columns_are_left_out() -> None:
    columns = (Column("a", hide=True, minimum=1), Column("b", keep=True))
    table = FittedTable(columns, (0, 3), (("x", "yyy"),), (1, 3))
    assert table.plain(WIDTH) == "b  \nyyy\n" == _rich(table)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    cache_dir = tmp_path_factory.mktemp("plain") / "cache"
    return CatalogSource(CatalogSettings(cache_dir=cache_dir, offline=True)).load()


def test_info_cards_of_the_bundled_catalog_are_rich_text(catalog: Catalog) -> None:
    """Every 20th model of the bundled catalog and every deprecated one (a successor line)."""
    models = [m for p in catalog.providers for m in p.models.values()]
    chosen = models[::20] + [m for m in models if m.is_deprecated]
    answered = 0
    for model in chosen:
        card = _card(model, catalog)
        plain = card.plain(WIDTH)
        if plain is not None:
            answered += 1
            assert plain == _rich(card), f"{model.provider_id}/{model.id}"
    assert answered > len(chosen) * 0.9  # only non-ASCII names are left to Rich


@pytest.mark.parametrize(
    ("card", "answers"),
    [
        pytest.param(
            Card(("T",), (Section("", (("a", "1"),)), Section("H", (("", "none"),))), 15),
            True, id="empty-label",
        ),
        pytest.param(
            Card(
                (("Name", "bold"), "  ", ("p/m", "cyan")),
                (Section("", (("status", ("deprecated; successor: p/n", "yellow")),)),),
                15,
            ),
            True, id="styled-values",
        ),
        pytest.param(
            Card(("T",), (Section("", (("a-very-long-label-here", "v"), ("b", "w"))),), 15),
            True, id="label-wider-than-minimum",
        ),
        pytest.param(Card(("T",), (Section("", (("a", "v" * 390),)),), 15), False, id="folds"),
        pytest.param(Card(("T" * 401,), (Section("", (("a", "v"),)),), 15), False, id="wraps"),
        pytest.param(Card(("T",), (Section("", (("a", "\u00e9"),)),), 15), False, id="accent"),
        pytest.param(Card(("T",), (Section("", (("a", ""),)),), 15), False, id="empty-column"),
    ],
)  # fmt: skip
def test_card_edges(card: Card, answers: bool) -> None:
    plain = card.plain(WIDTH)
    assert (plain is not None) == answers
    if plain is not None:
        assert plain == _rich(card)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize(
    "env",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "0"},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
        {"TTY_COMPATIBLE": "x", "FORCE_COLOR": "1"},
        {"NO_COLOR": "1"},
    ],
)
def test_is_pipe_agrees_with_rich(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str]
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Stream(tty)
    assert is_pipe(stream) == (not Console(file=stream).is_terminal)


def test_under_ipython_rich_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    assert is_pipe(_Stream(tty=False))
    monkeypatch.setattr("builtins.get_ipython", lambda: None, raising=False)
    assert not is_pipe(_Stream(tty=False))
