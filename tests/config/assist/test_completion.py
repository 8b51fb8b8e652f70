"""``complete``: what completion offers at each kind of position, parsed or mid-typing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo, load_snapshot
from modelforge_lsp.config.assist import CompletionResult, complete
from modelforge_lsp.config.language import LLM_TYPES, KeySpec
from modelforge_lsp.config.syntax import Position, Span, configured_names, parse_document

CURSOR = "‸"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def at(marked: str) -> tuple[str, Position]:
    """The text without the cursor mark ``‸``, and the position of the mark."""
    index = marked.index(CURSOR)
    before = _LINE_BREAK.split(marked[:index])
    return marked[:index] + marked[index + 1 :], Position(len(before) - 1, len(before[-1]))


def run(marked: str, catalog: Catalog | None, *, parsed: bool = False) -> CompletionResult:
    text, position = at(marked)
    document = parse_document(text) if parsed else None
    return complete(text, position, catalog, document=document)


def labels(result: CompletionResult) -> list[str]:
    return [c.label for c in result.candidates]


OPENAI = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n"
UNCLOSED = "  broken: {llm_type: x, models: [a\n"
"""A line elsewhere in the file that leaves a flow collection open: the file does not parse."""

CASES = [
    pytest.param("‸", ["providers", "current_model", "settings"], [], "top_key", id="empty-file"),
    pytest.param(
        "providers:\n  openai: {}\nse‸",
        ["settings", "current_model"],
        ["providers"],
        "top_key",
        id="top-keys-not-present",
    ),
    pytest.param(
        "providers:\n  ‸", ["alibaba", "openai", "anthropic"], [], "provider", id="providers"
    ),
    pytest.param(
        "providers:\n  op‸",
        ["openai", "opencode", "openrouter"],
        [],
        "provider",
        id="provider-prefix",
    ),
    pytest.param("providers:\n  opnai‸", ["openai"], [], "provider", id="provider-typo"),
    pytest.param(
        "providers:\n  github_copilot:\n    llm_type: github_copilot\n  git‸",
        ["github_models"],
        ["github_copilot", "github-copilot"],
        "provider",
        id="configured-provider-excluded-across-spellings",
    ),
    pytest.param(
        "providers:\n  openai:\n    llm_type: openai_compatible\n    ‸",
        ["base_url", "auth_strategy", "auth_details", "models"],
        ["llm_type"],
        "field",
        id="provider-fields-not-present",
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mini:\n        ‸",
        ["api_model_name"],
        [],
        "field",
        id="model-fields",
    ),
    pytest.param(
        "current_model:\n  provider: openai\n  ‸",
        ["model"],
        ["provider"],
        "field",
        id="current-fields",
    ),
    pytest.param(
        "providers:\n  openai:\n    llm_type: op‸",
        ["openai_compatible", *LLM_TYPES],
        [],
        "enum",
        id="llm-type-half-typed",
    ),
    pytest.param(
        "providers:\n  openai:\n    auth_strategy: ‸",
        ["api_key", "device_flow"],
        [],
        "enum",
        id="auth-strategy",
    ),
    pytest.param(
        "settings:\n  show_telemetry: ‸", ["true", "false"], [], "value", id="boolean-value"
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mi‸", ["gpt-4o-mini", "gpt-4o"], [], "model", id="model-no-colon"
    ),
    pytest.param(
        "providers:\n" + UNCLOSED + "  openai:\n    models:\n      gpt-4o-mi‸",
        ["gpt-4o-mini"],
        [],
        "model",
        id="model-with-unclosed-brace-elsewhere",
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mini:\n      gpt-4o-mi‸",
        ["gpt-4o"],
        ["gpt-4o-mini"],
        "model",
        id="present-alias-excluded",
    ),
    pytest.param(
        "providers:\n  anthropic:\n    models:\n      ‸",
        ["claude-opus-4-7", "claude-sonnet-4-5"],
        ["gpt-4o-mini"],
        "model",
        id="models-restricted-to-provider",
    ),
    pytest.param(
        "providers:\n  github_copilot:\n    models:\n      gpt-5‸",
        ["gpt-5.5", "gpt-5", "gpt-5-mini"],
        [],
        "model",
        id="underscore-provider-spelling",
    ),
    pytest.param(
        OPENAI + "      mini:\n        api_model_name: gpt-4o-m‸",
        ["gpt-4o-mini"],
        [],
        "model",
        id="api-model-name",
    ),
    pytest.param(
        '{"providers": {"openai": {"models": {"gpt-4o-mi‸',
        ["gpt-4o-mini"],
        [],
        "model",
        id="json-key-unclosed",
    ),
    pytest.param(
        "providers:\n  openrouter:\n    base_url: ‸",
        ["https://openrouter.ai/api/v1"],
        [],
        "value",
        id="base-url-from-catalog",
    ),
    pytest.param(
        "providers:\n  groq:\n    base_url: ‸",
        ["https://api.groq.com/openai/v1"],
        [],
        "value",
        id="base-url-from-the-runtime-table",
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mini:\n  my_gateway:\n    models:\n      x:\n"
        "current_model:\n  provider: ‸",
        ["openai", "my_gateway"],
        ["anthropic"],
        "reference",
        id="current-provider-from-file",
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mini:\n      fast:\n        api_model_name: gpt-4o\n"
        "  anthropic:\n    models:\n      claude-sonnet-4-5:\n"
        "current_model:\n  provider: openai\n  model: ‸",
        ["gpt-4o-mini", "fast"],
        ["claude-sonnet-4-5"],
        "reference",
        id="current-model-aliases-of-named-provider",
    ),
    pytest.param(
        OPENAI + "      gpt-4o-mini:\n" + UNCLOSED + "current_model: {provider: openai, model: g‸}",
        ["gpt-4o-mini"],
        [],
        "reference",
        id="current-model-flow-unparsed",
    ),
]


@pytest.mark.parametrize(("marked", "included", "excluded", "kind"), CASES)
def test_candidates_at_each_kind_of_position(
    catalog: Catalog, marked: str, included: list[str], excluded: list[str], kind: str
) -> None:
    result = run(marked, catalog)
    found = labels(result)
    assert found, "no candidates"
    assert found[0] == included[0], "the first one listed ranks first"
    for label in included:
        assert label in found
    for label in excluded:
        assert label not in found
    assert {c.kind for c in result.candidates} == {kind}
    assert [c.sort_key for c in result.candidates] == sorted(c.sort_key for c in result.candidates)


NOTHING = [
    pytest.param("providers:\n  mygateway:\n    models:\n      ‸", id="unknown-provider-no-models"),
    pytest.param("providers:\n  openai:\n    llm_type: ollama ‸", id="after-a-value"),
    pytest.param("providers:\n  openai:\n    # a comm‸ent", id="comment"),
    pytest.param("providers:\n  azure:\n    base_url: ‸", id="no-endpoint-known"),
    pytest.param("current_model:\n  model: ‸", id="current-model-without-provider"),
    pytest.param("unknown:\n  ‸", id="unknown-section"),
]


@pytest.mark.parametrize("marked", NOTHING)
def test_nothing_where_nothing_fits(catalog: Catalog, marked: str) -> None:
    assert run(marked, catalog).candidates == ()


def test_deprecated_models_last_and_flagged(catalog: Catalog) -> None:
    result = run("providers:\n  github-copilot:\n    models:\n      ‸", catalog)
    flags = [c.deprecated for c in result.candidates]
    assert True in flags and False in flags
    first_deprecated = flags.index(True)
    assert all(flags[first_deprecated:]), "an active model ranks below a deprecated one"
    gpt5 = next(c for c in result.candidates if c.label == "gpt-5")
    assert gpt5.deprecated
    assert "deprecated" in gpt5.detail


def test_deprecated_last_even_when_it_matches_best(catalog: Catalog) -> None:
    found = run("providers:\n  github-copilot:\n    models:\n      gpt-5‸", catalog).candidates
    assert found[-1].deprecated
    assert not found[0].deprecated


def test_empty_prefix_lists_newest_active_first(catalog: Catalog) -> None:
    found = run(OPENAI + "      ‸", catalog).candidates
    models = [c.subject for c in found]
    assert all(isinstance(m, ModelInfo) for m in models)
    dates = [m.release_date or "" for m in models if isinstance(m, ModelInfo)]
    active = [d for d, c in zip(dates, found, strict=True) if not c.deprecated]
    assert active[0] == max(active)


def test_model_detail_has_price_and_context(catalog: Catalog) -> None:
    [first, *_] = run(OPENAI + "      gpt-4o-mini‸", catalog).candidates
    assert first.label == "gpt-4o-mini"
    assert first.detail == "$0.15 / $0.60 per 1M · 128K ctx"
    assert first.insert_text == "gpt-4o-mini:"
    assert isinstance(first.subject, ModelInfo)


def test_replace_span_is_the_word(catalog: Catalog) -> None:
    result = run(OPENAI + "      gpt-4o-mi‸", catalog)
    assert result.replace_span == Span.at(4, 6, 15)
    assert result.role == "key"


def test_value_right_after_colon_gets_a_blank(catalog: Catalog) -> None:
    result = run("providers:\n  openai:\n    llm_type:‸", catalog)
    assert result.candidates[0].insert_text == " openai_compatible"
    assert result.replace_span == Span.at(2, 13, 13)


def test_key_keeps_an_existing_colon(catalog: Catalog) -> None:
    result = run("providers:\n  openai:\n    llm_ty‸pe: openai_compatible", catalog)
    llm_type = next(c for c in result.candidates if c.label == "llm_type")
    assert llm_type.insert_text == "llm_type"
    assert result.replace_span == Span.at(2, 4, 12)


def test_scalar_field_inserts_colon_and_blank(catalog: Catalog) -> None:
    result = run("providers:\n  openai:\n    ‸", catalog)
    texts = {c.label: c.insert_text for c in result.candidates}
    assert texts["llm_type"] == "llm_type: "
    assert texts["models"] == "models:"
    llm_type = next(c for c in result.candidates if c.label == "llm_type")
    assert isinstance(llm_type.subject, KeySpec)
    assert llm_type.detail == "enum (required)"


def test_new_provider_carries_its_block(catalog: Catalog) -> None:
    result = run("providers:\n    github_cop‸", catalog)
    [copilot, *_] = result.candidates
    assert copilot.label == "github_copilot"
    assert copilot.detail.startswith("GitHub Copilot · ")
    assert copilot.detail.endswith(" models")
    assert isinstance(copilot.subject, ProviderInfo)
    block = copilot.block
    assert block is not None
    assert block.key == "github_copilot"  # the runtime's spelling: what get_llm() looks up
    fields = dict(block.fields)
    assert fields.pop("auth_details") == (
        ("client_id", "01ab8ac9400c4e429b23"),
        ("device_code_url", "https://github.com/login/device/code"),
        ("token_url", "https://github.com/login/oauth/access_token"),
        ("scope", "read:user"),
    )
    assert fields == {
        "llm_type": "github_copilot",
        "base_url": "https://api.githubcopilot.com",
        "auth_strategy": "device_flow",
    }
    assert block.indent_unit == 4
    [alias] = block.models
    model = catalog.model("github-copilot", alias)
    assert model is not None and not model.is_deprecated


def test_no_block_where_the_key_exists_or_in_flow(catalog: Catalog) -> None:
    renaming = run("providers:\n  opena‸i:\n    llm_type: x", catalog).candidates
    assert renaming[0].label == "openai"
    assert renaming[0].block is None
    assert renaming[0].insert_text == "openai"
    flow = run("providers: {opena‸", catalog).candidates
    assert flow[0].block is None


def test_limit_marks_the_list_incomplete(catalog: Catalog) -> None:
    text, position = at("providers:\n  openrouter:\n    models:\n      ‸")
    result = complete(text, position, catalog, limit=10)
    assert len(result.candidates) == 10
    assert result.is_incomplete
    whole = complete(text, position, catalog, limit=1000)
    assert not whole.is_incomplete
    assert len(whole.candidates) == len(catalog.provider("openrouter").models)  # type: ignore[union-attr]


def test_without_a_catalog_keys_and_enums_still_complete() -> None:
    assert labels(run("‸", None)) == ["providers", "current_model", "settings"]
    assert run("providers:\n  openai:\n    llm_type: ‸", None).candidates
    assert run(OPENAI + "      gpt‸", None).candidates == ()


def test_current_model_reads_the_tree_when_parsed(catalog: Catalog) -> None:
    marked = (
        '{"providers": {"github_copilot": {"models": {"gpt-5": {}, "old": '
        '{"api_model_name": "gpt-4o"}}}}, "current_model": {"provider": "github_copilot", '
        '"model": "‸"}}'
    )
    result = run(marked, catalog, parsed=True)
    assert labels(result) == ["gpt-5", "old"]
    assert result.candidates[0].deprecated
    old = result.candidates[1].subject
    assert isinstance(old, ModelInfo)
    assert old.id == "gpt-4o"


def test_configured_names_agree_between_tree_and_scan() -> None:
    text = (
        "providers:\n"
        "  openai:\n    models:\n      gpt-4o-mini:\n      fast:\n"
        "        api_model_name: 'gpt-4o'  # comment\n"
        '  "github_copilot":\n    models: {}\n'
        "current_model:\n  provider: openai # the default\n  model: fast\n"
    )
    from_tree = configured_names(text, parse_document(text))
    from_scan = configured_names(text)
    assert from_tree == from_scan
    assert dict(from_scan.providers["openai"]) == {"gpt-4o-mini": None, "fast": "gpt-4o"}
    assert from_scan.current_provider == "openai"
    assert from_scan.provider_key("github_copilot") == "github_copilot"
    assert from_scan.provider_key("github-copilot") is None  # the runtime matches exactly


PIECES = [
    "providers:", "current_model:", "  provider: ", "  model: ", "openai", "github_copilot",
    "models:", "llm_type: ", "api_model_name: ", "gpt-4o", "\n", "  ", "    ", "      ", ": ",
    "{", "}", "[", "]", ",", "'", '"', "#", "- ", "😀", "\r\n", "\t",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=100), st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
)
positions = st.builds(Position, st.integers(0, 20), st.integers(0, 60))


@settings(max_examples=500, deadline=None)
@given(texts, positions, st.booleans())
def test_complete_never_raises(
    catalog: Catalog, text: str, position: Position, parsed: bool
) -> None:
    document = parse_document(text) if parsed else None
    result = complete(text, position, catalog, document=document, limit=20)
    assert len(result.candidates) <= 20
    assert result.replace_span.start.line == position.line
    for candidate in result.candidates:
        assert candidate.label
