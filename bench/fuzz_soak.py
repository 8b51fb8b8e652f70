"""Fuzz soak: random edits and requests against the real ``modelforge-lsp`` process, over stdio.

Run: ``.venv/bin/python bench/fuzz_soak.py [--steps 20000] [--seed 1]``.

An editor sends whatever its user types, pastes or drags in, and asks about positions that no
longer exist. This drives the server as one would -- several open YAML and JSON configs (the
realistic ones under ``tests/data/config``), random incremental and full edits (pasted pieces
of other configs, YAML and JSON syntax, emoji and other astral characters, CRLF, tabs, NUL,
U+2028, huge lines), and after each edit a batch of random requests (hover, completion and
resolve, code actions, symbols, inlay hints, definition, prepareRename and rename, pull
diagnostics, links, the status command), some sent while the edit is still in flight, at
positions inside, past the end of the line, past the end of the document or between the two
halves of a surrogate pair. The server runs offline on a temp cache directory.

Invariants, checked at every step (a violation names the seed and step that replay it):

* the process is alive, and every request is answered -- a result or a JSON-RPC error, never
  silence -- within ``--bound`` seconds;
* no handler failed (the server answers a crashed handler empty and logs the traceback at
  Error level: such a line is a violation);
* every range and position in an answer lies inside the text the request was about, in UTF-16
  units with LSP line breaks, and never splits a surrogate pair;
* every ``publishDiagnostics`` names a version that was sent for that document (or clears a
  closed one), its ranges inside that version's text; at the end, each open document's last
  publish is of its current version.

Prints steps, requests by method, p50/p99 latency per method, peak RSS and the violations.
``tests/server/test_fuzz_soak.py`` runs 2,000 steps of it in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException

try:  # imported as bench.fuzz_soak by the suite, run as bench/fuzz_soak.py by hand
    from bench.lsp_bench import peak_rss_mib
except ImportError:
    from lsp_bench import peak_rss_mib  # type: ignore[import-not-found,no-redef]
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "config"
LSP_BREAK = re.compile(r"\r\n|\r|\n")
MAX_TEXT = 20_000
"""A document grown past this many characters is replaced by a base config again."""
HISTORY = 64
"""Versions of each document kept to check late publishes against."""
FRAGMENTS = [
    *("- ", ": ", ":", "{", "}", "[", "]", ", ", "&base ", "*base", "<<: *base", "!!str ", "? "),
    *("|\n", ">-\n", "---\n", "...\n", "# comment", "'", '"', "\\", "%YAML 1.2\n"),
    *('{"', '": ', '",', "null", "true", "1e999", "-0", "NaN", '"\\ud83d"', "\\u0000"),
    *("😀", "\U0001d4b3\U0001d4b4", "👩\u200d👩\u200d👧", "\U0010ffff", "é", "e\u0301", "\ufeff"),
    *("\r\n", "\r", "\n", "\t", "\x00", "\u2028", "\x0c", "\x85", "  ", "\n  "),
    *("providers:", "models:", "llm_type: ", "openai_compatible", "current_model:"),
    *("gpt-4o-mini", "claude-sonnet-4", "openai", "github_copilot", "api_model_name: "),
    *("auth_strategy: api_key", "base_url: https://x.example/v1", "auth_data: {api_key: sk-1}"),
]
NAMES = ["renamed", "gpt-4o", "x y", "😀", "", "a:b", "-", "ollama", "n" * 300]
LANES = 3
"""Editors driven at once, two documents each: while one waits for an answer, another types."""


@dataclass(frozen=True)
class Violation:
    lane: int
    step: int
    what: str

    def describe(self, seed: int) -> str:
        replay = f"--seed {seed} --steps {(self.step + 1) * LANES}"
        return f"lane {self.lane} step {self.step} (replay: {replay}): {self.what}"


@dataclass
class Lane:
    """One editor's sequence of steps: its own random stream and its own documents, so its
    edits and requests are the same on every run with the same seed."""

    index: int
    rng: random.Random
    docs: list[Doc]
    step: int = 0
    completion_items: list[types.CompletionItem] = field(default_factory=list)


_LANE: ContextVar[Lane] = ContextVar("lane")


@dataclass
class SoakReport:
    seed: int
    steps: int = 0
    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    violations: list[Violation] = field(default_factory=list)
    peak_rss_mib: float | None = None
    server_cpu: float | None = None
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"steps {self.steps:,}, seed {self.seed}, {self.seconds:.1f} s"]
        out.append(f"{'method':34} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8}")
        for method, samples in sorted(self.latencies.items()):
            ordered = sorted(samples)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            out.append(
                f"{method:34} {self.requests[method]:8,} {self.errors[method]:6,} "
                f"{statistics.median(samples) * 1000:8.1f} {p99 * 1000:8.1f}"
            )
        rss = f"{self.peak_rss_mib:.0f} MiB" if self.peak_rss_mib else "n/a"
        cpu = f"{self.server_cpu:.1f} s" if self.server_cpu is not None else "n/a"
        out.append(f"server peak RSS (VmHWM) {rss}, server CPU {cpu}")
        out.append(f"violations: {len(self.violations)}")
        out += [f"  {v.describe(self.seed)}" for v in self.violations[:50]]
        return out


# -- the document as the editor has it: LSP line breaks, UTF-16 columns --------------------------


@functools.lru_cache(maxsize=32)
def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code-point offsets of each line's content (LSP line breaks)."""
    spans, start = [], 0
    for match in LSP_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def offset_of(text: str, spans: list[tuple[int, int]], position: types.Position) -> int:
    """The code-point offset of a (valid) UTF-16 ``position``, clamped as LSP says."""
    if position.line >= len(spans):
        return len(text)
    start, end = spans[position.line]
    units = 0
    for index in range(start, end):
        if units >= position.character:
            return index
        units += 2 if ord(text[index]) > 0xFFFF else 1
    return end


