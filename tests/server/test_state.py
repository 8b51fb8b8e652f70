"""``DocumentState``: parse once per version, shared by every request and thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import modelforge_lsp.server.state as state_module
from modelforge_lsp.config.syntax import ConfigDocument, parse_document
from modelforge_lsp.server.state import CheckResult, DocumentState, result_id
from tests.server.conftest import MF302_TEXT, uri_for


def test_the_document_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []

    def counting_parse(text: str) -> ConfigDocument:
        parsed.append(text)
        return parse_document(text)

    monkeypatch.setattr(state_module, "parse_document", counting_parse)
    state = DocumentState(uri_for("once"), 1, MF302_TEXT)
    with ThreadPoolExecutor(8) as pool:
        documents = list(pool.map(lambda _: state.document, range(32)))
    assert parsed == [MF302_TEXT]
    assert all(document is documents[0] for document in documents)
    assert documents[0].entry_at(("providers", "openai", "models", "gpt-4o-mnii")) is not None


def test_parsed_never_parses_but_returns_an_existing_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []

    def counting_parse(text: str) -> ConfigDocument:
        parsed.append(text)
        return parse_document(text)

    monkeypatch.setattr(state_module, "parse_document", counting_parse)
    state = DocumentState(uri_for("parsed"), 1, MF302_TEXT)
    assert state.parsed is None
    assert parsed == []
    document = state.document
    assert state.parsed is document
    assert parsed == [MF302_TEXT]


def test_findings_are_cached_per_generation() -> None:
    state = DocumentState(uri_for("cache"), 1, MF302_TEXT)
    assert state.findings_for((0, 0)) is None
    state.findings, state.findings_generation = [], (1, 1)
    assert state.findings_for((1, 1)) == []
    assert state.findings_for((2, 1)) is None


def test_result_ids_follow_text_catalog_and_settings() -> None:
    state = DocumentState(uri_for("ids"), 3, MF302_TEXT, opening=2)
    ids = {
        result_id(state, (1, 1)),
        result_id(state, (2, 1)),
        result_id(state, (1, 2)),
        result_id(DocumentState(state.uri, 4, MF302_TEXT, opening=2), (1, 1)),
        result_id(DocumentState(state.uri, 3, MF302_TEXT, opening=5), (1, 1)),
    }
    assert len(ids) == 5
    assert CheckResult(state, [], (1, 1)).result_id == result_id(state, (1, 1))
