"""The editor and CI agree: the server and ``config validate`` read one project settings file.

A project keeps severity overrides and custom providers in ``.model-forge/modelforge-lsp.yaml``.
The same config is checked by the real server (over stdio, opened by its ``file:`` URI) and by
the real CLI (``config validate --format json``); both must report the same findings, and those
findings must show that the file's settings took effect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.server.conftest import (
    SERVER,
    RecordingClient,
    offline_options,
    open_document,
    publishes,
    replace_text,
    wait_for,
    wait_for_publish,
)

CONFIG = """\
providers:
  my_gateway:
    llm_type: openai_compatible
    base_url: https://gateway.example.com/v1
    models:
      house-model: {}
      house-modle: {}
    auth_strategy: api_key
  openai:
    llm_type: openai_compatible
    models:
      gpt-4o-mnii: {}
    auth_strategy: api_key
"""
SETTINGS = """\
checks:
  severity: {MF302: error}
customProviders:
  my_gateway:
    name: My gateway
    models: {house-model: {}}
"""
SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.mktemp("repo") / ".model-forge" / "config.yaml"
    config.parent.mkdir()
    config.write_text(CONFIG)
    (config.parent / "modelforge-lsp.yaml").write_text(SETTINGS)
    return config


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: RecordingClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    options = offline_options(tmp_path_factory.mktemp("cache"), diagnostics={"debounceMs": 0})
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(), initialization_options=options
        )
    )
    yield
    await lsp_client.shutdown_session()


def _validate(config: Path, cache: Path) -> tuple[int, set[tuple[str, str, int]]]:
    """``modelforge config validate --format json``: its exit code and (code, severity, line)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    environ |= {"MODELFORGE_CACHE_DIR": str(cache), "MODELFORGE_OFFLINE": "1"}
    command = [sys.executable, "-m", "modelforge_lsp.cli", "config", "validate", "--format"]
    done = subprocess.run(
        [*command, "json", str(config)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )
    assert done.returncode in {0, 1}, done.stderr
    found = {(f["code"], f["severity"], f["line"] - 1) for f in json.loads(done.stdout)}
    return done.returncode, found


def _published(client: RecordingClient, uri: str) -> set[tuple[str, str, int]]:
    last = publishes(client, uri)[-1]
    return {(str(d.code), SEVERITY[d.severity or 1], d.range.start.line) for d in last.diagnostics}


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_and_config_validate_report_the_same(
    client: RecordingClient, project: Path, tmp_path: Path
) -> None:
    uri = project.as_uri()
    open_document(client, uri, CONFIG)
    await wait_for_publish(client, uri)
    from_editor = _published(client, uri)
    status, from_ci = _validate(project, tmp_path)
    assert status == 1
    assert from_editor == from_ci
    # the file took effect: my_gateway is known (no MF301) and its models are checked; MF302
    # is an error, as the project says, where the default is a warning
    assert from_ci == {("MF302", "error", 6), ("MF302", "error", 11)}


@pytest.mark.asyncio(loop_scope="module")
async def test_a_changed_settings_file_applies_at_the_next_check(
    client: RecordingClient, project: Path, tmp_path: Path
) -> None:
    uri = project.as_uri()
    (project.parent / "modelforge-lsp.yaml").write_text(
        SETTINGS.replace("{MF302: error}", '{MF302: "off"}')
    )
    try:
        count = len(publishes(client, uri))
        replace_text(client, uri, 2, CONFIG + "# touched\n")
        await wait_for(
            lambda: (
                len(publishes(client, uri)) > count and not publishes(client, uri)[-1].diagnostics
            ),
            what="a publish with MF302 turned off",
        )
        assert _validate(project, tmp_path) == (0, set())
    finally:
        (project.parent / "modelforge-lsp.yaml").write_text(SETTINGS)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_pull_sees_a_changed_settings_file(client: RecordingClient, project: Path) -> None:
    """With the text unchanged, only the settings file changed: the previous result id must
    not be answered "unchanged"."""
    other = project.with_name("config.yml")  # a config of its own, beside the first
    other.write_text(CONFIG)
    open_document(client, other.as_uri(), CONFIG)
    identifier = types.TextDocumentIdentifier(uri=other.as_uri())
    first = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=identifier)
    )
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport) and first.items
    settings = project.parent / "modelforge-lsp.yaml"
    settings.write_text(SETTINGS.replace("{MF302: error}", '{MF302: "off"}'))
    try:
        second = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=identifier, previous_result_id=first.result_id
            )
        )
    finally:
        settings.write_text(SETTINGS)
    assert isinstance(second, types.RelatedFullDocumentDiagnosticReport)
    assert second.result_id != first.result_id and not second.items
