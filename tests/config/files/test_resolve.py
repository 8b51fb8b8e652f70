"""``config.files.resolve``: the project's config over the user's, annotated from the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.catalog import Catalog, parse_catalog
from modelforge_lsp.config.files import ConfigLocation, ConfigSource, read_sources, resolve
from modelforge_lsp.config.files.resolve import to_python
from modelforge_lsp.config.syntax import parse_document

API_JSON = Path(__file__).parents[2] / "data" / "catalog" / "api.json"

LOCAL = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      mini: {api_model_name: gpt-4o-mini}
  github_copilot:
    llm_type: github_copilot
    models:
      gpt-4.1: {}
settings:
  show_telemetry: false
"""

GLOBAL = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o: {}
  github-copilot:
    llm_type: github_copilot
    models:
      gpt-4o: {}
  ollama:
    llm_type: ollama
    models:
      llama3.1:8b: {}
  my-gateway:
    llm_type: openai_compatible
    models:
      house-model: {}
current_model:
  provider: openai
  model: gpt-4o
settings:
  show_telemetry: true
  retries: 3
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(parse_catalog(json.loads(API_JSON.read_text())).providers)


def sources(*texts: tuple[str, str]) -> list[ConfigSource]:
    return [ConfigSource(scope, Path(f"/{scope}/config.yaml"), text) for scope, text in texts]


def test_providers_merge_by_key_and_the_higher_file_wins_whole(catalog: Catalog) -> None:
    config = resolve(sources(("local", LOCAL), ("global", GLOBAL)), catalog)
    by_key = {p.key: p for p in config.providers}
    assert list(by_key) == ["openai", "github_copilot", "ollama", "my-gateway"]
    assert [m.alias for m in by_key["openai"].models] == ["mini"]  # global's gpt-4o not mixed in
    assert by_key["openai"].source.scope == "local"
    assert by_key["github_copilot"].source.scope == "local"  # `_` and `-` are one provider
    assert by_key["ollama"].source.scope == "global"


def test_current_model_and_settings(catalog: Catalog) -> None:
    config = resolve(sources(("local", LOCAL), ("global", GLOBAL)), catalog)
    current = config.current_model
    assert current is not None and (current.provider, current.model) == ("openai", "gpt-4o")
    assert current.source.scope == "global"
    assert not current.configured  # the local openai block has no gpt-4o
    assert config.settings == {"show_telemetry": False, "retries": 3}
    alone = resolve(sources(("global", GLOBAL)), catalog).current_model
    assert alone is not None and alone.configured
    highest = LOCAL + "current_model: {provider: openai, model: mini}\n"
    first = resolve(sources(("local", highest), ("global", GLOBAL)), catalog).current_model
    assert first is not None and first.model == "mini" and first.configured


def test_models_are_annotated_from_the_catalog(catalog: Catalog) -> None:
    config = resolve(sources(("local", LOCAL), ("global", GLOBAL)), catalog)
    models = {(p.key, m.alias): (p, m) for p in config.providers for m in p.models}
    provider, mini = models["openai", "mini"]
    assert mini.model_id == "gpt-4o-mini" and mini.catalog is not None
    assert mini.catalog.cost is not None and mini.catalog.cost.input == 0.15
    ollama, llama = models["ollama", "llama3.1:8b"]
    assert llama.catalog is None and ollama.known is False
    gateway, house = models["my-gateway", "house-model"]
    assert house.catalog is None and not gateway.known
    assert provider.known and provider.llm_type == "openai_compatible"


def test_a_file_that_does_not_parse_is_reported_and_skipped(catalog: Catalog) -> None:
    config = resolve(sources(("local", "providers: [\n"), ("global", GLOBAL)), catalog)
    assert len(config.problems) == 1 and "/local/config.yaml:" in config.problems[0]
    assert {p.source.scope for p in config.providers} == {"global"}
    listed = resolve(sources(("local", "- a\n")), catalog)
    assert listed.problems == ("/local/config.yaml: the top level is not a mapping",)


def test_without_a_catalog_nothing_is_annotated() -> None:
    config = resolve(sources(("global", GLOBAL)), None)
    assert all(m.catalog is None for p in config.providers for m in p.models)


def test_read_sources_keeps_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(b"providers: {}\r\n")
    [source] = read_sources([ConfigLocation("global", path)])
    assert source.text == "providers: {}\r\n" and source.scope == "global"


@pytest.mark.parametrize(
    ("text", "data"),
    [
        pytest.param("a: 1\na: 2\n", {"a": 1}, id="first-key-wins"),
        pytest.param("a: [1, {b: ~}]\n", {"a": [1, {"b": None}]}, id="nested"),
        pytest.param("# nothing\n", None, id="empty"),
    ],
)
def test_to_python(text: str, data: object) -> None:
    assert to_python(parse_document(text).root) == data
