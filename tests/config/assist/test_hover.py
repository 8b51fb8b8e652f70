"""``describe_at``: what a hover at each kind of position is about."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.assist import (
    EnumValueTarget,
    KeyTarget,
    ModelTarget,
    ProviderTarget,
    Target,
    describe_at,
)
from modelforge_lsp.config.language import spec_at
from modelforge_lsp.config.syntax import Position, Span, parse_document
from tests.config.assist.test_completion import PIECES, at


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


CONFIG = """\
providers:
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o-mini:
      fast:
        api_model_name: gpt-4o
  github_copilot:
    llm_type: github_copilot
    models:
      gpt-5:
  my-gateway:
    models:
      house-model:
current_model:
  provider: openai
  model: fast
"""


def mark(old: str, new: str, text: str = CONFIG) -> str:
    """``text`` with the first ``old`` replaced by ``new`` (which holds the cursor mark)."""
    assert old in text
    return text.replace(old, new, 1)


def describe(marked: str, catalog: Catalog | None, *, parsed: bool) -> Target | None:
    text, position = at(marked)
    return describe_at(parse_document(text) if parsed else None, text, position, catalog)


MODELS = [
    pytest.param(mark("gpt-4o-mini:", "gpt-4o-m‸ini:"), "openai", "gpt-4o-mini", id="alias-key"),
    pytest.param(mark("fast:", "fa‸st:"), "openai", "gpt-4o", id="alias-with-api-model-name"),
    pytest.param(
        mark("api_model_name: gpt-4o", "api_model_name: gpt-‸4o"),
        "openai",
        "gpt-4o",
        id="api-model-name-value",
    ),
    pytest.param(mark("model: fast", "model: f‸ast"), "openai", "gpt-4o", id="current-model"),
    pytest.param(
        mark("gpt-5:", "gpt‸-5:"), "github-copilot", "gpt-5", id="underscore-provider-spelling"
    ),
    pytest.param(
        mark("gpt-5:", "gpt‸-5:", CONFIG + "  oops: {\n"), "github-copilot", "gpt-5", id="unparsed"
    ),
]


@pytest.mark.parametrize("parsed", [True, False], ids=["tree", "text"])
@pytest.mark.parametrize(("marked", "provider", "model_id"), MODELS)
def test_models(catalog: Catalog, marked: str, provider: str, model_id: str, parsed: bool) -> None:
    target = describe(marked, catalog, parsed=parsed)
    assert isinstance(target, ModelTarget)
    assert (target.model.provider_id, target.model.id) == (provider, model_id)
    assert target.provider is not None
    assert target.provider.id == provider


def test_model_span_is_the_word(catalog: Catalog) -> None:
    target = describe(mark("gpt-4o-mini:", "gpt-4o-m‸ini:"), catalog, parsed=True)
    assert target is not None
    assert target.span == Span.at(4, 6, 17)


def test_deprecated_model_names_its_successor(catalog: Catalog) -> None:
    target = describe(mark("gpt-5:", "gpt‸-5:"), catalog, parsed=True)
    assert isinstance(target, ModelTarget)
    assert target.model.is_deprecated
    assert target.successor is not None
    assert not target.successor.is_deprecated


PROVIDERS = [
    pytest.param(mark("  openai:", "  open‸ai:"), "openai", id="provider-key"),
    pytest.param(mark("  github_copilot:", "  git‸hub_copilot:"), "github-copilot", id="spelling"),
    pytest.param(mark("provider: openai", "provider: op‸enai"), "openai", id="current-provider"),
]


@pytest.mark.parametrize(("marked", "provider"), PROVIDERS)
def test_providers(catalog: Catalog, marked: str, provider: str) -> None:
    target = describe(marked, catalog, parsed=False)
    assert isinstance(target, ProviderTarget)
    assert target.provider.id == provider


KEYS = [
    pytest.param(mark("llm_type: openai", "llm_t‸ype: openai"), "llm_type", "llm_type", id="field"),
    pytest.param(mark("providers:", "provi‸ders:"), "providers", "providers", id="top-key"),
    pytest.param(mark("model: fast", "mo‸del: fast"), "model", "model", id="current-model-key"),
    pytest.param(
        mark("api_model_name:", "api_‸model_name:"), "api_model_name", "api_model_name", id="api"
    ),
    pytest.param(mark("  my-gateway:", "  my-gate‸way:"), "<provider>", "my-gateway", id="unknown"),
    pytest.param(
        mark("house-model:", "house‸-model:"), "<alias>", "house-model", id="uncatalogued-model"
    ),
]


@pytest.mark.parametrize(("marked", "spec_name", "name"), KEYS)
def test_keys(catalog: Catalog, marked: str, spec_name: str, name: str) -> None:
    target = describe(marked, catalog, parsed=True)
    assert isinstance(target, KeyTarget)
    assert target.spec.name == spec_name
    assert target.name == name
    assert target.spec.doc


def test_llm_type_key_has_enum_choices(catalog: Catalog) -> None:
    target = describe(mark("llm_type: openai", "llm_t‸ype: openai"), catalog, parsed=True)
    assert isinstance(target, KeyTarget)
    assert "openai_compatible" in target.spec.enum
    assert target.span == Span.at(2, 4, 12)


def test_enum_value(catalog: Catalog) -> None:
    target = describe(
        mark("llm_type: openai_compatible", "llm_type: openai_comp‸atible"), catalog, parsed=True
    )
    assert isinstance(target, EnumValueTarget)
    assert target.spec.name == "llm_type"
    assert target.value == "openai_compatible"
    assert target.span == Span.at(2, 14, 31)


def test_half_typed_enum_value_in_an_unparsed_file(catalog: Catalog) -> None:
    target = describe("providers:\n  openai:\n    llm_type: op‸\n  x: [\n", catalog, parsed=True)
    assert isinstance(target, EnumValueTarget)
    assert target.value == "op"


NOTHING = [
    pytest.param(mark("    models:\n      gpt", "    models:\n ‸     gpt"), id="indentation"),
    pytest.param(CONFIG + "# a comm‸ent\n", id="comment"),
    pytest.param(CONFIG + "‸", id="end-of-file"),
    pytest.param(mark("house-model:", "house-model:\n        ‸"), id="blank-line"),
    pytest.param(mark("provider: openai", "provider: nowh‸ere"), id="unknown-current-provider"),
    pytest.param(mark("gpt-4o-mini:", "gpt-4o-mini:\n        api_model_name: nop‸e"), id="unknown"),
    pytest.param("unknown_key: va‸lue\n", id="unknown-key-value"),
]


@pytest.mark.parametrize("marked", NOTHING)
def test_nothing_to_describe(catalog: Catalog, marked: str) -> None:
    assert describe(marked, catalog, parsed=True) is None


def test_without_a_catalog_keys_are_still_described() -> None:
    target = describe(mark("  openai:", "  open‸ai:"), None, parsed=True)
    assert target == KeyTarget(Span.at(1, 2, 8), spec_at(("providers", "openai")), "openai")
    alias = describe(mark("gpt-4o-mini:", "gpt‸-4o-mini:"), None, parsed=True)
    assert isinstance(alias, KeyTarget)
    assert alias.spec.name == "<alias>"


texts = st.one_of(
    st.text(max_size=100), st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
)
positions = st.builds(Position, st.integers(0, 20), st.integers(0, 60))


@settings(max_examples=500, deadline=None)
@given(texts, positions, st.booleans())
def test_describe_never_raises(
    catalog: Catalog, text: str, position: Position, parsed: bool
) -> None:
    target = describe_at(parse_document(text) if parsed else None, text, position, catalog)
    if target is not None:
        assert target.span.start.line == position.line
