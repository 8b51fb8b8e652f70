"""Driving VS Code's workbench in Chromium through Playwright, by keyboard and stable selectors.

Selectors are VS Code's own DOM classes, the ones its smoke tests use: ``.monaco-workbench``,
``.monaco-editor``, ``.squiggly-error``/``.squiggly-warning``, ``.markers-panel``,
``.monaco-hover``, ``.suggest-widget``, ``.action-widget`` (the quick-fix menu),
``.quick-input-widget`` (palette and Quick Open), ``.explorer-folders-view`` and
``.statusbar-item``. Commands go through the palette (F1) and shortcuts, never through menu
positions.

Chromium is Debian's (playwright's own browser download cannot work offline), run headless
without its sandbox (the tests run as root) in a fresh profile.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page, ViewportSize, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
WAIT_MS = 60_000
"""The longest wait for one thing to appear. A warm run needs well under a second for most, but
the first answers come after the extension host and the server start, on 2 busy cores."""


def chromium_executable() -> str:
    """Debian's Chromium binary (the ``/usr/bin/chromium`` wrapper adds flags of its own)."""
    binary = Path("/usr/lib/chromium/chromium")
    found = str(binary) if binary.is_file() else shutil.which("chromium")
    if found is None:
        raise RuntimeError("chromium is missing: run editors/vscode/install-test-deps.sh")
    return found


@contextmanager
def browser_page(profile: Path) -> Iterator[Page]:
    """A page in a fresh headless Chromium profile; closed afterwards."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium_executable(),
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport=VIEWPORT,
            device_scale_factor=1,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(WAIT_MS)
            yield page
        finally:
            context.close()


class Workbench:
    """The VS Code window in ``page``."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.locator(".monaco-workbench").wait_for()
        self.page.locator(".statusbar").wait_for()

    @property
    def editor(self) -> Locator:
        return self.page.locator(".editor-instance .monaco-editor").first

    def editor_text(self) -> str:
        """The visible lines of the active editor, as the user sees them."""
        lines = self.editor.locator(".view-lines .view-line")
        tops = lines.evaluate_all(
            "rows => rows.map(r => [parseFloat(r.style.top) || 0, r.textContent])"
        )
        return "\n".join(text.replace("\u00a0", " ") for _, text in sorted(tops))

    def run_command(self, title: str) -> None:
        """Runs a command by its palette title (F1, type, Enter)."""
        self.page.keyboard.press("F1")
        box = self.page.locator(".quick-input-widget input")
        box.wait_for()
        box.fill(f">{title}")
        row = self.page.locator(".quick-input-widget .monaco-list-row", has_text=title).first
        row.wait_for()
        self.page.keyboard.press("Enter")

    def open_in_explorer(self, *names: str) -> None:
        """Clicks each name in turn in the Explorer: folders expand, the last one opens."""
        tree = self.page.locator(".explorer-folders-view")
        for name in names:
            label = tree.locator(
                ".monaco-list-row .label-name", has_text=re.compile(rf"^{re.escape(name)}$")
            )
            label.first.click()

    def go_to(self, line: int, column: int = 1) -> None:
        """Puts the cursor at ``line:column`` (1-based): Quick Open's ``:line:column``."""
        self.page.keyboard.press("Control+P")
        box = self.page.locator(".quick-input-widget input")
        box.wait_for()
        box.fill(f":{line}:{column}")
        self.page.locator(
            ".quick-input-widget .monaco-list-row", has_text=f"line {line}"
        ).first.wait_for()
        self.page.keyboard.press("Enter")
        self.page.locator(".quick-input-widget").wait_for(state="hidden")
        # focus goes back to the editor a moment later: keys sent before then reach the workbench
        self.page.locator(".editor-instance .monaco-editor.focused").wait_for()
        self.page.locator(".statusbar-item", has_text=f"Ln {line}, Col {column}").wait_for()

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
