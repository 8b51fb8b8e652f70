"""``config.files.remove_model_from_file``: ``config remove`` as ModelForge does it, but safe."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from modelforge_lsp.config.files import ConfigReadError, RemoveResult, remove_model_from_file
from modelforge_lsp.errors import ConfigEditError
from tests.config.files.test_text_remove import removed_lines

DATA = Path(__file__).parents[2] / "data"

BLOCK = """\
# team config
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    auth_data:
      api_key: sk-stored-by-the-runtime
    models:
      gpt-4o-mini: {}   # the default
      # for hard questions
      gpt-4o: {}
  anthropic:
    llm_type: openai_compatible
    base_url: https://api.anthropic.com/v1/
    auth_strategy: api_key
    auth_data: {api_key: sk-ant-stored}
    models:
      sonnet:
        api_model_name: claude-sonnet-4-5
current_model:
  provider: openai
  model: gpt-4o   # chosen 2025-06
settings:
  show_telemetry: true
"""

FLOW = (
    "providers: {openai: {llm_type: openai_compatible, models: {gpt-4o-mini: {}, gpt-4o: {}}},"
    " ollama: {llm_type: ollama, base_url: 'http://localhost:11434', models: {llama3: {}}}}\n"
    "current_model: {provider: ollama, model: llama3}\n"
)


@dataclass(frozen=True)
class Case:
    text: str
    name: str
    expected: dict[str, Any]
    """The data after the removal."""
    removed_provider: bool = False
    cleared_current: bool = False
    removed_credentials: bool = False
    kept_credentials: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    warning: str = ""


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def without(data: dict[str, Any], *path: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(data))
    node = copy
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return copy


B = load(BLOCK)
F = load(FLOW)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            Case(
                BLOCK,
                "openai/gpt-4o-mini",
                without(without(B, "providers", "openai", "models", "gpt-4o-mini"),
                        "providers", "openai", "auth_data"),
                removed_credentials=True,
            ),
            id="yaml-block-model-and-its-auth-data",
        ),
        pytest.param(
            Case(
                BLOCK,
                "gpt-4o-mini",
                without(B, "providers", "openai", "models", "gpt-4o-mini"),
                kept_credentials=True,
                options={"keep_credentials": True},
            ),
            id="auth-data-kept",
        ),
        pytest.param(
            Case(
                BLOCK,
                "gpt-4o",
                without(without(without(B, "providers", "openai", "models", "gpt-4o"),
                                "providers", "openai", "auth_data"), "current_model"),
                cleared_current=True,
                removed_credentials=True,
                options={"provider": "openai"},
            ),
            id="current-model-cleared",
        ),
        pytest.param(
            Case(
                BLOCK.replace("  provider: openai", "  provider: OpenAI"),
                "openai/gpt-4o",
                without(without(load(BLOCK.replace("  provider: openai", "  provider: OpenAI")),
                                "providers", "openai", "models", "gpt-4o"),
                        "providers", "openai", "auth_data"),
                removed_credentials=True,
            ),
            id="current-model-naming-another-key-spelling-is-not-this-model",
        ),
        pytest.param(
            Case(BLOCK, "anthropic/sonnet", without(B, "providers", "anthropic"),
                 removed_provider=True, removed_credentials=True),
            id="last-model-removes-provider-and-its-auth-data",
        ),
        pytest.param(
            Case(BLOCK, "sonnet", without(B, "providers", "anthropic"),
                 removed_provider=True, removed_credentials=True,
                 options={"keep_credentials": True}, warning="could not be kept"),
            id="keep-credentials-cannot-outlive-the-provider-block",
        ),
        pytest.param(
            Case(FLOW, "openai/gpt-4o", without(F, "providers", "openai", "models", "gpt-4o")),
            id="yaml-flow-model",
        ),
        pytest.param(
            Case(FLOW, "llama3", without(without(F, "providers", "ollama"), "current_model"),
                 removed_provider=True, cleared_current=True),
            id="yaml-flow-provider-and-current-model",
        ),
        pytest.param(
            Case("providers:\n  x:\n    models:\n      a: {}\n", "x/a", {"providers": {}},
                 removed_provider=True),
            id="the-only-provider-leaves-an-empty-map",
        ),
    ],
)  # fmt: skip
def test_remove(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(case.text)
    result = remove_model_from_file(path, case.name, None, **case.options)
    assert load(path.read_text()) == case.expected
    flags = (
        result.removed_provider,
        result.cleared_current,
        result.removed_credentials,
        result.kept_credentials,
    )
    assert flags == (
        case.removed_provider,
        case.cleared_current,
        case.removed_credentials,
        case.kept_credentials,
    )
    assert [case.warning in w for w in result.warnings] == ([True] if case.warning else [])
    assert result.backup is not None and result.backup.read_text() == case.text


def test_comments_order_and_quoting_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(BLOCK)
    result = remove_model_from_file(path, "openai/gpt-4o", None)
    assert removed_lines(BLOCK, path.read_text()) == [
        "    auth_data:",
        "      api_key: sk-stored-by-the-runtime",
        "      # for hard questions",
        "      gpt-4o: {}",
        "current_model:",
        "  provider: openai",
        "  model: gpt-4o   # chosen 2025-06",
    ]
    assert result.summary == (
        "removed model 'gpt-4o' from 'openai'",
        "removed the stored credentials (auth_data) of 'openai'",
        "cleared current_model (it named openai/gpt-4o)",
    )


def test_json_stays_json(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    shutil.copy(DATA / "config" / "config.json", path)
    before = json.loads(path.read_text())
    result = remove_model_from_file(path, "github_copilot/claude-sonnet-4", None)
    assert result.removed_provider and not result.cleared_current
    assert json.loads(path.read_text()) == without(before, "providers", "github_copilot")
    assert path.read_text().startswith('{\n  "providers": {\n    "openai": {\n')


def test_dry_run_returns_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(BLOCK)
    result = remove_model_from_file(path, "anthropic/sonnet", None, dry_run=True)
    assert result == RemoveResult(
        path=path,
        provider="anthropic",
        alias="sonnet",
        model="claude-sonnet-4-5",
        removed_provider=True,
        cleared_current=False,
        removed_credentials=True,
        kept_credentials=False,
        backup=None,
        dry_run=True,
        summary=(
            "removed provider 'anthropic' with its last model 'sonnet' and its stored "
            "credentials (auth_data)",
        ),
        diff=result.diff,
    )
    assert result.diff is not None and "-  anthropic:\n" in result.diff
    assert path.read_text() == BLOCK and not path.with_name("config.yaml.bak").exists()


@pytest.mark.parametrize(
    ("text", "name", "options", "error", "message"),
    [
        pytest.param(BLOCK, "openai/gpt-4o-mnii", {}, ConfigEditError,
                     "no model 'openai/gpt-4o-mnii' in .*; did you mean 'gpt-4o-mini'",
                     id="did-you-mean"),
        pytest.param(BLOCK, "claude-sonnet-4-5", {}, ConfigEditError,
                     "no model 'claude-sonnet-4-5'.*did you mean 'sonnet'",
                     id="never-by-model-id"),
        pytest.param(BLOCK.replace("sonnet:", "gpt-4o:"), "gpt-4o", {}, ConfigEditError,
                     "say 'openai/gpt-4o' or 'anthropic/gpt-4o'", id="ambiguous"),
        pytest.param(BLOCK, "sonnet", {"provider": "opnai"}, ConfigEditError,
                     "no provider 'opnai' .*did you mean 'openai'", id="provider-typo"),
        pytest.param("providers: [\n", "a/b", {}, ConfigEditError, "the file does not parse",
                     id="broken-file"),
        pytest.param('{"providers": {"a": {"models": {"b": {}}},}}', "a/b", {}, ConfigEditError,
                     "not strict JSON", id="broken-json"),
        pytest.param(None, "a/b", {}, ConfigReadError, "does not exist", id="missing-file"),
    ],
)  # fmt: skip
def test_refusals_leave_the_file_alone(
    tmp_path: Path,
    text: str | None,
    name: str,
    options: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    path = tmp_path / ("config.json" if text and text.startswith("{") else "config.yaml")
    if text is not None:
        path.write_text(text)
    with pytest.raises(error, match=message):
        remove_model_from_file(path, name, None, **options)
    assert (path.read_text() if text is not None else None) == text
    assert not path.with_name(path.name + ".bak").exists()
