"""attrs' and dataclasses' compiled methods are kept and reused, and a file the trust rules
reject is not read."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modelforge_lsp.server import code_cache
from tests.server.conftest import framed

START = """
import dataclasses, json, sys, typing
from pathlib import Path
import attrs
from modelforge_lsp.server.code_cache import CodeCache
cache = CodeCache(Path(sys.argv[1]))
with cache.imports() as stats:
    from lsprotocol import types

    @attrs.frozen
    class Salted:  # a hashable attrs class: its __hash__'s source differs in every process
        name: str

    @dataclasses.dataclass(frozen=True)
    class Price:
        tokens: int
        usd: float = 0.5
import attr._make
position = types.Position(line=1, character=2)
assert position == types.Position(1, 2) and position != types.Position(1, 3)
assert attrs.evolve(position, line=4).line == 4
assert hash(Salted("a")) == hash(Salted("a")) and Salted("a") != Salted("b")
assert Price(3) == Price(3, 0.5) and Price(3).usd == 0.5
assert repr(Price(2)) == "Price(tokens=2, usd=0.5)"
# compiled with dataclasses' own __future__ flags (none), not the cache module's annotations
assert typing.get_type_hints(Price.__init__) == {"tokens": int, "usd": float, "return": type(None)}
assert "compile" not in vars(attr._make)  # the builtin is attrs' again
assert "exec" not in vars(dataclasses)  # and dataclasses'
cache.save()
print(json.dumps(vars(stats)))
"""
"""Starts as the server does, then checks the classes behave: printed, what the block did."""


def printed_stats(script: str, *arguments: str) -> dict[str, object]:
    """Run ``script`` in a fresh interpreter; the statistics it printed as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    stats: dict[str, object] = json.loads(done.stdout)
    return stats


def start(directory: Path) -> dict[str, object]:
    """A fresh interpreter importing lsprotocol inside the block; what the block did."""
    return printed_stats(START, str(directory))


def test_the_second_start_compiles_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "server-code"
    first = start(directory)
    assert first["used"] and first["written"] and first["hits"] == 0
    assert isinstance(first["misses"], int) and first["misses"] > 500  # lsprotocol's classes
    second = start(directory)
    assert second == {"hits": first["misses"], "misses": 0, "written": False, "used": True}
    [kept] = directory.iterdir()
    assert kept.stat().st_mode & 0o777 == 0o600
    assert directory.stat().st_mode & 0o777 == 0o700


def test_a_corrupt_file_is_compiled_over(tmp_path: Path) -> None:
    directory = tmp_path / "server-code"
    directory.mkdir(mode=0o700)
    path = directory / code_cache._FILE_NAME
    path.write_bytes(b"\x00not marshal at all")
    path.chmod(0o600)
    first = start(directory)
    assert first["hits"] == 0 and first["written"]
    assert start(directory)["misses"] == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    directory = tmp_path / "server-code"
    start(directory)
    path = directory / code_cache._FILE_NAME
    path.chmod(0o666)
    stats = start(directory)
    assert stats["hits"] == 0 and stats["written"]  # not believed: compiled, and replaced
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_directory_others_may_write_is_neither_read_nor_written(tmp_path: Path) -> None:
    directory = tmp_path / "server-code"
    start(directory)
    directory.chmod(0o777)
    before = {p.name: p.stat().st_mtime_ns for p in directory.iterdir()}
    stats = start(directory)
    assert stats == {"hits": 0, "misses": 0, "written": False, "used": False}
    assert {p.name: p.stat().st_mtime_ns for p in directory.iterdir()} == before


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_in_place_of_the_file_is_never_followed(tmp_path: Path) -> None:
    directory = tmp_path / "server-code"
    directory.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"precious")
    (directory / code_cache._FILE_NAME).symlink_to(elsewhere)
    stats = start(directory)
    assert stats["hits"] == 0 and stats["written"]
    assert elsewhere.read_bytes() == b"precious"
    assert not (directory / code_cache._FILE_NAME).is_symlink()


