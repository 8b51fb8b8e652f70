"""What a keystroke's parse costs: ``parse_document`` with the block fast path vs without it.

Run: ``.venv/bin/python bench/parse_bench.py [--rounds 30]``.

On the bench's generated configs (``lsp_bench.generate_config``: 50, 500 and 5,000 models) this
times ``parse_document`` (which reads plain block YAML line by line: ``config/syntax/fast_block``)
and ``parse._parse_full`` (the same parse without that path: libyaml's events from
``FAST_PARSE_CHARS`` on, the tree built from them), alternating the two each round so both see
the same noise, and prints the medians, the fraction of the full parse left, and whether the
two documents are equal. The collector is paused meanwhile, as the server pauses it while it
checks a document (``server/state.py``: the parse is the check's first step); ``--gc`` leaves it
on, where the collections that tens of thousands of new objects set off add to both paths.
The machines are shared: quote medians.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lsp_bench import generate_config  # noqa: E402

from modelforge_lsp.config.syntax import ConfigDocument, parse_document  # noqa: E402
from modelforge_lsp.config.syntax.fast_block import block_tree  # noqa: E402
from modelforge_lsp.config.syntax.parse import _parse_full  # noqa: E402


def fields(document: ConfigDocument) -> str:
    return repr((document.root, document.syntax_errors, document.duplicate_keys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--gc", action="store_true", help="leave the collector on")
    args = parser.parse_args()
    if not args.gc:
        gc.disable()
    for models in (50, 500, 5000):
        text, _ = generate_config(models)
        fast_s: list[float] = []
        full_s: list[float] = []
        for _ in range(args.rounds):
            for parse, samples in ((parse_document, fast_s), (_parse_full, full_s)):
                started = time.perf_counter()
                parse(text)
                samples.append(time.perf_counter() - started)
        fast, full = statistics.median(fast_s), statistics.median(full_s)
        same = fields(parse_document(text)) == fields(_parse_full(text))
        print(
            f"{models:5} models, {text.count(chr(10)):5} lines: fast {fast * 1000:6.2f} ms, "
            f"full {full * 1000:6.2f} ms (left: {fast / full:5.1%}); "
            f"fast path taken: {block_tree(text) is not None}; same document: {same}"
        )


if __name__ == "__main__":
    main()
