"""docs/diagnostics.md and the code registry say the same thing about every code.

``tests/config/checks/test_codes.py`` already holds the page's ``## MFnnn`` headings to the
registry, in order (every code an entry, every entry a code). This adds what an entry says:
its bold title is the registry's title, it names the code's usual severity, and it explains
something beyond the title. And no page of the docs mentions a code that does not exist
(a renumbered or retired one), except where it is quoted as an example of an invalid code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from modelforge_lsp.config.checks import CODES

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "diagnostics.md"
NOT_A_CODE = {"MF999"}
"""docs/server.md quotes it as what a severity override with a wrong code looks like."""


def entries() -> dict[str, str]:
    parts = re.split(r"^## (MF\d{3})$", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts), 2)}


ENTRIES = entries()


def test_every_code_has_an_entry_and_every_entry_a_code() -> None:
    assert set(ENTRIES) == set(CODES)


@pytest.mark.parametrize("code", list(CODES))
def test_the_entry_matches_the_registry(code: str) -> None:
    body = ENTRIES[code]
    first = body.split("\n\n")[0]
    title = re.match(r"\*\*(.+?)\*\*", first)
    assert title is not None, f"{code}: the entry starts with its title in bold"
    assert title.group(1).replace("`", "").rstrip(".") == CODES[code].title
    severity = CODES[code].severity.name.lower()
    assert re.search(rf"\b{severity}\b", first), f"{code}: says it is a {severity}"
    assert len(first) > len(title.group(0)) + 20, f"{code}: explains more than its title"


def test_no_page_mentions_a_code_that_does_not_exist() -> None:
    pages = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    for page in pages:
        named = set(re.findall(r"\bMF\d{3}\b", page.read_text(encoding="utf-8")))
        assert named - set(CODES) - NOT_A_CODE == set(), page.name
