"""Print the provider table of docs/providers.md, from the product's own sources.

Every cell comes from what the writers and checks use -- ``runtime_provider`` (the curated
``runtime_providers.json`` first, then the catalog's ``api``), ``credential_variable`` and the
bundled models.dev snapshot -- so the page says what ``modelforge config add`` writes and what
MF602 suggests. ``tests/test_docs_providers.py`` fails when the page and this output differ.

    .venv/bin/python docs/tools/provider_table.py            # print the table
    .venv/bin/python docs/tools/provider_table.py --write    # put it into docs/providers.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.language import (
    RuntimeProvider,
    credential_variable,
    curated_providers,
    runtime_provider,
)

PAGE = Path(__file__).resolve().parents[1] / "providers.md"
BEGIN = "<!-- provider-table:begin (docs/tools/provider_table.py writes this; do not edit) -->"
END = "<!-- provider-table:end -->"

MOST_USED = (
    "openai",
    "anthropic",
    "mistral",
    "groq",
    "deepseek",
    "openrouter",
    "togetherai",
    "xai",
    "cerebras",
    "google",
    "github-copilot",
    "ollama",
    "perplexity",
    "deepinfra",
    "cohere",
    "fireworks-ai",
    "moonshotai",
)
"""The providers listed first; every provider of the curated table follows."""

_NOT_READ = frozenset({"google_genai", "github_copilot"})
"""``llm_type`` values whose chat model ignores ``base_url`` (fixed endpoints)."""

_HEADER = (
    "| ModelForge key | models.dev id | llm_type | base_url | endpoint from | auth_strategy "
    "| credential variable | docs |\n"
    "|---|---|---|---|---|---|---|---|"
)


def provider_names() -> list[str]:
    """``MOST_USED``, then the curated table's other providers in its order."""
    names = list(MOST_USED)
    names += [name for name in curated_providers() if name not in names]
    return names


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


def _base_url(found: RuntimeProvider) -> str:
    if found.llm_type in _NOT_READ:
        return (_code(found.base_url) + " (not read)") if found.base_url else "— (not read)"
    if found.base_url is None:
        return "— (give yours)"
    if found.llm_type == "ollama":
        return _code(found.base_url) + " or `$OLLAMA_HOST`"
    return _code(found.base_url)


def _source(found: RuntimeProvider) -> str:
    if found.llm_type in _NOT_READ:
        return "—"
    return {"curated": "table", "catalog": "catalog", "none": "—"}[found.source]


def _docs(url: str | None) -> str:
    if not url:
        return "—"
    host = urlsplit(url).hostname or url
    return f"[{_cell(host)}]({_cell(url)})"


def row(name: str, catalog: Catalog) -> str:
    """One provider's line of the table."""
    found = runtime_provider(name, catalog)
    if found is None:
        raise SystemExit(f"{name}: neither the curated table nor the catalog knows it")
    in_catalog = catalog.provider(name) is not None
    strategy = found.auth_strategy
    cells = [
        _code(found.key),
        _code(found.catalog_id) if in_catalog else "— (not in models.dev)",
        _code(found.llm_type),
        _base_url(found),
        _source(found),
        _code(strategy) if strategy else "— (none)",
        _code(credential_variable(found.key, strategy)) if strategy else "— (none)",
        _docs(found.docs),
    ]
    return "| " + " | ".join(cells) + " |"


def table(catalog: Catalog | None = None) -> str:
    """The whole table (header and one row per provider), without the markers."""
    catalog = catalog or Catalog(load_snapshot().catalog.providers)
    return "\n".join([_HEADER, *(row(name, catalog) for name in provider_names())])


def generated_region(page_text: str) -> str:
    """What the page holds between the markers (``ValueError`` when they are missing)."""
    start = page_text.index(BEGIN) + len(BEGIN)
    return page_text[start : page_text.index(END, start)].strip("\n")


def with_table(page_text: str, new_table: str) -> str:
    """``page_text`` with the region between the markers replaced by ``new_table``."""
    start = page_text.index(BEGIN) + len(BEGIN)
    end = page_text.index(END, start)
    return f"{page_text[:start]}\n{new_table}\n{page_text[end:]}"


def main(argv: list[str]) -> int:
    generated = table()
    if argv == ["--write"]:
        PAGE.write_text(with_table(PAGE.read_text("utf-8"), generated), "utf-8")
        print(f"wrote the table into {PAGE}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
