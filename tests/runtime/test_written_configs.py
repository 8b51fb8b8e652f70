"""Configs written by our CLI build the right chat model in the real runtime (issue 9, item 7).

A user runs ``modelforge config add -p <provider> -m <model>`` for each provider they use, then
their code calls ``ModelForgeRegistry().get_llm(<provider>, <model>)``. That only works if the
block we wrote names the runtime's key spelling, the right ``llm_type``, the provider's real
OpenAI-compatible endpoint and an ``auth_strategy`` that makes the runtime read its
``MODELFORGE_*`` variable. So this module does exactly that: one project config written by our
CLI (a subprocess, offline, on the bundled catalog), then a fresh runtime process that builds
every provider of it (construction only: no request is sent), each provider's variable holding
a dummy credential of its own -- distinct values, so each build shows which variable it read.

Endpoints are checked twice: against our curated table (``runtime_provider``), which is what the
writer is supposed to use, and against the endpoint written here literally from each provider's
docs -- so a wrong table entry fails too, instead of being copied into the expectation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.snapshot import load_snapshot
from modelforge_lsp.config.language import runtime_provider
from tests.runtime.conftest import build_all

ROOT = Path(__file__).parents[2]


@dataclass(frozen=True, slots=True)
class Case:
    provider: str
    """What the user passes to our ``config add -p`` (the models.dev id, or ``ollama``)."""
    model: str
    """A current catalog model id of that provider; the alias written is the same id."""
    endpoint: str
    """Where the built model sends requests, from the provider's docs (not from our table)."""
    llm_class: str = "ChatOpenAI"
    written_key: str = ""
    """The provider key our writer must write, the runtime's spelling (default: ``provider``)."""
    typed: str = ""
    """What a runtime user passes to ``get_llm`` (default: the key; the runtime folds ``-``)."""

    @property
    def key(self) -> str:
        return self.written_key or self.provider

    @property
    def asked(self) -> str:
        return self.typed or self.key


