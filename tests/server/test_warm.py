"""The warm-up writes the converters a session's first messages need, and never fails loudly."""

from __future__ import annotations

import logging
from typing import Any

import cattrs.gen
import pytest
from lsprotocol import types

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.server import warm
from modelforge_lsp.server.app import create_server


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the classes cattrs writes a converter function for from now on."""
    names: list[str] = []
    for factory in ("make_dict_unstructure_fn_from_attrs", "make_dict_structure_fn_from_attrs"):
        original = getattr(cattrs.gen, factory)

        def spy(attributes: Any, cl: type, *args: Any, _original: Any = original, **kw: Any) -> Any:
            names.append(cl.__name__)
            return _original(attributes, cl, *args, **kw)

        monkeypatch.setattr(cattrs.gen, factory, spy)
    return names


def test_after_the_warm_up_a_first_completion_writes_no_converter(written: list[str]) -> None:
    converter = create_server().protocol._converter
    warm.warm_up(converter, None)
    assert written, "the warm-up wrote the converters"
    written.clear()
    item = types.CompletionItem(
        label="gpt-4o-mini",
        kind=types.CompletionItemKind.Value,
        text_edit=types.TextEdit(
            range=types.Range(types.Position(3, 6), types.Position(3, 9)), new_text="gpt-4o-mini"
        ),
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value="card"),
        data={"kind": "model", "provider": "openai", "id": "gpt-4o-mini"},
    )
    converter.unstructure(types.CompletionResponse(id=7, result=types.CompletionList(True, [item])))
    position = {"line": 3, "character": 9}
    request = {"textDocument": {"uri": "file:///c.yaml"}, "position": position}
    converter.structure(
        {"jsonrpc": "2.0", "id": 8, "method": "textDocument/completion", "params": request},
        types.CompletionRequest,
    )
    assert written == []


def test_without_the_warm_up_the_first_completion_writes_its_converters(
    written: list[str],
) -> None:
    converter = create_server().protocol._converter
    item = types.CompletionItem(
        label="x",
        text_edit=types.TextEdit(
            range=types.Range(types.Position(0, 0), types.Position(0, 1)), new_text="x"
        ),
    )
    converter.unstructure(types.CompletionResponse(id=7, result=types.CompletionList(True, [item])))
    assert "CompletionItem" in written  # what the test above shows the warm-up spares


def test_the_first_search_builds_the_largest_providers_index() -> None:
    catalog = Catalog(load_snapshot().catalog.providers)
    largest = max(catalog.providers, key=lambda provider: len(provider.models))
    warm.warm_up(create_server().protocol._converter, catalog)
    assert largest.id in catalog._indexes


def test_a_failing_warm_up_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def unstructure(self, message: object) -> None:
            raise TypeError("no converter")

    afterwards: list[str] = []
    with caplog.at_level(logging.ERROR, logger=warm.__name__):
        warm.warm_up(Broken(), None, lambda: afterwards.append("saved"))
    assert "warming up the message converters failed" in caplog.text
    assert afterwards == ["saved"]  # what did compile is still kept


def test_what_follows_the_warm_up_runs_once_its_converters_are_written(
    written: list[str],
) -> None:
    converter = create_server().protocol._converter
    seen: list[set[str]] = []
    warm.warm_up(converter, None, lambda: seen.append(set(written)))
    assert seen and {"CompletionList", "Hover", "Diagnostic"} <= seen[0]
