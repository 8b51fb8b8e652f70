"""The VS Code extension (``editors/vscode``) builds, passes its Node tests, packages (DESIGN §6).

No VS Code binary runs here. What can be proven without one is proven with the tools the
extension ships with: ``tsc --noEmit`` type-checks the source against VS Code 1.85's API,
esbuild bundles it, ``node --test`` runs the extension's own logic (server discovery, settings
mapping, status bar text) and an integration test in which a real JSON-RPC client
(``vscode-languageserver-protocol``, the layer ``vscode-languageclient`` is built on) starts the
real ``modelforge-lsp`` from this venv with the extension's ``initializationOptions``, and
``vsce`` packages the ``.vsix``.

Only a missing ``node``/``npm`` skips these tests; any failing step fails them. ``npm ci`` runs
only when ``node_modules`` is missing or ``package-lock.json`` changed since the last install,
so a repeat run takes seconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "editors" / "vscode"
SERVER = Path(sys.executable).parent / "modelforge-lsp"
INSTALL_STAMP = EXTENSION / "node_modules" / ".modelforge-lock-sha256"
"""The sha256 of the ``package-lock.json`` that ``node_modules`` was installed from."""

STEP_TIMEOUT = 300
NODE_TEST_COUNT = re.compile(
    r"^(?:#|\N{INFORMATION SOURCE}) (tests|pass|fail|skipped|todo) (\d+)$", re.M
)
"""Summary lines of ``node --test``: ``# pass 40`` (TAP), an info sign and ``pass 40`` (spec)."""


def npm_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MODELFORGE_")}
    env.update(
        MODELFORGE_LSP_COMMAND=str(SERVER),
        npm_config_audit="false",
        npm_config_fund="false",
        npm_config_update_notifier="false",
    )
    return env


def npm(*args: str, timeout: int = STEP_TIMEOUT) -> str:
    """Runs ``npm <args>`` in the extension; fails the test (with the output) unless it exits 0."""
    command = ["npm", *args]
    result = subprocess.run(
        command,
        cwd=EXTENSION,
        env=npm_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    output = f"{result.stdout}\n{result.stderr}"
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` exited {result.returncode}:\n{output[-6000:]}")
    return output


def install_lock() -> FileLock:
    """Held while ``node_modules`` is installed or the ``.vsix`` packaged: test processes running
    in parallel (pytest-xdist) share the extension folder."""
    return FileLock(EXTENSION / ".install.lock", timeout=900)


def lock_digest() -> str:
    return hashlib.sha256((EXTENSION / "package-lock.json").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def installed() -> None:
    """``node_modules`` from ``package-lock.json`` (``npm ci`` only when it is out of date)."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = f"the VS Code extension tests need {' and '.join(missing)} on PATH (Node 20+)"
        print(reason)
        pytest.skip(reason)
    versions = {
        tool: subprocess.run(
            [tool, "--version"], capture_output=True, text=True, timeout=60, check=True
        ).stdout.strip()
        for tool in ("node", "npm")
    }
    print(f"VS Code extension tests on node {versions['node']}, npm {versions['npm']}")
    assert SERVER.is_file(), f"{SERVER} is missing: pip install -e . into this venv"
    with install_lock():
        digest = lock_digest()
        stamp = INSTALL_STAMP.read_text().strip() if INSTALL_STAMP.is_file() else None
        if stamp != digest:
            npm("ci", "--no-audit", "--no-fund", timeout=600)
            INSTALL_STAMP.write_text(digest + "\n")


@pytest.mark.usefixtures("installed")
def test_typecheck() -> None:
    npm("run", "typecheck")


@pytest.mark.usefixtures("installed")
def test_build_bundles_the_extension() -> None:
    with install_lock():
        npm("run", "build")
        text = (EXTENSION / "dist" / "extension.js").read_text()
    assert 'require("vscode")' in text, "vscode stays external"
    assert 'require("vscode-languageclient' not in text, "the client is bundled in, not required"
    assert len(text) > 100_000, "vscode-languageclient is bundled in"
    assert len(text) / len(text.splitlines()) > 1000, "minified"


@pytest.mark.usefixtures("installed")
def test_node_tests_against_the_real_server() -> None:
    output = npm("test")
    counts = {name: int(value) for name, value in NODE_TEST_COUNT.findall(output)}
    assert counts.get("fail") == 0, output[-6000:]
    assert counts.get("skipped") == 0, output[-6000:]
    assert counts.get("tests", 0) >= 30, f"too few Node tests ran: {counts}"
    assert counts.get("todo", 0) == 0, f"known failures are marked todo: {counts}"
    assert counts["pass"] == counts["tests"], counts
    assert "the real modelforge-lsp" in output, "the integration test ran"


@pytest.mark.usefixtures("installed")
def test_package_builds_a_small_vsix() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text())
    vsix = EXTENSION / f"{manifest['name']}-{manifest['version']}.vsix"
    with install_lock():
        vsix.unlink(missing_ok=True)
        npm("run", "package")
        assert vsix.is_file(), f"no {vsix.name} after npm run package"
        with zipfile.ZipFile(vsix) as archive:
            names = set(archive.namelist())
    assert {"extension/dist/extension.js", "extension/package.json"} <= names, names
    assert {"extension/readme.md", "extension/LICENSE.txt", "extension/changelog.md"} <= names
    assert not any(name.startswith(("extension/node_modules/", "extension/src/")) for name in names)
    assert vsix.stat().st_size < 500_000, f"{vsix.name} is {vsix.stat().st_size} bytes"
