"""Image generators among a provider's models: what model completion leaves out.

ModelForge's runtime builds LangChain *chat* models, so an id that only draws pictures is a
dead end in a config, and models.dev lists them next to the chat models of the same provider
(``openai`` has ``gpt-image-1`` beside ``gpt-4o``).
"""

from __future__ import annotations

from collections.abc import Sequence

from modelforge_lsp.catalog import ModelInfo

__all__ = ["IMAGE_ONLY_NOTE", "makes_images_only", "tagged_detail", "unless_typed_for"]

IMAGE_ONLY_NOTE = "image generation, not a chat model"


def makes_images_only(model: ModelInfo) -> bool:
    """An image generator, which ModelForge's chat models cannot drive.

    models.dev says so in one of two ways: output modalities without text (``gpt-image-1``), or
    image output with no price, where the id names it an image model (``gpt-image-1.5`` and
    ``chatgpt-image-latest`` list text output too, but are priced per image, which the catalog
    does not carry). A priced model that also draws (``gemini-2.5-flash-image``) is a chat model.
    """
    outputs = model.output_modalities
    if outputs and "text" not in outputs:
        return True
    return "image" in outputs and model.cost is None and "image" in model.id.casefold()


def unless_typed_for(models: Sequence[ModelInfo], prefix: str) -> list[ModelInfo]:
    """``models`` (in their order) without the image generators, unless the user is typing
    one: ``prefix`` starts its id and no chat model's (``gpt-image`` keeps ``gpt-image-1``;
    ``gpt`` leaves it out, as ``gpt-4o`` starts with ``gpt`` too)."""
    folded = prefix.casefold()
    images = list(map(makes_images_only, models))
    chat = [m for m, image in zip(models, images, strict=True) if not image]
    if not folded or any(m.id.casefold().startswith(folded) for m in chat):
        return chat
    return [
        m
        for m, image in zip(models, images, strict=True)
        if not image or m.id.casefold().startswith(folded)
    ]


def tagged_detail(model: ModelInfo, detail: str) -> str:
    """``detail`` (prices, context), led by ``IMAGE_ONLY_NOTE`` for an image generator."""
    if not makes_images_only(model):
        return detail
    return f"{IMAGE_ONLY_NOTE} · {detail}" if detail else IMAGE_ONLY_NOTE
