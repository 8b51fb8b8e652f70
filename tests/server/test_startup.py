"""Start-up: ``initialize`` is answered before the catalog is read, and only what needs the
catalog waits for it.

The server under test is the real one with its catalog load held at a gate: run as
``python -m tests.server.test_startup``, this module wraps ``CatalogSource.load`` so that it
waits until the file named by ``$MODELFORGE_TEST_CATALOG_GATE`` exists, then loads as usual --
the product carries no setting that exists only for tests. While the gate is shut, a server
that read the catalog before answering ``initialize`` would never answer it, and a completion
that did not wait for the catalog would answer without its models.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

GATE_VARIABLE = "MODELFORGE_TEST_CATALOG_GATE"
GATE = Path(tempfile.gettempdir()) / f"modelforge-catalog-gate-{uuid.uuid4().hex}"
ROOT = Path(__file__).resolve().parents[2]


def gated(load: Callable[..., Any]) -> Callable[..., Any]:
    """``load``, waiting first (in its worker thread) until the gate file exists."""

    def wait_then_load(*args: Any, **kwargs: Any) -> Any:
        gate, deadline = Path(os.environ[GATE_VARIABLE]), time.monotonic() + 120
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return load(*args, **kwargs)

    return wait_then_load


def _python_path() -> str:
    """The repository first (``-m tests.server.test_startup``), then the caller's path."""
    return os.pathsep.join([*filter(None, [os.environ.get("PYTHONPATH")]), str(ROOT)])


def noted(parse: Callable[..., Any]) -> Callable[..., Any]:
    """``parse``, leaving the file ``$MODELFORGE_TEST_CATALOG_GATE.parsed`` once it has run."""

    def parse_and_note(*args: Any, **kwargs: Any) -> Any:
        document = parse(*args, **kwargs)
        Path(os.environ[GATE_VARIABLE] + ".parsed").touch()
        return document

    return parse_and_note


def run() -> None:
    from modelforge_lsp.server import server, state
    from modelforge_lsp.server.__main__ import main

    server.CatalogSource.load = gated(server.CatalogSource.load)  # type: ignore[method-assign]
    state.parse_document = noted(state.parse_document)
    main(sys.argv[1:])


if __name__ == "__main__":
    run()
else:
    import pytest
    import pytest_lsp
    from lsprotocol import types
    from pytest_lsp import ClientServerConfig

    from tests.server.conftest import (
        RecordingClient,
        make_recording_client,
        offline_options,
        open_document,
        publishes,
        uri_for,
        wait_for_publish,
    )

    GATED_SERVER = ClientServerConfig(
        server_command=[sys.executable, "-m", "tests.server.test_startup"],
        client_factory=make_recording_client,
        server_env={**os.environ, GATE_VARIABLE: str(GATE), "PYTHONPATH": _python_path()},
    )
    TEXT = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-m\n"

    @pytest_lsp.fixture(config=GATED_SERVER, scope="module")
    async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
        GATE.unlink(missing_ok=True)
        options = offline_options(tmp_path_factory.mktemp("cache"))
        capabilities = types.ClientCapabilities()
        # With the gate shut the catalog cannot be read: this returns only if initialize
        # is answered without it.
        await asyncio.wait_for(
            lsp_client.initialize_session(
                types.InitializeParams(capabilities=capabilities, initialization_options=options)
            ),
            60,
        )
        yield
        GATE.touch()
        await lsp_client.shutdown_session()
        GATE.unlink(missing_ok=True)
        Path(f"{GATE}.parsed").unlink(missing_ok=True)

    @pytest.mark.asyncio(loop_scope="module")
    async def test_requests_needing_the_catalog_wait_for_it_and_others_do_not(
        client: RecordingClient,
    ) -> None:
        uri = uri_for("startup")
        document = types.TextDocumentIdentifier(uri=uri)
        open_document(client, uri, TEXT)
        # The check waits for the catalog, the parse does not: made on open, no request asking
        parsed, deadline = Path(f"{GATE}.parsed"), time.monotonic() + 30
        while not parsed.exists() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert parsed.exists()
        completion = asyncio.ensure_future(
            client.text_document_completion_async(
                types.CompletionParams(text_document=document, position=types.Position(4, 14))
            )
        )
        # Not a catalog request: answered while the catalog is still held back.
        links = await asyncio.wait_for(
            client.text_document_document_link_async(
                types.DocumentLinkParams(text_document=document)
            ),
            30,
        )
        assert links is not None
        assert not completion.done()
        assert publishes(client, uri) == []  # the check waits for the catalog too

        GATE.touch()
        result = await asyncio.wait_for(completion, 60)
        labels = [item.label for item in result.items] if result else []
        assert "gpt-4o-mini" in labels  # the catalog's models, not an empty answer
        published = await wait_for_publish(client, uri, version=1)
        assert published.version == 1
