"""Shell completion: ``modelforge completion bash|zsh|fish`` and provider and model names.

The bash case runs real bash on the script we print; the others speak click's completion
protocol (``_MODELFORGE_COMPLETE``) to the real entry point, as the zsh and fish scripts do.
Names come from the catalog on disk, never the network: a stale cache next to a live fake
models.dev gets no request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.fake_modelsdev import FakeModelsDev

SCRIPT = Path(sys.executable).parent / "modelforge"


def complete(run_cli: RunCli, words: str, env: dict[str, str] | None = None) -> list[str]:
    """What the shell would offer after ``words`` (the last word is the one being typed)."""
    parts = words.split(" ")
    result = run_cli(
        env={"_MODELFORGE_COMPLETE": "bash_complete", "COMP_WORDS": words,
             "COMP_CWORD": str(len(parts) - 1)} | (env or {}),
    )  # fmt: skip
    assert result.code == 0, result.err
    return [line.split(",", 1)[1] for line in result.out.splitlines()]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef modelforge"), ("fish", "complete")],
)
def test_completion_prints_the_script(run_cli: RunCli, shell: str, marker: str) -> None:
    result = run_cli("completion", shell)
    assert result.code == 0, result.err
    assert "_MODELFORGE_COMPLETE" in result.out and marker in result.out


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param("modelforge sea", ["search"], id="command"),
        pytest.param("modelforge config ad", ["add", "add-auto"], id="subcommand"),
        pytest.param("modelforge info anthro", ["anthropic"], id="info-provider"),
        pytest.param("modelforge info openai gpt-4o-mi", ["gpt-4o-mini"], id="info-model"),
        pytest.param("modelforge info openai/gpt-4o-mi", ["openai/gpt-4o-mini"], id="info-ref"),
        pytest.param("modelforge search -p opena", ["openai"], id="search-provider"),
        pytest.param("modelforge search -c st", ["structured"], id="capability-word"),
        pytest.param("modelforge config add -p openai -m gpt-4o-mi", ["gpt-4o-mini"],
                     id="add-model"),
        pytest.param("modelforge compare anthropic/claude-sonnet-4-5",
                     ["anthropic/claude-sonnet-4-5"], id="compare-ref"),
    ],
)  # fmt: skip
def test_names_complete(run_cli: RunCli, words: str, expected: list[str]) -> None:
    offered = complete(run_cli, words)
    for name in expected:
        assert name in offered, offered


def test_compare_offers_providers_then_their_models(run_cli: RunCli) -> None:
    assert "openai/" in complete(run_cli, "modelforge compare open")
    assert all(v.startswith("anthropic/") for v in complete(run_cli, "modelforge compare anthropi"))


def test_completion_never_touches_the_network(
    run_cli: RunCli, modelsdev_server: FakeModelsDev
) -> None:
    env = {"MODELFORGE_CATALOG_URL": modelsdev_server.url, "MODELFORGE_CACHE_TTL": "0"}
    assert "openai" in complete(run_cli, "modelforge info ope", env)
    assert modelsdev_server.requests == []


@pytest.mark.skipif(shutil.which("bash") is None or not SCRIPT.exists(), reason="needs bash")
def test_real_bash_completes_with_the_printed_script(cache_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    env |= {"MODELFORGE_CACHE_DIR": str(cache_dir), "PATH": f"{SCRIPT.parent}:{env['PATH']}"}
    program = (
        'eval "$(modelforge completion bash)"\n'
        "COMP_WORDS=(modelforge config add -p openai -m gpt-4o-mi); COMP_CWORD=6\n"
        "_modelforge_completion modelforge\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "gpt-4o-mini" in done.stdout.split()