CASES = [
    Case("openai", "gpt-4.1-mini", "https://api.openai.com/v1"),
    Case("anthropic", "claude-sonnet-4-5", "https://api.anthropic.com/v1"),
    Case("mistral", "mistral-small-latest", "https://api.mistral.ai/v1"),
    Case("groq", "llama-3.3-70b-versatile", "https://api.groq.com/openai/v1"),
    Case("deepseek", "deepseek-chat", "https://api.deepseek.com"),
    Case("openrouter", "anthropic/claude-sonnet-4.5", "https://openrouter.ai/api/v1"),
    Case("togetherai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "https://api.together.xyz/v1"),
    Case("xai", "grok-4.3", "https://api.x.ai/v1"),
    Case("cerebras", "gpt-oss-120b", "https://api.cerebras.ai/v1"),
    Case(
        "google", "gemini-2.5-flash", "generativelanguage.googleapis.com", "ChatGoogleGenerativeAI"
    ),
    Case(
        "github-copilot",
        "gpt-4.1",
        "https://api.githubcopilot.com/chat/completions",
        "ChatGitHubCopilot",
        written_key="github_copilot",
    ),
    Case("ollama", "llama3.2", "http://localhost:11434", "ChatOllama"),
    Case("perplexity", "sonar", "https://api.perplexity.ai"),
    Case("deepinfra", "deepseek-ai/DeepSeek-V4-Flash", "https://api.deepinfra.com/v1/openai"),
    Case("cohere", "command-a-03-2025", "https://api.cohere.ai/compatibility/v1"),
    Case(
        "fireworks-ai",
        "accounts/fireworks/models/deepseek-v4-flash",
        "https://api.fireworks.ai/inference/v1",
        written_key="fireworks_ai",
        typed="fireworks-ai",
    ),
    Case("moonshotai", "kimi-k2.5", "https://api.moonshot.ai/v1"),
]
PARAMS = [pytest.param(case, id=case.provider) for case in CASES]


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    text: str
    """The file exactly as our CLI left it (what the runtime is given)."""
    config: dict[str, Any]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The bundled snapshot: what ``--offline`` with an empty cache works from."""
    return Catalog(load_snapshot().catalog.providers)


def _our_cli(*args: str, home: Path, cache: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Our CLI as a user runs it: its own process, offline, a cache and HOME of its own."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    environ |= {"HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "modelforge_lsp.cli", "--offline", "--cache-dir", str(cache), *args],
        cwd=cwd,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """One project config with every case's provider, written by ``config add`` one at a time
    (as a user would: each run reads and extends the file the previous one wrote)."""
    base = tmp_path_factory.mktemp("written")
    project, home, cache = base / "project", base / "home", base / "cache"
    for folder in (project / ".model-forge", home, cache):
        folder.mkdir(parents=True)
    path = project / ".model-forge" / "config.json"
    for case in CASES:
        args = ("config", "add", "-p", case.provider, "-m", case.model, "--file", str(path))
        done = _our_cli(*args, home=home, cache=cache, cwd=project)
        assert done.returncode == 0, (case.provider, done.stdout, done.stderr)
    text = path.read_text()
    return Written(path, text, json.loads(text))


@pytest.fixture(scope="module")
def built(
    written: Written, runtime_python: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """Each case's build, by provider: ``get_llm(<what the user types>, <model>)`` on the file
    exactly as our CLI wrote it (one runtime process for all: it takes ~3 s to start)."""
    env = {name: value for case in CASES for name, value in _credential(case).items()}
    requests = [(case.asked, case.model) for case in CASES]
    root = tmp_path_factory.mktemp("runtime")
    results = build_all(runtime_python, root, written.text, requests, env=env)
    return {case.provider: result for case, result in zip(CASES, results, strict=True)}


def _credential(case: Case) -> dict[str, str]:
    """A dummy credential in the variable the runtime reads for this key (none for ollama)."""
    if case.llm_class == "ChatOllama":
        return {}
    kind = "ACCESS_TOKEN" if case.llm_class == "ChatGitHubCopilot" else "API_KEY"
    variable = f"MODELFORGE_{case.key.upper().replace('-', '_')}_{kind}"
    return {variable: f"dummy-{case.key}-credential"}


def _same_url(found: str | None, expected: str) -> bool:
    """Equal up to a trailing ``/`` (the openai SDK adds one to a base URL that has a path)."""
    return found is not None and found.rstrip("/") == expected.rstrip("/")


@pytest.mark.parametrize("case", PARAMS)
def test_the_model_chosen_is_current_in_the_catalog(case: Case, catalog: Catalog) -> None:
    """A case that picks a deprecated or vanished model would test a config nobody should write;
    a snapshot update that retires one fails here, naming it."""
    if case.provider == "ollama":
        assert catalog.provider("ollama") is None  # local models: the catalog has none
        return
    model = catalog.model(case.provider, case.model)
    assert model is not None and not model.is_deprecated, (case.provider, case.model)


@pytest.mark.parametrize("case", PARAMS)
def test_our_table_gives_the_providers_documented_endpoint(case: Case, catalog: Catalog) -> None:
    """The curated table is what writers copy; it must agree with the provider's docs."""
    expected = runtime_provider(case.provider, catalog)
    assert expected is not None, case.provider
    assert expected.key == case.key
    if case.llm_class == "ChatOpenAI":
        assert expected.llm_type == "openai_compatible"
        assert _same_url(expected.base_url, case.endpoint), expected.base_url
    elif case.llm_class == "ChatOllama":
        assert (expected.llm_type, expected.base_url) == ("ollama", case.endpoint)
    elif case.llm_class == "ChatGoogleGenerativeAI":
        assert (expected.llm_type, expected.base_url) == ("google_genai", None)
    else:  # the Copilot client posts to its own fixed URL under this base
        assert expected.llm_type == "github_copilot"
        assert expected.base_url is not None and case.endpoint.startswith(expected.base_url)


@pytest.mark.parametrize("case", PARAMS)
def test_the_written_block_is_what_the_runtime_needs(
    case: Case, written: Written, catalog: Catalog
) -> None:
    """The block under the runtime's key spelling says what our table says, and the model is
    written under its catalog id (which the runtime sends, lacking ``api_model_name``)."""
    expected = runtime_provider(case.provider, catalog)
    assert expected is not None
    block = written.config["providers"].get(case.key)
    assert block is not None, (case.key, sorted(written.config["providers"]))
    assert block["llm_type"] == expected.llm_type
    assert block.get("base_url") == expected.base_url
    assert block.get("auth_strategy") == expected.auth_strategy
    assert "auth_data" not in block  # no credential is ever written
    model = block["models"][case.model]
    assert model.get("api_model_name", case.model) == case.model


@pytest.mark.parametrize("case", PARAMS)
def test_the_runtime_builds_the_written_provider(
    case: Case, built: dict[str, dict[str, Any]], catalog: Catalog
) -> None:
    """The real runtime, given the file our CLI wrote and the provider's ``MODELFORGE_*``
    variable, builds the right class, aimed at the provider's endpoint, for the catalog model,
    with that credential."""
    credential = _credential(case)
    result = built[case.provider]
    assert "error" not in result, result
    assert result["class"] == case.llm_class
    # langchain-google-genai names the model by its resource name, models/<id>
    sent = f"models/{case.model}" if case.llm_class == "ChatGoogleGenerativeAI" else case.model
    assert result["model"] == sent
    assert _same_url(result["endpoint"], case.endpoint), result
    expected = runtime_provider(case.provider, catalog)
    assert expected is not None
    if case.llm_class in ("ChatOpenAI", "ChatOllama"):
        assert result["base_url"] == expected.base_url  # handed over from the file unchanged
    if credential:
        assert result["api_key"] == next(iter(credential.values()))


def test_our_written_config_validates_clean(written: Written, tmp_path: Path) -> None:
    """What our writer wrote, our validator accepts: not one finding, of any severity."""
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    cache.mkdir()
    done = _our_cli(
        "config", "validate", "--format", "json", "--strict", str(written.path),
        home=home, cache=cache, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0 and json.loads(done.stdout) == [], done.stdout + done.stderr