def test_a_file_changed_in_place_is_not_believed(tmp_path: Path) -> None:
    """Flipped bits in the payload (a bad disk): marshal could crash on them or load altered
    code; the digest check sends the start to compile, and the file is written anew."""
    directory = tmp_path / "server-code"
    start(directory)
    path = directory / code_cache._FILE_NAME
    blob = bytearray(path.read_bytes())
    for at in (len(blob) // 3, len(blob) // 2, len(blob) - 40):
        blob[at] ^= 0x10
    path.write_bytes(bytes(blob))
    stats = start(directory)
    assert stats["hits"] == 0 and stats["written"]
    assert start(directory)["misses"] == 0


def test_a_payload_that_is_not_the_one_written_is_not_believed(tmp_path: Path) -> None:
    """Other code under the same keys and file names, behind the old header: not run."""
    directory = tmp_path / "server-code"
    start(directory)
    path = directory / code_cache._FILE_NAME
    blob = path.read_bytes()
    head = len(code_cache._HEADER) + 32
    kept = marshal.loads(blob[head:])
    other = {key: compile("pass", code.co_filename, "exec") for key, code in kept.items()}
    path.write_bytes(blob[:head] + marshal.dumps(other))
    stats = start(directory)  # the classes' checks in START would fail on the altered code
    assert stats["hits"] == 0 and stats["written"]


def test_nested_blocks_give_the_builtins_back(tmp_path: Path) -> None:
    import dataclasses

    import attr._make

    with code_cache.CodeCache(tmp_path / "a").imports():
        with code_cache.CodeCache(tmp_path / "b").imports():
            assert "compile" in vars(attr._make) and "exec" in vars(dataclasses)
        assert "compile" in vars(attr._make)  # the outer block's, still answering
        assert "exec" in vars(dataclasses)
    assert "compile" not in vars(attr._make) and "exec" not in vars(dataclasses)


CONVERTERS = """
import json, sys
from pathlib import Path
from modelforge_lsp.server.code_cache import CodeCache
cache = CodeCache(Path(sys.argv[1]))
with cache.imports():
    from lsprotocol import converters, types
cache.save()  # as the server's start does
cache.converters()
import cattrs.gen
compiled_at_import = cache.stats.misses + cache.stats.hits
converter = converters.get_converter()
params = converter.structure(
    {"processId": 7, "rootUri": None, "capabilities": {"textDocument": {"hover": {
        "contentFormat": ["markdown"]}}}},
    types.InitializeParams,
)
assert params.process_id == 7
assert params.capabilities.text_document.hover.content_format == (types.MarkupKind.Markdown,)
reply = converter.unstructure(types.InitializeResult(capabilities=types.ServerCapabilities(
    hover_provider=True, completion_provider=types.CompletionOptions(trigger_characters=[":"]))))
assert reply == {"capabilities": {"hoverProvider": True,
                                  "completionProvider": {"triggerCharacters": [":"]}}}, reply
for name in filter(None, sys.argv[2:3] and sys.argv[2].split(",")):  # a request's own types
    converter.structure({"textDocument": {"uri": "file:///c.yaml"},
                         "position": {"line": 0, "character": 0}}, getattr(types, name))
cache.save()
assert cache.save() is False  # nothing new since
print(json.dumps({**vars(cache.stats), "converters": cache.stats.misses + cache.stats.hits
                  - compiled_at_import, "shadowed": "compile" in vars(cattrs.gen)}))
"""
"""The server's start and first messages: lsprotocol imported, then ``initialize``'s params
structured and its reply unstructured by cattrs, whose converters the cache answers too."""


def converters_start(directory: Path, *requests: str) -> dict[str, object]:
    """A fresh interpreter: imports, ``initialize``'s converters, then those of ``requests``'
    params (lsprotocol type names), saved; what its cache did."""
    return printed_stats(CONVERTERS, str(directory), ",".join(requests))


def test_converters_one_start_needed_are_kept_by_a_start_that_did_not(tmp_path: Path) -> None:
    """Which requests come before a session's save varies: a start that compiled another
    request's converters keeps the first one's too, so a third start needing both compiles
    nothing (else every start could write the file anew)."""
    directory = tmp_path / "server-code"
    converters_start(directory, "HoverParams")
    second = converters_start(directory, "DefinitionParams")
    assert second["written"] and second["misses"]  # DefinitionParams': compiled and saved
    third = converters_start(directory, "HoverParams", "DefinitionParams")
    assert third["misses"] == 0 and not third["written"]


def test_the_first_messages_converters_are_kept_for_the_next_start(tmp_path: Path) -> None:
    def run() -> dict[str, object]:
        return converters_start(tmp_path / "server-code")

    first = run()
    assert first["shadowed"] and first["written"] and first["hits"] == 0
    assert isinstance(first["converters"], int) and first["converters"] > 10
    second = run()
    assert second["misses"] == 0 and not second["written"]
    assert second["converters"] == first["converters"]  # each converter reused, none compiled


def test_an_untrusted_directory_leaves_cattrs_alone(tmp_path: Path) -> None:
    import cattrs.gen

    directory = tmp_path / "server-code"
    directory.mkdir(mode=0o777)
    directory.chmod(0o777)
    cache = code_cache.CodeCache(directory)
    cache.converters()
    assert "compile" not in vars(cattrs.gen) and not cache.save()
    assert list(directory.iterdir()) == []


def serve_once(home: Path) -> list[str]:
    """The real server, started, initialized and left until its warm-up has saved, then shut
    down: its code cache's debug lines, one after the imports and one after the warm-up."""
    log = home / f"server-{len(list(home.glob('server-*.log')))}.log"
    environment = {
        **os.environ,
        "XDG_CACHE_HOME": str(home / "cache"),
        "MODELFORGE_CACHE_DIR": str(home / "catalog"),
        "MODELFORGE_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "modelforge_lsp.server", "--log-file", str(log)]
    server = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        initialize = {"processId": None, "rootUri": None, "capabilities": {}}
        server.stdin.write(
            framed(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            )
        )
        server.stdin.flush()
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while len(lines) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            text = log.read_text() if log.exists() else ""
            lines = [line for line in text.splitlines() if "code cache:" in line]
        server.stdin.write(
            framed(
                {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                {"jsonrpc": "2.0", "method": "exit"},
            )
        )
        server.stdin.close()
        server.wait(timeout=30)
    finally:
        server.kill()
    return [line.split("code cache: ", 1)[1] for line in lines]


def test_the_server_keeps_what_its_start_and_warm_up_compiled(tmp_path: Path) -> None:
    first = serve_once(tmp_path)
    assert len(first) == 2 and first[0].startswith("0 reused")
    imported, warmed = (int(line.split()[2]) for line in first)  # "N reused, M compiled"
    assert warmed > imported  # the warm-up's converters were compiled after the imports
    second = serve_once(tmp_path)
    assert second == [f"{imported} reused, 0 compiled", f"{warmed} reused, 0 compiled"]


def test_a_new_version_lets_the_old_converters_go(tmp_path: Path) -> None:
    """Kept converters nobody used are written again only while the imports compiled
    nothing; imports that compiled something (a new attrs, lsprotocol, cattrs or release)
    drop them, so an upgrade's dead converters do not pile up."""
    directory = tmp_path / "server-code"
    converters_start(directory)
    stale = b"stale-converter!"

    def keep_with(codes: dict[bytes, object], *, drop_an_attrs_method: bool) -> None:
        codes = dict(codes)
        codes[stale] = compile("pass", "<cattrs generated structure old.Gone>", "exec")
        if drop_an_attrs_method:
            del codes[next(k for k, c in codes.items() if "attrs generated" in c.co_filename)]
        assert code_cache._write(directory, codes)  # type: ignore[arg-type]

    def kept() -> dict[bytes, object]:
        codes = code_cache._read(directory, code_cache.CodeCacheStats())
        assert codes is not None
        return dict(codes)

    keep_with(kept(), drop_an_attrs_method=False)
    converters_start(directory, "HoverParams")  # a converter compiled, the imports not
    assert stale in kept()
    keep_with(kept(), drop_an_attrs_method=True)
    converters_start(directory, "HoverParams")  # an attrs method compiled: a new version
    assert stale not in kept()
