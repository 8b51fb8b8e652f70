"""``textDocument/codeAction``: the checks' fixes as quick fixes, for push and pull clients.

Each fix is applied to the text the way an editor would (UTF-16 ranges) and the result is
checked again: the quick fix must really fix the problem.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
import pytest_lsp
from lsprotocol import types

from tests.server.conftest import (
    CLEAN_TEXT,
    MF302_RANGE,
    MF302_TEXT,
    SERVER,
    RecordingClient,
    close_document,
    offline_options,
    open_document,
    replace_text,
    uri_for,
    wait_for_publish,
)

PUSH_CAPABILITIES = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True)
    )
)
PULL_CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities()
    )
)
PROVIDER = (
    "providers:\n  {key}:\n    llm_type: {llm_type}\n    models:\n      {model}: {{}}\n"
    "    auth_strategy: api_key\n"
)
"""A provider block the runtime accepts apart from what a test varies (the shape of
``MF302_TEXT``)."""


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A push client that can apply version-pinned edits (``documentChanges``)."""
    options = offline_options(tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": 0})
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=PUSH_CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER, scope="module")
async def pull_client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A client that pulls diagnostics and only understands plain ``changes`` edits."""
    options = offline_options(tmp_path_factory.mktemp("cache"))
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=PULL_CAPABILITIES, initialization_options=options)
    )
    yield
    await lsp_client.shutdown_session()


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """``text`` with LSP ``edits`` applied; positions in UTF-16 code units, as a client does."""
    lines = re.split(r"(?<=\n)|(?<=\r)(?!\n)", text)  # LSP's line breaks, each kept
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        line = lines[position.line].rstrip("\r\n")
        units = line.encode("utf-16-le")[: position.character * 2]
        return starts[position.line] + len(units.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def edits_of(
    edit: types.WorkspaceEdit | None, uri: str, version: int | None
) -> list[types.TextEdit]:
    """The text edits of a one-document ``WorkspaceEdit``, checking its shape on the way."""
    assert edit is not None
    if version is None:
        assert edit.document_changes is None and edit.changes is not None
        assert list(edit.changes) == [uri]
        return list(edit.changes[uri])
    assert edit.changes is None and edit.document_changes is not None
    [change] = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri and change.text_document.version == version
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


async def code_actions(
    client: RecordingClient,
    uri: str,
    range_: types.Range,
    diagnostics: Sequence[types.Diagnostic] = (),
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
        )
    )
    actions = [a for a in result or [] if isinstance(a, types.CodeAction)]
    assert len(actions) == len(result or [])
    return actions


async def fix_and_recheck(
    client: RecordingClient, name: str, text: str, code: str
) -> tuple[types.CodeAction, str, list[types.Diagnostic]]:
    """Open ``text``, take the preferred quick fix for its ``code`` diagnostic, apply it, and
    return the action, the fixed text and the diagnostics published for it."""
    uri = uri_for(name)
    open_document(client, uri, text)
    published = await wait_for_publish(client, uri, version=1)
    [diagnostic] = [d for d in published.diagnostics if d.code == code]
    actions = await code_actions(client, uri, diagnostic.range, [diagnostic])
    [action] = [a for a in actions if a.is_preferred and list(a.diagnostics or ()) == [diagnostic]]
    assert action.kind == types.CodeActionKind.QuickFix
    fixed = apply_edits(text, edits_of(action.edit, uri, version=1))
    replace_text(client, uri, 2, fixed)
    republished = await wait_for_publish(client, uri, version=2)
    close_document(client, uri)
    return action, fixed, republished.diagnostics


@pytest.mark.asyncio(loop_scope="module")
async def test_misspelled_model_is_replaced_with_the_suggestion(client: RecordingClient) -> None:
    action, fixed, diagnostics = await fix_and_recheck(client, "mf302", MF302_TEXT, "MF302")
    assert action.title == "Replace with 'gpt-4o-mini'"
    assert fixed == CLEAN_TEXT
    assert list(diagnostics) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_deprecated_model_is_replaced_with_its_successor(client: RecordingClient) -> None:
    text = PROVIDER.format(key="github_copilot", llm_type="github_copilot", model="gpt-5")
    action, fixed, diagnostics = await fix_and_recheck(client, "mf304", text, "MF304")
    assert action.title.startswith("Replace deprecated 'gpt-5' with 'gpt-5")
    successor = action.title.rsplit("'", 2)[1]
    assert successor != "gpt-5"
    assert fixed == text.replace("gpt-5:", f"{successor}:")
    assert list(diagnostics) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_enum_typo_is_corrected(client: RecordingClient) -> None:
    text = PROVIDER.format(key="openai", llm_type="openai_compatibel", model="gpt-4o-mini")
    action, fixed, diagnostics = await fix_and_recheck(client, "mf203", text, "MF203")
    assert action.title == "Replace with 'openai_compatible'"
    assert fixed == CLEAN_TEXT
    assert list(diagnostics) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_missing_llm_type_is_added(client: RecordingClient) -> None:
    text = CLEAN_TEXT.replace("    llm_type: openai_compatible\n", "")
    action, fixed, diagnostics = await fix_and_recheck(client, "mf204", text, "MF204")
    assert action.title == "Add 'llm_type: openai_compatible'"
    assert fixed == CLEAN_TEXT  # inserted as the provider's first field, indented like it
    assert list(diagnostics) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_a_stored_key_is_removed_and_the_runtimes_variable_named(
    client: RecordingClient,
) -> None:
    secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
    stored = f"    auth_data:\n      api_key: {secret}\n"
    text = CLEAN_TEXT + stored
    action, fixed, diagnostics = await fix_and_recheck(client, "mf501", text, "MF501")
    assert "MODELFORGE_OPENAI_API_KEY" in action.title
    assert fixed == CLEAN_TEXT  # the stored credentials go; no "$VAR" is written
    assert list(diagnostics) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_every_suggestion_is_offered_with_the_first_preferred(
    client: RecordingClient,
) -> None:
    uri = uri_for("all-fixes")
    open_document(client, uri, MF302_TEXT)
    actions = await code_actions(client, uri, MF302_RANGE)
    assert len(actions) > 1
    assert [a.is_preferred for a in actions] == [True] + [False] * (len(actions) - 1)
    assert all(a.diagnostics and a.diagnostics[0].data == {"code": "MF302", "index": 0}
               for a in actions)  # fmt: skip
    close_document(client, uri)


CURSOR_BEFORE = types.Range(types.Position(4, 0), types.Position(4, 0))
"""Column 0 of the misspelled line: touches no finding (Neovim asks like this)."""


@pytest.mark.parametrize(
    ("range_", "data", "only", "expected"),
    [
        pytest.param(MF302_RANGE, None, None, True, id="range-touches-the-finding"),
        pytest.param(
            types.Range(types.Position(4, 17), types.Position(4, 17)), None, None, True,
            id="cursor-right-after-the-word",
        ),
        pytest.param(
            types.Range(types.Position(0, 0), types.Position(9, 0)), None, None, True,
            id="selection-around-it",
        ),
        pytest.param(CURSOR_BEFORE, None, None, False, id="elsewhere-on-the-line"),
        pytest.param(CURSOR_BEFORE, {"code": "MF302", "index": 0}, None, True,
                     id="elsewhere-but-the-client-names-the-diagnostic"),
        pytest.param(CURSOR_BEFORE, {"code": "MF301", "index": 0}, None, False,
                     id="a-stale-diagnostic-is-not-trusted"),
        pytest.param(CURSOR_BEFORE, {"code": "MF302", "index": 7}, None, False,
                     id="an-index-out-of-range-is-ignored"),
        pytest.param(CURSOR_BEFORE, "junk", None, False, id="foreign-data-is-ignored"),
        pytest.param(MF302_RANGE, None, ["quickfix"], True, id="only-quickfix"),
        pytest.param(MF302_RANGE, None, [""], True, id="only-empty-kind-means-all"),
        pytest.param(MF302_RANGE, None, ["refactor", "source"], False, id="only-other-kinds"),
        pytest.param(MF302_RANGE, None, ["quickfix.other"], False, id="only-a-sub-kind"),
    ],
)  # fmt: skip
@pytest.mark.asyncio(loop_scope="module")
async def test_which_findings_a_request_gets(
    client: RecordingClient,
    range_: types.Range,
    data: object,
    only: list[str] | None,
    expected: bool,
) -> None:
    uri = uri_for("matching")
    open_document(client, uri, MF302_TEXT)
    diagnostics = []
    if data is not None:
        diagnostics = [
            types.Diagnostic(range=MF302_RANGE, message="as the client saw it", data=data)
        ]
    actions = await code_actions(client, uri, range_, diagnostics, only)
    assert bool(actions) == expected
    assert all(a.title.startswith("Replace with '") for a in actions)
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_clean_and_unknown_documents_have_no_actions(client: RecordingClient) -> None:
    uri = uri_for("clean")
    open_document(client, uri, CLEAN_TEXT)
    whole = types.Range(types.Position(0, 0), types.Position(9, 0))
    assert await code_actions(client, uri, whole) == []
    close_document(client, uri)
    assert await code_actions(client, uri_for("never-opened"), whole) == []


@pytest.mark.asyncio(loop_scope="module")
async def test_ranges_are_in_utf16_code_units(client: RecordingClient) -> None:
    uri = uri_for("utf16")
    line = '    models: {"🚀 中": {api_model_name: gpt-4o-mini}, gpt-4o-mnii: {}}'
    text = "providers:\n  openai:\n    llm_type: openai_compatible\n" + line + "\n"
    open_document(client, uri, text)
    start = line.index("gpt-4o-mnii") + 1  # the rocket: one code point, two UTF-16 units
    requested = types.Range(types.Position(3, start + 2), types.Position(3, start + 2))
    actions = await code_actions(client, uri, requested)
    preferred = next(a for a in actions if a.is_preferred)
    [edit] = edits_of(preferred.edit, uri, version=1)
    assert edit.range == types.Range(types.Position(3, start), types.Position(3, start + 11))
    assert apply_edits(text, [edit]) == text.replace("gpt-4o-mnii", "gpt-4o-mini")
    close_document(client, uri)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_pull_client_gets_the_same_actions(
    client: RecordingClient, pull_client: RecordingClient
) -> None:
    uri = uri_for("pull")
    open_document(pull_client, uri, MF302_TEXT)
    report = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    [diagnostic] = report.items
    pulled = await code_actions(pull_client, uri, diagnostic.range, [diagnostic])
    open_document(client, uri, MF302_TEXT)
    pushed = await code_actions(client, uri, MF302_RANGE)
    assert [a.title for a in pulled] == [a.title for a in pushed]
    assert list(pulled[0].diagnostics or ()) == [diagnostic]
    fixed = apply_edits(MF302_TEXT, edits_of(pulled[0].edit, uri, version=None))
    assert fixed == CLEAN_TEXT
    assert not pull_client.published
    close_document(pull_client, uri)
    close_document(client, uri)
