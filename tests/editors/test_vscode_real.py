"""The VS Code extension in a real VS Code: code-server 4.139.1 (VS Code 1.139.1) in Chromium.

tests/editors/test_vscode.py proves the extension's logic against a stand-in ``vscode`` module;
this proves it where users run it. The ``.vsix`` is built from this tree and installed into a
code-server on 127.0.0.1 with a fresh profile; headless Chromium, driven by Playwright, opens a
workspace whose ``.model-forge/config.yaml`` holds a misspelt model and does what a user does:
sees the squiggle and the Problems entry, hovers a model, completes one, applies the quick fix,
and runs **ModelForge: Refresh model catalog** from the palette. The language server is this
venv's ``modelforge-lsp``, offline on the bundled snapshot with a temp cache (vscode_real/
codeserver.py), so the expected prices come from that snapshot.

Node 24 and code-server install once into ``.cache/vscode-real/`` (vscode_real/install.py);
Chromium and a C++ toolchain come from Debian through editors/vscode/install-test-deps.sh, run
here every time (a no-op when both are installed). A failure saves a screenshot
of each step reached, the page's state and the extension's log (discovery, the server's stderr)
under ``test-output/vscode-real/`` and prints where. With ``MODELFORGE_SCREENSHOTS=docs/images``
the run also writes the documentation's screenshots there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from modelforge_lsp.catalog import load_snapshot
from modelforge_lsp.catalog.format import format_price
from tests.editors import test_vscode
from tests.editors.test_vscode import EXTENSION, install_lock, npm
from tests.editors.vscode_real.codeserver import SERVER, CodeServer, code_server
from tests.editors.vscode_real.install import CODE_SERVER_VERSION, REPO, ensure_toolchain
from tests.editors.vscode_real.workbench import Workbench, browser_page

pytestmark = pytest.mark.slow

installed = test_vscode.installed
"""The extension's ``node_modules`` (test_vscode.py's fixture: ``npm ci`` when the lock changed)."""

INSTALL_SCRIPT = EXTENSION / "install-test-deps.sh"
OUTPUT = REPO / "test-output" / "vscode-real"
SCREENSHOTS = os.environ.get("MODELFORGE_SCREENSHOTS")
"""A folder (relative to the repository) to write the documentation's screenshots into."""

CONFIG = """\
# ModelForge project config
providers:
  openai:
    llm_type: openai_compatible
    auth_strategy: api_key
    models:
      gpt-4o-mnii: {}
      gpt-4o: {}
current_model:
  provider: openai
  model: gpt-4o
"""
TYPO_LINE, TYPO_COLUMN = 7, 7
"""Where ``gpt-4o-mnii`` starts (1-based, as VS Code shows it)."""
HOVER_LINE, HOVER_COLUMN = 8, 9
"""Inside ``gpt-4o``."""
STATUS_ITEM = "modelforge.modelforge-lsp.modelforge.catalog"
FIRST_MS = 180_000
"""For the editor and the first squiggle: the extension host, the extension and the server start
first, and on 2 cores shared with the rest of the suite that took up to a minute."""