def inside(text: str, spans: list[tuple[int, int]], position: types.Position) -> str | None:
    """Why ``position`` is not a position of ``text``, or ``None`` if it is one."""
    if position.line >= len(spans):
        return f"line {position.line} past the last line ({len(spans) - 1})"
    start, end = spans[position.line]
    line = text[start:end]
    width = utf16_units(line)
    if position.character > width:
        return f"{position.line}:{position.character} past the line's end ({width} units)"
    if (
        utf16_units(
            line[: offset_of(line, [(0, len(line))], types.Position(0, position.character))]
        )
        != position.character
    ):
        return f"{position.line}:{position.character} splits a surrogate pair"
    return None


def check_range(
    text: str, spans: list[tuple[int, int]], item: types.Range | types.Position
) -> str | None:
    if isinstance(item, types.Position):
        return inside(text, spans, item)
    problem = inside(text, spans, item.start) or inside(text, spans, item.end)
    if problem is None and (item.start.line, item.start.character) > (
        item.end.line,
        item.end.character,
    ):
        problem = f"range {item} ends before it starts"
    return problem


def positions_in(result: Any, uri: str) -> list[tuple[str, types.Range | types.Position]]:
    """Every range and position in an answer, with the URI each one is about."""
    found: list[tuple[str, types.Range | types.Position]] = []

    def walk(node: Any, about: str) -> None:
        if isinstance(node, types.Range | types.Position):
            found.append((about, node))
        elif isinstance(node, types.LocationLink):
            if node.origin_selection_range is not None:
                found.append((about, node.origin_selection_range))
            found.extend([(node.target_uri, node.target_range)] * 1)
            found.append((node.target_uri, node.target_selection_range))
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child, about)
        elif isinstance(node, types.WorkspaceEdit):
            for target, edits in (node.changes or {}).items():
                walk(edits, target)
            walk(node.document_changes, about)
        elif attrs.has(type(node)):
            if isinstance(node, types.TextDocumentEdit):
                about = node.text_document.uri
            elif isinstance(getattr(node, "uri", None), str):
                about = node.uri
            for attribute in attrs.fields(type(node)):
                walk(getattr(node, attribute.name), about)

    walk(result, uri)
    return found


# -- the soak ----------------------------------------------------------------------------------


@dataclass
class Doc:
    uri: str
    language: str
    base: str
    text: str
    version: int = 1
    open: bool = True
    history: dict[int, str] = field(default_factory=dict)

    def remember(self) -> None:
        self.history[self.version] = self.text
        for old in [v for v in self.history if v <= self.version - HISTORY]:
            del self.history[old]


