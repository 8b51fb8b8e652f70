"""``catalog.lookup``: this provider, this model of it, or what did you mean -- one cutoff."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Catalog, lookup, suggest_models, suggest_providers
from modelforge_lsp.catalog.lookups import SUGGESTION_CUTOFF
from modelforge_lsp.catalog.models import ParsedCatalog
from modelforge_lsp.errors import CatalogError, ModelNotFound


@pytest.fixture
def small(small_parsed: ParsedCatalog) -> Catalog:
    return Catalog(small_parsed.providers)


@pytest.mark.parametrize("spelling", ["openai", "OpenAI", "github_copilot", "github-copilot"])
def test_a_known_provider_is_found_in_any_spelling(small: Catalog, spelling: str) -> None:
    found = lookup(small, spelling)
    assert found.id == spelling.lower().replace("_", "-")


def test_a_known_model_is_found_with_the_catalog_spelling(small: Catalog) -> None:
    model = lookup(small, "github_copilot", "GPT-4.1")
    assert (model.provider_id, model.id) == ("github-copilot", "gpt-4.1")


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        pytest.param("opnai", ("openai",), id="letter-missing"),
        pytest.param("oepnai", ("openai",), id="letters-swapped"),
        pytest.param("open_router", ("openrouter",), id="underscore-for-nothing"),
        pytest.param("anthro", ("anthropic",), id="at-the-cutoff"),
        pytest.param("groc", (), id="just-below-the-cutoff"),
        pytest.param("anthr", (), id="below-the-cutoff"),
        pytest.param("zzqq", (), id="nothing-close"),
    ],
)
def test_provider_suggestions_use_the_one_cutoff(
    small: Catalog, typed: str, suggested: tuple[str, ...]
) -> None:
    """ "anthro" scores exactly 80 against "anthropic", "groc" 75 against "groq", "anthr" 71."""
    assert SUGGESTION_CUTOFF == 80.0
    assert suggest_providers(small, typed) == suggested
    with pytest.raises(ModelNotFound) as caught:
        lookup(small, typed)
    missing = caught.value
    assert (missing.kind, missing.query, missing.suggestions) == ("provider", typed, suggested)
    assert str(missing).startswith(f"unknown provider '{typed}'")
    assert ("did you mean" in str(missing)) is bool(suggested)


@pytest.mark.parametrize("gateway", ["corp-gateway", "my-company-gateway", "ai-gateway"])
def test_names_of_self_hosted_gateways_get_no_suggestion(
    full_catalog: Catalog, gateway: str
) -> None:
    """The checks report these as a hint ("not in the catalog"), not as a misspelling."""
    assert suggest_providers(full_catalog, gateway) == ()


def test_an_unknown_model_gets_the_providers_closest_models(small: Catalog) -> None:
    with pytest.raises(ModelNotFound) as caught:
        lookup(small, "openai", "gpt-4o-mnii")
    missing = caught.value
    assert (missing.kind, missing.query, missing.provider) == ("model", "gpt-4o-mnii", "openai")
    assert missing.suggestions[0] == "gpt-4o-mini" and len(missing.suggestions) <= 3
    assert missing.suggestions == suggest_models(small, "openai", "gpt-4o-mnii")
    assert str(missing).startswith(
        "unknown model 'gpt-4o-mnii' for provider openai; did you mean 'gpt-4o-mini'"
    )
    assert missing.served_by == ()


def test_a_model_of_another_provider_says_who_serves_it(small: Catalog) -> None:
    with pytest.raises(ModelNotFound) as caught:
        lookup(small, "openai", "claude-sonnet-4-5")
    assert "anthropic" in caught.value.served_by
    assert "(served by anthropic" in str(caught.value)


def test_an_unknown_model_of_an_unknown_provider_is_a_provider_miss(small: Catalog) -> None:
    with pytest.raises(ModelNotFound) as caught:
        lookup(small, "opnai", "gpt-4o-mini")
    assert caught.value.kind == "provider" and caught.value.suggestions == ("openai",)


def test_the_one_exception_is_a_catalog_error_with_a_plain_default_message() -> None:
    missing = ModelNotFound("model", "gpt-9", ("gpt-5",), provider="openai")
    assert isinstance(missing, CatalogError)
    assert str(missing) == "unknown model 'gpt-9' for provider openai"
    assert missing.suggestions == ("gpt-5",)