def _system_packages() -> None:
    """Debian's chromium and build-essential, installed by the script if missing."""
    result = subprocess.run(
        [str(INSTALL_SCRIPT)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{INSTALL_SCRIPT.name} could not install the real-VS-Code test's system packages "
            f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    print(f"Chromium under test: {result.stdout.strip()}")


@pytest.fixture(scope="module")
def vsix(installed: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extension packaged from this tree, into a folder of this test's own."""
    target = tmp_path_factory.mktemp("vsix") / "modelforge-lsp.vsix"
    with install_lock():
        npm("run", "package", "--", "--out", str(target))
    assert target.is_file(), f"vsce wrote no {target}"
    return target


@pytest.fixture(scope="module")
def window(
    vsix: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CodeServer, Workbench]]:
    """A code-server with the extension, the workspace open in Chromium."""
    _system_packages()
    assert SERVER.is_file(), f"{SERVER} is missing: pip install -e . into this venv"
    started = time.monotonic()
    toolchain = ensure_toolchain()
    if toolchain.installed_seconds is not None:
        seconds = toolchain.installed_seconds
        print(f"installed Node 24 and code-server {CODE_SERVER_VERSION} in {seconds:.0f} s")
    root = tmp_path_factory.mktemp("code-server")
    workspace = root / "workspace"
    (workspace / ".model-forge").mkdir(parents=True)
    (workspace / ".model-forge" / "config.yaml").write_text(CONFIG)
    with (
        code_server(toolchain, vsix, workspace, root) as server,
        browser_page(root / "chromium") as page,
    ):
        bench = Workbench(page)
        bench.open(server.url)
        seconds = time.monotonic() - started
        print(f"code-server {CODE_SERVER_VERSION} up, the workbench open in {seconds:.1f} s")
        yield server, bench


class Steps:
    """Names each step; on a failure saves a screenshot, the page and the logs, and says where."""

    def __init__(self, server: CodeServer, bench: Workbench, name: str) -> None:
        self.server, self.bench = server, bench
        self.folder = OUTPUT / name
        self.current = "start"
        self.count = 0
        self.times: list[tuple[str, float]] = []
        self.started = time.monotonic()

    def step(self, name: str) -> None:
        self.lap()
        self.current = name
        self.count += 1

    def lap(self) -> None:
        now = time.monotonic()
        if self.count:
            self.times.append((self.current, now - self.started))
        self.started = now

    def document(self, name: str) -> None:
        """A screenshot for the docs, when MODELFORGE_SCREENSHOTS names a folder."""
        if SCREENSHOTS:
            self.bench.screenshot(REPO / SCREENSHOTS / f"vscode-{name}.png")

    def save(self) -> Path:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.bench.screenshot(self.folder / f"{self.count:02d}-{self.current}.png")
        (self.folder / "page.html").write_text(self.bench.page.content())
        (self.folder / "extension.log").write_text(self.server.extension_log())
        shutil.copy(self.server.log, self.folder / "code-server.log")
        return self.folder

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        self.lap()
        print("steps: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.times))
        if error is not None:
            folder = self.save()
            print(f"step {self.current!r} failed; screenshot, page and logs in {folder}")


def catalog_prices(model: str) -> tuple[str, str]:
    provider = next(p for p in load_snapshot().catalog.providers if p.id == "openai")
    cost = provider.models[model].cost
    assert cost is not None and cost.input is not None and cost.output is not None
    return format_price(cost.input), format_price(cost.output)


def test_the_extension_in_code_server(window: tuple[CodeServer, Workbench]) -> None:
    server, bench = window
    page = bench.page
    with Steps(server, bench, "the-extension-in-code-server") as steps:
        steps.step("open-config")
        bench.open_in_explorer(".model-forge", "config.yaml")
        bench.editor.locator(".view-lines", has_text="gpt-4o-mnii").wait_for(timeout=FIRST_MS)

        steps.step("squiggle")
        squiggle = bench.editor.locator(".squiggly-error, .squiggly-warning")
        squiggle.first.wait_for(timeout=FIRST_MS)
        # the extension's own item: its id is publisher.name.item-id
        status = page.locator(f'.statusbar-item[id="{STATUS_ITEM}"]', has_text="ModelForge")
        status.first.wait_for()
        log = server.extension_log()
        assert f"Started {SERVER}" in log, log

        steps.step("problems")
        page.keyboard.press("Control+Shift+M")
        problem = page.locator(".markers-panel .monaco-list-row", has_text="MF302").first
        problem.wait_for()
        entry = problem.inner_text()
        assert "unknown model 'gpt-4o-mnii'" in entry and "'gpt-4o-mini'" in entry, entry
        assert re.search(rf"\[Ln {TYPO_LINE}, Col {TYPO_COLUMN}\]", entry), entry
        steps.document("diagnostic")
        page.keyboard.press("Control+J")

        steps.step("hover")
        bench.go_to(HOVER_LINE, HOVER_COLUMN)
        page.keyboard.press("Control+K")
        page.keyboard.press("Control+I")
        hover = page.locator(".monaco-hover", has_text="per 1M tokens").first
        hover.wait_for()
        card = hover.inner_text()
        price_in, price_out = catalog_prices("gpt-4o")
        assert price_in in card and price_out in card, card
        steps.document("hover")
        page.keyboard.press("Escape")

        steps.step("quick-fix")
        bench.go_to(TYPO_LINE, TYPO_COLUMN + 2)
        # the server's actions for the line are in once the editor shows its light bulb; a
        # Ctrl+. pressed under load can still be lost (seen once: bulb shown, no widget)
        page.locator(".lightBulbWidget").first.wait_for()
        fix = page.locator(".action-widget .monaco-list-row", has_text="gpt-4o-mini").first
        for attempt in range(3):
            page.keyboard.press("Control+.")
            try:
                fix.wait_for(timeout=15_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        fix.click()
        bench.editor.locator(".view-lines", has_text="gpt-4o-mini: {}").wait_for()
        assert "gpt-4o-mnii" not in bench.editor_text()
        squiggle.first.wait_for(state="detached")

        steps.step("completion")
        bench.go_to(HOVER_LINE + 1)
        page.keyboard.press("Home")
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowUp")
        page.keyboard.type("      gpt-4.1-mi")
        page.keyboard.press("Control+Space")
        suggestion = page.locator(".suggest-widget .monaco-list-row", has_text="gpt-4.1-mini").first
        suggestion.wait_for()
        detail = page.locator(".suggest-widget .monaco-list-row.focused .details-label").first
        price_in, price_out = catalog_prices("gpt-4.1-mini")
        assert price_in in detail.inner_text() and price_out in detail.inner_text(), (
            detail.inner_text()
        )
        steps.document("completion")
        page.keyboard.press("Enter")
        page.locator(".suggest-widget.visible").wait_for(state="hidden")
        assert re.search(r"^ {6}gpt-4\.1-mini\b", bench.editor_text(), re.M), bench.editor_text()

        steps.step("refresh")
        bench.run_command("ModelForge: Refresh model catalog")
        refused = "catalog refresh failed: offline mode is on"
        toast = page.locator(".notifications-toasts .notification-toast", has_text=refused)
        toast.first.wait_for()
        status.filter(has_text="offline").first.wait_for()