class Soak:
    """One soak run: the client, the documents as the editor has them, and what went wrong."""

    def __init__(self, client: LanguageClient, report: SoakReport, bound: float) -> None:
        self.client, self.report, self.bound = client, report, bound
        self.published: list[types.PublishDiagnosticsParams] = []
        self.seen_publishes = self.seen_logs = 0
        self.last_result_id: dict[str, str] = {}
        bases = [
            (p, p.read_text()) for p in sorted(DATA.iterdir()) if p.suffix in {".yaml", ".json"}
        ]
        self.bases = [text for _, text in bases]
        self.docs = [
            Doc(f"file:///soak/p{i}/.model-forge/config{path.suffix}", path.suffix[1:], text, text)
            for i, (path, text) in enumerate(bases * 2)
        ]
        self.lanes = [
            Lane(n, random.Random(f"{report.seed}/{n}"), self.docs[2 * n : 2 * n + 2])
            for n in range(LANES)
        ]

    @property
    def lane(self) -> Lane:
        return _LANE.get()

    @property
    def rng(self) -> random.Random:
        return _LANE.get().rng

    def violation(self, what: str) -> None:
        lane = _LANE.get(None)
        where = (lane.index, lane.step) if lane else (-1, -1)
        self.report.violations.append(Violation(*where, what))

    # edits --------------------------------------------------------------------------------

    def fragment(self) -> str:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.2:
            lines = rng.choice(self.bases).splitlines(keepends=True)
            start = rng.randrange(len(lines))
            return "".join(lines[start : start + rng.randint(1, 8)])
        if roll < 0.23:
            return rng.choice("x😀\t{[") * rng.randint(1_000, 10_000)
        return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 4)))

    def valid_position(self, doc: Doc) -> types.Position:
        spans = line_spans(doc.text)
        line = self.rng.randrange(len(spans))
        start, end = spans[line]
        column = self.rng.randint(start, end)
        return types.Position(line, utf16_units(doc.text[start:column]))

    def any_position(self, doc: Doc) -> types.Position:
        roll, spans = self.rng.random(), line_spans(doc.text)
        if roll < 0.7:
            return self.valid_position(doc)
        if roll < 0.8:
            line = self.rng.randrange(len(spans))
            width = utf16_units(doc.text[spans[line][0] : spans[line][1]])
            return types.Position(line, width + self.rng.randint(1, 50))
        if roll < 0.9:
            return types.Position(len(spans) + self.rng.randint(0, 5), self.rng.randint(0, 9))
        if roll < 0.95:
            astral = [i for i, ch in enumerate(doc.text) if ord(ch) > 0xFFFF]
            if astral:  # between the two halves of a surrogate pair
                index = self.rng.choice(astral)
                line = next(n for n, (s, e) in enumerate(spans) if s <= index <= e)
                return types.Position(line, utf16_units(doc.text[spans[line][0] : index]) + 1)
        return types.Position(2**31 - 1, 2**31 - 1)

    def edit(self, doc: Doc) -> None:
        roll = self.rng.random()
        if not doc.open:
            doc.version += 1
            doc.text = doc.base
            doc.open = True
            doc.remember()
            item = types.TextDocumentItem(doc.uri, doc.language, doc.version, doc.text)
            self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
            return
        if roll < 0.01:
            doc.open = False
            self.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(doc.uri))
            )
            return
        change: types.TextDocumentContentChangeEvent
        if roll < 0.08 or len(doc.text) > MAX_TEXT:
            doc.text = self.rng.choice([doc.base, *self.bases, doc.text.replace("\n", "\r\n")])
            change = types.TextDocumentContentChangeWholeDocument(doc.text)
        else:
            start, end = sorted(
                [self.valid_position(doc), self.valid_position(doc)],
                key=lambda p: (p.line, p.character),
            )
            new = "" if roll < 0.3 else self.fragment()
            spans = line_spans(doc.text)
            a, b = offset_of(doc.text, spans, start), offset_of(doc.text, spans, end)
            doc.text = doc.text[:a] + new + doc.text[b:]
            change = types.TextDocumentContentChangePartial(types.Range(start, end), new)
        doc.version += 1
        doc.remember()
        identifier = types.VersionedTextDocumentIdentifier(doc.version, doc.uri)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(identifier, [change])
        )

    # requests -----------------------------------------------------------------------------

    def request(self, doc: Doc) -> tuple[str, Callable[[], Awaitable[Any]]]:
        c, rng, ident = self.client, self.rng, types.TextDocumentIdentifier(doc.uri)
        at = self.any_position(doc)
        span = types.Range(
            *sorted([at, self.any_position(doc)], key=lambda p: (p.line, p.character))
        )
        choices: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
            (
                types.TEXT_DOCUMENT_HOVER,
                lambda: c.text_document_hover_async(types.HoverParams(ident, at)),
            ),
            (types.TEXT_DOCUMENT_COMPLETION, lambda: self.complete(ident, at)),
            (
                types.TEXT_DOCUMENT_CODE_ACTION,
                lambda: c.text_document_code_action_async(
                    types.CodeActionParams(ident, span, types.CodeActionContext(diagnostics=[]))
                ),
            ),
            (
                types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
                lambda: c.text_document_document_symbol_async(types.DocumentSymbolParams(ident)),
            ),
            (
                types.TEXT_DOCUMENT_INLAY_HINT,
                lambda: c.text_document_inlay_hint_async(types.InlayHintParams(ident, span)),
            ),
            (
                types.TEXT_DOCUMENT_DEFINITION,
                lambda: c.text_document_definition_async(types.DefinitionParams(ident, at)),
            ),
            (
                types.TEXT_DOCUMENT_PREPARE_RENAME,
                lambda: c.text_document_prepare_rename_async(types.PrepareRenameParams(ident, at)),
            ),
            (
                types.TEXT_DOCUMENT_RENAME,
                lambda: c.text_document_rename_async(
                    types.RenameParams(ident, at, rng.choice(NAMES))
                ),
            ),
            (types.TEXT_DOCUMENT_DIAGNOSTIC, lambda: self.pull(ident)),
            (
                types.TEXT_DOCUMENT_DOCUMENT_LINK,
                lambda: c.text_document_document_link_async(types.DocumentLinkParams(ident)),
            ),
        ]
        if self.lane.completion_items and rng.random() < 0.3:
            item = rng.choice(self.lane.completion_items)
            choices.append(
                (types.COMPLETION_ITEM_RESOLVE, lambda: c.completion_item_resolve_async(item))
            )
        if rng.random() < 0.02:
            choices.append(
                (
                    types.WORKSPACE_EXECUTE_COMMAND,
                    lambda: c.workspace_execute_command_async(
                        types.ExecuteCommandParams("modelforge.catalogStatus")
                    ),
                )
            )
        return rng.choice(choices)

    async def complete(self, ident: types.TextDocumentIdentifier, at: types.Position) -> Any:
        result = await self.client.text_document_completion_async(types.CompletionParams(ident, at))
        items = result.items if isinstance(result, types.CompletionList) else result or []
        if items:
            self.lane.completion_items = list(items[:20])
        return result

    async def pull(self, ident: types.TextDocumentIdentifier) -> Any:
        previous = self.last_result_id.get(ident.uri) if self.rng.random() < 0.5 else None
        report = await self.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(ident, previous_result_id=previous)
        )
        if getattr(report, "result_id", None):
            self.last_result_id[ident.uri] = report.result_id
        return report

    async def answer(
        self, method: str, send: Callable[[], Awaitable[Any]], doc: Doc, text: str, in_flight: bool
    ) -> None:
        self.report.requests[method] += 1
        started = time.perf_counter()
        try:
            result = await asyncio.wait_for(send(), self.bound)
        except TimeoutError:
            self.violation(f"{method} on {doc.uri} unanswered after {self.bound:.0f} s")
            return
        except JsonRpcException:
            self.report.errors[method] += 1
            result = None
        self.report.latencies[method].append(time.perf_counter() - started)
        if method == types.COMPLETION_ITEM_RESOLVE:  # an item of an earlier text
            return
        # An edit sent behind the request may reach the server before the handler starts.
        texts = [text, doc.text] if in_flight else [text]
        self.check_positions(method, result, doc.uri, *texts)

    def check_positions(self, method: str, result: Any, uri: str, *texts: str) -> None:
        """A violation unless every position in ``result`` is inside one of ``texts``."""
        found = [item for about, item in positions_in(result, uri) if about == uri]
        problem = None
        for text in texts:
            spans = line_spans(text)
            problems = [p for item in found if (p := check_range(text, spans, item))]
            if not problems:
                return
            problem = problem or problems[0]
        self.violation(f"{method} on {uri}: {problem} ({len(found)} positions)")

    # checks -------------------------------------------------------------------------------

    def check_server(self) -> None:
        server = self.client._server
        if server is None or server.returncode is not None:
            code = server.returncode if server else None
            self.violation(f"the server is gone (exit code {code})")
            raise SystemExit(1)
        logs = self.client.log_messages
        for message in logs[self.seen_logs :]:
            if message.type == types.MessageType.Error:
                self.violation(f"a handler failed: {message.message.splitlines()[0][:300]}")
        self.seen_logs = len(logs)
        by_uri = {doc.uri: doc for doc in self.docs}
        for params in self.published[self.seen_publishes :]:
            doc = by_uri.get(params.uri)
            if doc is None or params.version is None:
                if params.diagnostics and (doc is None or doc.open):
                    self.violation(f"diagnostics without a version for {params.uri}")
                continue
            text = doc.history.get(params.version)
            if text is None:
                self.violation(f"diagnostics for {params.uri} v{params.version}, never sent")
                continue
            self.check_positions("publishDiagnostics", params.diagnostics, params.uri, text)
        self.seen_publishes = len(self.published)

    async def run_lane(self, lane: Lane, steps: int) -> None:
        _LANE.set(lane)  # this task's lane: ``rng`` and ``violation`` read it
        for lane.step in range(steps):
            await self.run_step(lane)
            self.report.steps += 1

    async def run_step(self, lane: Lane) -> None:
        rng = lane.rng
        doc = rng.choice(lane.docs)
        in_flight = rng.random() < 0.2
        if not in_flight:
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                self.edit(doc)
        targets = [d for d in lane.docs if d.open] or [doc]
        batch = []
        for _ in range(rng.randint(1, 4)):
            target = doc if doc.open and rng.random() < 0.7 else rng.choice(targets)
            method, send = self.request(target)
            batch.append(self.answer(method, send, target, target.text, in_flight))
        pending = asyncio.gather(*batch)
        if in_flight:
            await asyncio.sleep(0)
            self.edit(doc)
        await pending
        self.check_server()

    async def settle(self) -> None:
        """At the end: each open document's last publish must reach its current version."""
        deadline = time.monotonic() + self.bound
        while time.monotonic() < deadline:
            last = {p.uri: p.version for p in self.published}
            behind = [d for d in self.docs if d.open and last.get(d.uri) != d.version]
            if not behind:
                return
            await asyncio.sleep(0.05)
        for doc in behind:
            self.violation(f"{doc.uri}: last publish is v{last.get(doc.uri)}, not v{doc.version}")


