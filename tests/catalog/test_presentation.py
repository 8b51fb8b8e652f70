"""``catalog.presentation``: one word per capability and one note per status, for every front."""

from __future__ import annotations

from typing import get_args

import pytest

from modelforge_lsp.catalog import (
    CAPABILITY_LABELS,
    STATUS_NOTES,
    Capability,
    ModelInfo,
    Status,
    capabilities_of,
    has_capability,
    status_note,
)


def test_every_capability_has_one_distinct_word() -> None:
    assert set(CAPABILITY_LABELS) == set(get_args(Capability))
    assert len(set(CAPABILITY_LABELS.values())) == len(CAPABILITY_LABELS)


def test_every_status_has_a_note() -> None:
    assert set(STATUS_NOTES) == set(get_args(Status))


def test_capabilities_follow_the_filters_rule_in_display_order() -> None:
    model = ModelInfo(
        "openai",
        "gpt-x",
        "GPT-X",
        input_modalities=("text", "image", "pdf"),
        attachment=True,
        tool_call=True,
        structured_output=None,
    )
    assert capabilities_of(model) == ["tool_call", "vision", "pdf", "attachment"]
    assert capabilities_of(model) == [c for c in CAPABILITY_LABELS if has_capability(model, c)]
    assert (
        " ".join(CAPABILITY_LABELS[c] for c in capabilities_of(model)) == "tools vision pdf files"
    )


@pytest.mark.parametrize(
    ("status", "note"),
    [
        pytest.param(None, None, id="active"),
        pytest.param("deprecated", "Deprecated", id="deprecated"),
        pytest.param("beta", "Beta: may change or be withdrawn", id="beta"),
    ],
)
def test_status_note(status: Status | None, note: str | None) -> None:
    assert status_note(ModelInfo("openai", "gpt-x", "GPT-X", status=status)) == note
