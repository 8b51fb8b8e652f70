"""The server's import path stays lean: no CLI libraries, and no HTTP stack until a refresh."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ["click", "rich", "questionary", "httpx"]


def _printed(probe: str) -> str:
    """What a fresh interpreter running ``probe`` prints."""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def test_server_start_imports_no_cli_or_http_libraries() -> None:
    probe = (
        "import sys, json; import modelforge_lsp.server.server; "
        "from modelforge_lsp.catalog import load_catalog; "
        f"print(json.dumps([m for m in {FORBIDDEN!r} if m in sys.modules]))"
    )
    assert json.loads(_printed(probe)) == []


def test_server_start_imports_none_of_the_writers() -> None:
    """The server reads project settings from ``config.files``; the writers, the migrator and
    the recommender beside it are for the CLI and stay unimported."""
    writers = [
        "modelforge_lsp.config.files.add",
        "modelforge_lsp.config.files.autoconfig",
        "modelforge_lsp.config.files.edit",
        "modelforge_lsp.config.files.migrate",
        "modelforge_lsp.config.files.write",
    ]
    probe = (
        "import sys, json; import modelforge_lsp.server.app; "
        f"print(json.dumps([m for m in {writers!r} if m in sys.modules]))"
    )
    assert json.loads(_printed(probe)) == []


def test_server_start_defers_fuzzy_matching_and_package_metadata() -> None:
    """rapidfuzz (41 modules) is imported by the first typo a check meets, ruamel.yaml (10 ms,
    1.6 MB) by the first config outside the fast parse's subset, and ``importlib.metadata``
    (email, zipfile, csv: some 15 ms and 2-5 MB) only by the CLI."""
    deferred = ["rapidfuzz", "ruamel", "importlib.metadata"]
    probe = (
        "import sys, json; from modelforge_lsp.server.app import create_server; create_server(); "
        f"print(json.dumps([m for m in {deferred!r} if m in sys.modules]))"
    )
    assert json.loads(_printed(probe)) == []


def test_asyncio_goes_without_ssl_and_ssl_stays_importable() -> None:
    """asyncio is imported with ``ssl`` out of reach (no OpenSSL at start); afterwards ``ssl``
    and httpx (the refresh) import and make a TLS context as usual."""
    probe = (
        "import sys, json; from modelforge_lsp.server.__main__ import import_asyncio_without_ssl;"
        " import_asyncio_without_ssl(); import_asyncio_without_ssl();"
        " from modelforge_lsp.server.app import create_server; create_server();"
        " loaded = [m for m in ('ssl', '_ssl', '_hashlib') if m in sys.modules];"
        " import asyncio.sslproto, asyncio.base_events, ssl, httpx; ssl.create_default_context();"
        " print(json.dumps([loaded, asyncio.sslproto.ssl is None, asyncio.base_events.ssl is None,"
        " ssl.OPENSSL_VERSION.startswith('OpenSSL')]))"
    )
    assert json.loads(_printed(probe)) == [[], True, True, True]


PLAIN = "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o: {}\n"


def _ruamel_loaded_after_parsing(text: str) -> bool:
    probe = (
        "import sys; from modelforge_lsp.config.syntax import parse_document;"
        f" document = parse_document({text!r}); assert document.root is not None;"
        " print('ruamel' in sys.modules)"
    )
    return _printed(probe).strip() == "True"


def test_a_plain_config_is_read_without_ruamel_and_anything_else_with_it() -> None:
    """The fast parse reads plain block YAML with no ruamel.yaml; a flow line or an anchor
    (outside its subset) imports it for the full parse."""
    assert not _ruamel_loaded_after_parsing(PLAIN)
    assert _ruamel_loaded_after_parsing(PLAIN + "current_model: {provider: openai, model: x}\n")
    assert _ruamel_loaded_after_parsing(PLAIN + "settings: &base\n  show_telemetry: true\n")