def server_command() -> list[str]:
    script = Path(sys.executable).with_name("modelforge-lsp")
    return [str(script)] if script.exists() else [sys.executable, "-m", "modelforge_lsp"]


async def soak(steps: int, seed: int, *, bound: float = 30.0) -> SoakReport:
    """Run ``steps`` steps with ``seed`` against a fresh server; see the module docstring."""
    report, started = SoakReport(seed), time.perf_counter()
    client = LanguageClient(converter_factory=default_converter)
    runner: Soak

    def published(_: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        runner.published.append(params)

    register_lsp_features(
        client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published}
    )
    runner = Soak(client, report, bound)
    with tempfile.TemporaryDirectory(prefix="modelforge-soak-") as cache_dir:
        env = {**os.environ, "MODELFORGE_OFFLINE": "1", "MODELFORGE_CACHE_DIR": cache_dir}
        await client.start_io(*server_command(), env=env)
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                completion=types.CompletionClientCapabilities(
                    completion_item=types.ClientCompletionItemOptions(
                        snippet_support=True,
                        documentation_format=[
                            types.MarkupKind.Markdown,
                            types.MarkupKind.PlainText,
                        ],
                    )
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            )
        )
        options = {
            "catalog": {"offline": True, "cacheDir": cache_dir},
            "diagnostics": {"debounceMs": 20},
        }
        await client.initialize_session(
            types.InitializeParams(capabilities=capabilities, initialization_options=options)
        )
        for doc in runner.docs:
            doc.remember()
            item = types.TextDocumentItem(doc.uri, doc.language, doc.version, doc.text)
            client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        try:
            shares = [steps // LANES + (n < steps % LANES) for n in range(LANES)]
            await asyncio.gather(
                *(runner.run_lane(lane, n) for lane, n in zip(runner.lanes, shares, strict=True))
            )
            await runner.settle()
            runner.check_server()
        except SystemExit:
            pass
        if client._server is not None:
            report.peak_rss_mib = peak_rss_mib(client._server.pid)
            report.server_cpu = cpu_seconds(client._server.pid)
            if client._server.returncode is None:
                await client.shutdown_async(None)
                client.exit(None)
        await client.stop()
    report.seconds = time.perf_counter() - started
    return report


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of ``pid`` so far (``/proc/<pid>/stat``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bound", type=float, default=30.0, help="seconds an answer may take")
    args = parser.parse_args()
    report = asyncio.run(soak(args.steps, args.seed, bound=args.bound))
    print("\n".join(report.lines()))
    sys.exit(1 if report.violations else 0)


if __name__ == "__main__":
    main()
