"""``Catalog.extended``: the user's custom providers added to (or laid over) the catalog."""

from __future__ import annotations

from modelforge_lsp.catalog import Catalog, Provenance, parse_catalog

BASE = parse_catalog(
    {
        "openai": {
            "name": "OpenAI",
            "env": ["OPENAI_API_KEY"],
            "api": "https://api.openai.com/v1",
            "models": {"gpt-4o": {"name": "GPT-4o"}, "gpt-4o-mini": {"name": "GPT-4o mini"}},
        },
        "anthropic": {"name": "Anthropic", "models": {"claude-sonnet-4-5": {}}},
    }
).providers


def test_a_new_provider_is_added() -> None:
    extra = parse_catalog({"my-gateway": {"models": {"house": {}}}}).providers
    catalog = Catalog(BASE, provenance=Provenance("cache")).extended(extra)
    assert [p.id for p in catalog.providers] == ["openai", "anthropic", "my-gateway"]
    assert catalog.model("my-gateway", "house") is not None
    assert catalog.model_count == 4
    assert catalog.provenance == Provenance("cache")


def test_a_known_provider_gains_and_overrides_models() -> None:
    extra = parse_catalog(
        {"OpenAI": {"models": {"gpt-internal": {}, "gpt-4o": {"name": "GPT-4o (house)"}}}}
    ).providers
    catalog = Catalog(BASE).extended(extra)
    openai = catalog.provider("openai")
    assert openai is not None
    assert (openai.name, openai.env, openai.api) == (
        "OpenAI",
        ("OPENAI_API_KEY",),
        "https://api.openai.com/v1",
    )  # metadata the user did not give is kept
    assert sorted(openai.models) == ["gpt-4o", "gpt-4o-mini", "gpt-internal"]
    model = catalog.model("openai", "gpt-4o")
    assert model is not None and model.name == "GPT-4o (house)"
    assert [p.id for p in catalog.providers] == ["openai", "anthropic"]


def test_given_metadata_overrides() -> None:
    extra = parse_catalog({"openai": {"name": "Corp OpenAI", "api": "https://proxy/v1"}}).providers
    openai = Catalog(BASE).extended(extra).provider("openai")
    assert openai is not None
    assert (openai.name, openai.api) == ("Corp OpenAI", "https://proxy/v1")
    assert len(openai.models) == 2


def test_the_original_is_unchanged() -> None:
    catalog = Catalog(BASE)
    catalog.extended(parse_catalog({"x": {"models": {"y": {}}}}).providers)
    assert catalog.model_count == 3 and catalog.provider("x") is None
