"""One code-server on 127.0.0.1 with a fresh profile, the extension installed, the server offline.

Every run gets its own home, ``--user-data-dir`` and ``--extensions-dir`` under a temp folder:
code-server restores unsaved edits from its backups and remembers opened folders otherwise, so a
second run would not start where the first did. Its environment is the test's minus every
``MODELFORGE_*`` variable, plus ``MODELFORGE_OFFLINE=1``, a temp ``MODELFORGE_CACHE_DIR`` and a
catalog URL nothing listens on: the language server the extension starts reads the bundled
snapshot and never the network.

The extension finds this venv's ``modelforge-lsp`` through ``modelforge.server.path`` in the
*Machine* settings file: code-server is a remote window, where that file is what VS Code calls
the Remote settings, the place editors/vscode/README.md tells remote users to set the path.
``PATH`` does not hold the venv, so a broken setting shows as "not found", not as a fallback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.editors.vscode_real.install import Toolchain

SERVER = Path(sys.executable).parent / "modelforge-lsp"
UNREACHABLE_URL = "http://127.0.0.1:9/api.json"
START_TIMEOUT = 60
LISTENING = re.compile(r"HTTP server listening on http://127\.0\.0\.1:(\d+)/")

USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "extensions.ignoreRecommendations": True,
    "chat.disableAIFeatures": True,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "editor.minimap.enabled": False,
    "editor.hover.delay": 300,
    "editor.quickSuggestions": {"other": False, "comments": False, "strings": False},
    "editor.inlayHints.enabled": "on",
    "files.autoSave": "off",
    "window.restoreWindows": "none",
    "git.enabled": False,
}


@dataclass(frozen=True)
class CodeServer:
    """A running code-server: where to point the browser and where its logs are."""

    url: str
    workspace: Path
    user_data: Path
    log: Path

    def extension_log(self) -> str:
        """The extension's "ModelForge" output channel (discovery, the server's stderr)."""
        logs = sorted((self.user_data / "logs").glob("**/*ModelForge*.log"))
        return "\n".join(f"== {path}\n{path.read_text(errors='replace')}" for path in logs)


def _environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MODELFORGE_")}
    venv_bin = str(SERVER.parent)
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if entry and entry != venv_bin]
    env.update(
        HOME=str(root / "home"),
        PATH=os.pathsep.join(path),
        MODELFORGE_OFFLINE="1",
        MODELFORGE_CACHE_DIR=str(root / "catalog-cache"),
        MODELFORGE_CATALOG_URL=UNREACHABLE_URL,
        VSCODE_PROXY_URI="",
        # code-server asks Open VSX about extensions; nothing listens here, so nothing leaves
        EXTENSIONS_GALLERY=json.dumps(
            {"serviceUrl": f"{UNREACHABLE_URL}/gallery", "itemUrl": f"{UNREACHABLE_URL}/item"}
        ),
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2) + "\n")


def _install_extension(
    toolchain: Toolchain, base: list[str], vsix: Path, env: dict[str, str]
) -> None:
    result = subprocess.run(
        [*base, "--install-extension", str(vsix)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0 or "was successfully installed" not in result.stdout:
        raise RuntimeError(
            f"--install-extension {vsix.name} failed:\n{result.stdout}\n{result.stderr}"
        )


def _wait_listening(process: subprocess.Popen[bytes], log: Path) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        match = LISTENING.search(log.read_text(errors="replace"))
        if match:
            return int(match.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"code-server did not start:\n{log.read_text(errors='replace')[-4000:]}")


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{url}healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


@contextmanager
def code_server(
    toolchain: Toolchain, vsix: Path, workspace: Path, root: Path
) -> Iterator[CodeServer]:
    """Starts code-server for ``workspace`` with ``vsix`` installed; stops it afterwards."""
    env = _environment(root)
    user_data = root / "user-data"
    extensions = root / "extensions"
    _write_json(user_data / "User" / "settings.json", USER_SETTINGS)
    _write_json(user_data / "Machine" / "settings.json", {"modelforge.server.path": str(SERVER)})
    (root / "home").mkdir(parents=True, exist_ok=True)
    base = [
        str(toolchain.node),
        str(toolchain.code_server),
        "--user-data-dir",
        str(user_data),
        "--extensions-dir",
        str(extensions),
        "--config",
        str(root / "code-server.yaml"),
    ]
    _install_extension(toolchain, base, vsix, env)
    log = root / "code-server.log"
    command = [
        *base,
        "--bind-addr",
        "127.0.0.1:0",
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--disable-getting-started-override",
        str(workspace),
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=root,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        port = _wait_listening(process, log)
        url = f"http://127.0.0.1:{port}/"
        _wait_healthy(url)
        yield CodeServer(url=url, workspace=workspace, user_data=user_data, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
