"""How long ``check()`` takes on a config where nearly every line has a finding with a fix.

Every fix is built when the finding is (code actions read them), so a fix builder that re-parses
the whole document costs one parse per finding on every keystroke's diagnostics. This prints the
median of ``check()`` on a 306-line file whose 300 models are all empty (MF608 each), next to one
parse of the same text. Run: ``.venv/bin/python bench/check_many_findings.py``.
"""

from __future__ import annotations

import statistics
import time

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import check
from modelforge_lsp.config.syntax import parse_document


def main(models: int = 300, runs: int = 7) -> None:
    catalog = Catalog(load_snapshot().catalog.providers)
    provider = catalog.provider("openrouter")
    assert provider is not None
    ids = list(provider.models)[:models]
    text = (
        "providers:\n  openrouter:\n    llm_type: openai_compatible\n"
        "    base_url: https://openrouter.ai/api/v1\n    auth_strategy: api_key\n    models:\n"
        + "".join(f"      {model}:\n" for model in ids)
    )
    document = parse_document(text)
    checks, parses = [], []
    for _ in range(runs):
        start = time.perf_counter()
        findings = check(document, catalog)
        checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        parse_document(text)
        parses.append(time.perf_counter() - start)
    check_ms = statistics.median(checks) * 1000
    parse_ms = statistics.median(parses) * 1000
    print(f"{len(text.splitlines())} lines, {len(findings)} findings")
    print(f"check(): median {check_ms:.1f} ms; one parse: median {parse_ms:.1f} ms")
    print(f"ratio check/parse: {check_ms / parse_ms:.2f}")


if __name__ == "__main__":
    main()
