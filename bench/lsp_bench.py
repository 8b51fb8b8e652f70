"""Language-server figures over stdio against the real ``modelforge-lsp`` process.

Run: ``.venv/bin/python bench/lsp_bench.py [--requests 300] [--models 500]``.

Prints, on a generated config with ~500 models:

* start-to-first-answer: process spawn -> ``initialize`` answered, and -> first hover answered
  on an opened document (the catalog is read from the bundled snapshot; no network);
* completion, hover and diagnostics latency: median and p99 over ``--requests`` requests each.
  Diagnostics are measured as a full re-check: a ``didChange`` followed by a pull
  ``textDocument/diagnostic`` (pull requests are not debounced, so this is parse + check time
  plus the round trip);
* the server's peak resident memory (``VmHWM`` from ``/proc``).

Quote medians and ratios: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from modelforge_lsp.catalog import CatalogSettings, load_catalog
from modelforge_lsp.config.language import provider_template

URI = "file:///bench/.model-forge/config.yaml"
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./@+-]*")
PROVIDERS = ["openrouter", "openai", "anthropic", "google", "github-copilot", "groq", "mistral"]


def _scalar(value: object) -> str:
    """``value`` as YAML: plain where that reads back the same, else double-quoted."""
    text = str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text)


def generate_config(model_count: int) -> tuple[str, list[int]]:
    """A realistic config with about ``model_count`` aliases; returns text and alias lines.

    Each provider block is what ``modelforge config add`` writes for it (the runtime's key,
    ``llm_type``, endpoint and ``auth_strategy``: ``config.language.provider_template``), each
    model an empty mapping, so the config is clean but for what a benchmark edits in. Providers
    in ``PROVIDERS`` come first, then the rest of the catalog's, so the largest sizes (up to
    every model of the bundled catalog, about 4,800) stay real catalog entries.
    """
    catalog = load_catalog(CatalogSettings(offline=True), refresh="never")
    ids = [provider.id for provider in catalog.providers]
    order = [*PROVIDERS, *sorted(set(ids) - set(PROVIDERS))]
    lines, alias_lines, current = ["providers:"], [], None
    for provider_id in order:
        provider = catalog.provider(provider_id)
        if provider is None or not provider.models:
            continue
        template = provider_template(provider_id, catalog)
        lines.append(f"  {template.key}:")
        for name, value in template.fields():
            if isinstance(value, Mapping):
                lines.append(f"    {name}:")
                lines += [f"      {key}: {_scalar(item)}" for key, item in value.items()]
            else:
                lines.append(f"    {name}: {_scalar(value)}")
        lines.append("    models:")
        for model_id in list(provider.models)[: max(0, model_count - len(alias_lines))]:
            alias_lines.append(len(lines))
            lines.append(f"      {_scalar(model_id)}: {{}}")
            current = current or (template.key, model_id)
        if len(alias_lines) >= model_count:
            break
    assert current is not None
    lines += ["current_model:", f"  provider: {current[0]}", f"  model: {_scalar(current[1])}"]
    return "\n".join([*lines, ""]), alias_lines


def misspell(alias_line: str, marker: str) -> str:
    """``alias_line`` (``      id: {}``, the id maybe quoted) with ``marker`` after the id."""
    quoted = alias_line.find('":')
    if quoted != -1:
        return alias_line[:quoted] + marker + alias_line[quoted:]
    return alias_line.replace(": ", f"{marker}: ", 1)


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.99: p99) of ``samples``."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def summary(label: str, samples: list[float]) -> str:
    p99 = percentile(samples, 0.99)
    return (
        f"{label:34} median {statistics.median(samples) * 1000:7.2f} ms   "
        f"p99 {p99 * 1000:7.2f} ms   (n={len(samples)})"
    )


def peak_rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


async def timed(samples: list[float], request: asyncio.Future[object]) -> object:
    started = time.perf_counter()
    result = await request
    samples.append(time.perf_counter() - started)
    return result


async def run(requests: int, model_count: int) -> None:
    text, alias_lines = generate_config(model_count)
    lines = text.split("\n")
    cache_dir = tempfile.mkdtemp(prefix="modelforge-bench-")
    client = LanguageClient("modelforge-bench", "1")
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities(),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(snippet_support=True)
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        )
    )
    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "modelforge_lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=capabilities,
            initialization_options={"catalog": {"offline": True, "cacheDir": cache_dir}},
        )
    )
    to_initialize = time.perf_counter() - started
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(URI, "yaml", 1, text))
    )
    first_line = alias_lines[0]
    await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(URI), types.Position(first_line, 8))
    )
    to_first_hover = time.perf_counter() - started
    print(f"config: {len(alias_lines)} models, {len(lines)} lines, {len(text):,} bytes")
    print(f"start -> initialize answered          {to_initialize * 1000:7.0f} ms")
    print(f"start -> first hover answered         {to_first_hover * 1000:7.0f} ms")

    doc = types.TextDocumentIdentifier(URI)
    hover, completion, diagnostics = [], [], []
    for i in range(requests):
        line = alias_lines[(i * 7919) % len(alias_lines)]
        await timed(
            hover,
            client.text_document_hover_async(types.HoverParams(doc, types.Position(line, 9))),
        )
    prefixes = ["gpt", "claude", "gem", "llama", "mistral", "o3", "qwen", "deep"]
    insert_at = alias_lines[-1] + 1
    version = 1
    for i in range(requests):
        version += 1
        typed = f"      {prefixes[i % len(prefixes)]}"
        edited = [*lines[:insert_at], typed, *lines[insert_at:]]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=URI),
                [types.TextDocumentContentChangeWholeDocument("\n".join(edited))],
            )
        )
        await timed(
            completion,
            client.text_document_completion_async(
                types.CompletionParams(doc, types.Position(insert_at, len(typed)))
            ),
        )
    for i in range(requests):
        version += 1
        edited = list(lines)
        line = alias_lines[(i * 104729) % len(alias_lines)]
        edited[line] = misspell(edited[line], f"x{i}")  # a new typo each time
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=URI),
                [types.TextDocumentContentChangeWholeDocument("\n".join(edited))],
            )
        )
        await timed(
            diagnostics,
            client.text_document_diagnostic_async(types.DocumentDiagnosticParams(doc)),
        )
    print(summary("hover", hover))
    print(summary("completion (after a change)", completion))
    print(summary("diagnostics (change + pull)", diagnostics))
    assert client._server is not None  # pygls keeps the process here
    rss = peak_rss_mib(client._server.pid)
    print(f"server peak memory (VmHWM)            {rss:7.0f} MiB" if rss else "peak memory: n/a")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--models", type=int, default=500)
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.models))


if __name__ == "__main__":
    main()
