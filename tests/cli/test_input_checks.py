"""Mistyped commands get a did-you-mean; input that cannot mean anything is refused (exit 2)
before anything is read or written; help points at docs an installed user can open."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelforge_lsp.cli.main import DOCS_URL
from tests.cli.conftest import RunCli


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        pytest.param(("serch", "gpt"), "did you mean 'search'?", id="search"),
        pytest.param(("compre",), "did you mean 'compare'?", id="compare"),
        pytest.param(("config", "valdate"), "did you mean 'validate'?", id="config-validate"),
        pytest.param(("config", "shwo"), "did you mean 'show'?", id="config-show"),
    ],
)
def test_a_mistyped_command_gets_a_did_you_mean(
    run_cli: RunCli, args: tuple[str, ...], suggestion: str
) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert f"No such command '{args[-1] if args[0] == 'config' else args[0]}'" in result.err
    assert suggestion in result.err


def test_nothing_close_gets_no_guess(run_cli: RunCli) -> None:
    result = run_cli("zzqqx")
    assert result.code == 2 and "No such command 'zzqqx'." in result.err
    assert "did you mean" not in result.err


@pytest.mark.parametrize(
    "args", [(), ("search",), ("config",), ("config", "add-auto"), ("discover",)]
)
def test_help_points_at_what_an_installed_user_has(run_cli: RunCli, args: tuple[str, ...]) -> None:
    result = run_cli(*args, "--help")
    assert result.code == 0
    assert "docs/cli.md" not in result.out and "DESIGN" not in result.out
    assert "§" not in result.out
    if not args:
        assert DOCS_URL in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("config", "add", "-p", "openai", "-m", "gpt-4o", "--local", "--global"),
                     "--local and --global contradict each other", id="add-local-global"),
        pytest.param(("config", "use", "gpt-4o", "--global", "--local"),
                     "--local and --global contradict each other", id="use-local-global"),
        pytest.param(("config", "add", "-p", "openai", "-m", "gpt-4o", "--alias", ""),
                     "'--alias': cannot be empty", id="add-empty-alias"),
        pytest.param(("discover", "-p", "openai", "-m", "gpt-4o", "--alias", " ", "--yes"),
                     "'--alias': cannot be empty", id="discover-empty-alias"),
        pytest.param(("config", "add-auto", "--alias", "", "--yes"),
                     "'--alias': cannot be empty", id="add-auto-empty-alias"),
        pytest.param(("config", "add", "-p", "", "-m", "gpt-4o"), "cannot be empty",
                     id="add-empty-provider"),
        pytest.param(("search", "gpt", "-p", ""), "'--provider': cannot be empty",
                     id="search-empty-provider"),
        pytest.param(("discover", "-p", "openai", "-m", "", "--yes"), "'--model': cannot be empty",
                     id="discover-empty-model"),
        pytest.param(("search", "--max-price", "-1"), "'--max-price': -1.0 is not in the range",
                     id="negative-price"),
        pytest.param(("search", "--min-context", "-5"), "'--min-context': -5 is not in the range",
                     id="negative-context"),
        pytest.param(("config", "add-auto", "--budget", "-1"), "'--budget'", id="negative-budget"),
        pytest.param(("compare", "openai/gpt-4o", "openai/gpt-4o"),
                     "openai/gpt-4o named twice; compare different models", id="compare-same"),
        pytest.param(("compare", "openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4o"),
                     "openai/gpt-4o named twice", id="compare-one-of-three-twice"),
        pytest.param(("info", ""), "'PROVIDER': cannot be empty", id="info-empty"),
        pytest.param(("info", "openai", ""), "'[MODEL]': cannot be empty", id="info-empty-model"),
    ],
)  # fmt: skip
def test_meaningless_input_is_refused(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    home = tmp_path / "home"
    (home / "proj").mkdir(parents=True)
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    result = run_cli("--offline", *args, env=env)
    assert result.code == 2, (result.out, result.err)
    assert message in result.err
    assert not (home / ".config").exists()  # nothing written
