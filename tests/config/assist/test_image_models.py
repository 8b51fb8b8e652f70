"""Image generators stay out of model completion: the runtime builds chat models."""

from __future__ import annotations

import pytest

from modelforge_lsp.catalog import Catalog, ModelInfo, ProviderInfo
from modelforge_lsp.catalog.models import Cost
from modelforge_lsp.config.assist import complete
from modelforge_lsp.config.assist.image_models import makes_images_only
from modelforge_lsp.config.syntax import Position

PRICED = Cost(input=0.3, output=2.5)


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param(ModelInfo("p", "gpt-image-1", "x", output_modalities=("image",)), True,
                     id="image-output-only"),
        pytest.param(ModelInfo("p", "gpt-image-1.5", "x", output_modalities=("text", "image")),
                     True, id="unpriced-image-model"),
        pytest.param(ModelInfo("p", "flash-image", "x", cost=PRICED,
                               output_modalities=("text", "image")), False,
                     id="priced-chat-model-that-draws"),
        pytest.param(ModelInfo("p", "auto", "x", output_modalities=("text", "image")), False,
                     id="unpriced-router"),
        pytest.param(ModelInfo("p", "gpt-4o", "x"), False, id="chat-model"),
        pytest.param(ModelInfo("p", "tts", "x", output_modalities=("audio",)), True,
                     id="no-text-output"),
    ],
)  # fmt: skip
def test_makes_images_only(model: ModelInfo, expected: bool) -> None:
    assert makes_images_only(model) is expected


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    models = [
        ModelInfo("acme", "acme-chat", "Chat", cost=PRICED),
        ModelInfo("acme", "acme-chat-mini", "Mini", cost=PRICED),
        ModelInfo("acme", "acme-image", "Image", output_modalities=("image",)),
    ]
    return Catalog([ProviderInfo("acme", "Acme", models={m.id: m for m in models})])


def labels_after(catalog: Catalog, typed: str) -> list[tuple[str, str]]:
    text = f"providers:\n  acme:\n    models:\n      {typed}"
    result = complete(text, Position(3, 6 + len(typed)), catalog)
    return [(c.label, c.detail) for c in result.candidates]


def test_chat_models_only_where_they_match(catalog: Catalog) -> None:
    assert [label for label, _ in labels_after(catalog, "")] == ["acme-chat", "acme-chat-mini"]
    assert [label for label, _ in labels_after(catalog, "acme")] == ["acme-chat", "acme-chat-mini"]


def test_an_image_model_typed_for_is_offered_and_tagged(catalog: Catalog) -> None:
    found = dict(labels_after(catalog, "acme-ima"))
    assert found["acme-image"] == "image generation, not a chat model"
    assert found["acme-chat"] == "$0.30 / $2.50 per 1M"
