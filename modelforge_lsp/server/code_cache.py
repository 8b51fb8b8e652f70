"""Generated code, compiled once and kept: a third of the server's start.

lsprotocol declares some 550 attrs classes, and attrs writes the ``__init__``, ``__repr__``,
``__eq__``... of each as Python source and compiles it when ``lsprotocol.types`` is imported --
every start, about 200 of that import's 450 ms here. ``dataclasses`` does the same for ours (some
450 methods, 33-53 ms), and cattrs for each message type the session sends or receives first
(``initialize``'s own structure and reply: 40-50 compiles, 10 ms). The source is the same from
one start to the next, so the compiled code objects are kept, as a ``.pyc`` keeps a module's,
in ``<user cache dir>/modelforge/server-code`` and reused. Each is found by a hash of its source,
its file name, its mode, the ``__future__`` flags its generator compiles with and the Python
build, so a different attrs, cattrs, lsprotocol or Python compiles anew; the file is rewritten
whenever a start compiled anything (``CodeCache.save``): the server saves after its imports
and after its warm-up.

The generators look their builtin up in their own module's globals (attrs and cattrs
``compile``, ``dataclasses`` ``exec``), so it is shadowed there and nowhere else.

Code read from disk is code that runs, so the file is believed only under the catalog cache's
trust rules (``catalog.cache_trust``): a directory and a file that are the user's alone, and no
links; and only whole: its payload's digest (BLAKE2b, ``catalog.digests``) is checked before
``marshal`` reads a byte (which may crash on, or load altered code from, a file changed in
place), and a code object serves only the file name it was compiled for. A directory that
fails the rules is neither read nor written. A corrupt or foreign file, a full disk, a
generator that no longer compiles this way: the source is compiled as before (and the file
written anew), never an error.
"""

from __future__ import annotations
import __future__

import builtins
import dataclasses
import importlib.util
import logging
import marshal
import os
import re
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from modelforge_lsp.catalog.cache_trust import (
    BadFile,
    Untrusted,
    check_directory,
    make_private_directory,
    read_file,
)
from modelforge_lsp.catalog.digests import blake2b_digest

__all__ = ["CodeCache", "CodeCacheStats", "code_cache_directory"]

log = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024 * 1024
"""Far above the 1.5 MB a start needs; a bigger file is not ours."""
_FILE_NAME = f"code-{importlib.util.MAGIC_NUMBER.hex()}.marshal"
_HEADER = b"modelforge-lsp code 4\n"
"""Then the payload's BLAKE2b (32 bytes), then the payload: a file changed in place (a bad
disk, a partial copy) is never handed to ``marshal``, which may crash on bytes or load altered
code."""


_SALTED = re.compile(r"hash\(\(\s*-?\d+,")
"""attrs salts a hashable class's ``__hash__`` with a string's hash, which differs in every
process (``PYTHONHASHSEED``): such source never comes again, so it is compiled and not kept --
else each start would miss it and rewrite the whole file (cattrs' ``AttributeOverride`` did,
12-14 ms a start)."""


class CodeCacheStats:
    """What one ``CodeCache`` did: for tests and the debug log."""

    def __init__(self) -> None:
        self.hits = 0
        self.misses = 0
        self.written = False
        self.used = False
        """Whether the directory was trusted (the cache was read and may be written)."""


def code_cache_directory() -> Path:
    """``<user cache dir>/modelforge/server-code`` (platformdirs: ``$XDG_CACHE_HOME`` first)."""
    import platformdirs  # noqa: PLC0415 -- only the server's start needs it

    return Path(platformdirs.user_cache_dir("modelforge")) / "server-code"


class CodeCache:
    """The code objects kept in ``directory``, and what this process compiled or reused.

    Two kinds of generated code go through it: attrs' and ``dataclasses``' methods, while the
    modules are imported (``imports()``), and cattrs' message converters, which the first
    messages of a session write -- ``initialize``'s among them, 40-50 compiles and 10 ms on
    its path, 180 and 22 ms by the warm-up's end (``warm.py``) -- for as long as the process
    lives (``converters()``). ``save()`` writes what this process used, once it is worth it:
    after the imports, then while serving converters (merged into the file as it is then).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.stats = CodeCacheStats()
        self._kept = _read(directory, self.stats)
        self._used: dict[bytes, types.CodeType] = {}
        self._saved_misses = 0
        self._serving_converters = False

    @contextmanager
    def imports(self) -> Iterator[CodeCacheStats]:
        """Inside this block attrs' ``compile`` and ``dataclasses``' ``exec`` calls are
        answered from the kept code when they can."""
        if self._kept is None:
            yield self.stats
            return
        import attr._make  # noqa: PLC0415 -- attrs looks ``compile`` up in this module's globals

        compile_for_dataclasses = self._compiler(dataclasses)

        def exec_compiled(source: Any, globals: Any = None, locals: Any = None) -> None:
            if isinstance(source, str):
                source = compile_for_dataclasses(source, "<string>", "exec")
            builtins.exec(source, globals, locals)  # noqa: S102 -- what dataclasses would run

        with (
            _shadowing(attr._make, "compile", self._compiler(attr._make)),
            _shadowing(dataclasses, "exec", exec_compiled),
        ):
            yield self.stats

    def converters(self) -> None:
        """From now on, cattrs' generated converters are answered from the kept code too.

        For good, not for a block: cattrs writes a converter when a message type is first
        sent or received, at any time of a session. Its generators look ``compile`` up in
        their modules' globals, shadowed there and nowhere else. Call ``save()`` first: from
        here on only the converters are held (the imports' code, kept for the rest of a
        session, was 0.8 MB more at the server's peak), and a save merges them into the file.
        """
        if self._kept is None:
            return
        self._kept = {key: code for key, code in self._kept.items() if _converter(code)}
        self._used = {}
        self._serving_converters = True
        import cattrs.gen  # noqa: PLC0415 -- the server imports it anyway (pygls)
        import cattrs.gen.typeddicts  # noqa: PLC0415

        for module in (cattrs.gen, cattrs.gen.typeddicts):
            module.compile = self._compiler(module)  # type: ignore[attr-defined]

    def save(self) -> bool:
        """Replace the file if this process compiled anything since the last save; whether it
        was written. Safe from any thread.

        After the imports, the file becomes what they used: imports that compiled something
        mean a new attrs, lsprotocol, cattrs or release, whose old code (converters included)
        may never come again. While serving converters, what they compiled is merged into the
        file as it is then (read again, under the same rules): which converters a session
        compiles before its save depends on which requests came first, and a start that
        dropped another's would have the next one compile and write them again."""
        log.debug("code cache: %d reused, %d compiled", self.stats.hits, self.stats.misses)
        if self._kept is None or self.stats.misses == self._saved_misses:
            return False
        self._saved_misses = self.stats.misses
        codes = (_read(self.directory, CodeCacheStats()) or {}) if self._serving_converters else {}
        codes.update(self._used)
        self.stats.written = _write(self.directory, codes) or self.stats.written
        return self.stats.written

    def _compiler(self, module: types.ModuleType) -> Callable[..., Any]:
        """``compile`` as ``module`` calls it: with the ``__future__`` flags it would pass on
        (attrs' and cattrs' ``from __future__ import annotations``; none for ``dataclasses``),
        never ours."""
        flags = _future_flags(module)
        kept, used, stats = self._kept or {}, self._used, self.stats

        def compile_or_reuse(source: Any, filename: Any, mode: Any, *args: Any, **kw: Any) -> Any:
            if args or kw:  # flags of the caller's choosing: as the builtin would
                return builtins.compile(source, filename, mode, *args, **kw)
            if not (isinstance(source, str) and isinstance(filename, str)) or _SALTED.search(
                source
            ):
                return builtins.compile(source, filename, mode, flags, dont_inherit=True)
            key = blake2b_digest(f"{filename}\0{mode}\0{flags}\0{source}".encode(), size=16)
            code = kept.get(key)
            if code is None or code.co_filename != filename:
                code = builtins.compile(source, filename, mode, flags, dont_inherit=True)
                stats.misses += 1
            else:
                stats.hits += 1
            used[key] = code
            return code

        return compile_or_reuse


def _converter(code: types.CodeType) -> bool:
    """Whether cattrs compiled ``code``: its converters' file names (or none at all, for a few
    of its generators); attrs' read ``<attrs generated ...>``, ``dataclasses``' ``<string>``."""
    return code.co_filename.startswith("<cattrs generated") or not code.co_filename


def _future_flags(module: types.ModuleType) -> int:
    """The compiler flags of the ``__future__`` features ``module`` imported: what a
    ``compile`` or ``exec`` called from its code inherits."""
    flags = 0
    for value in vars(module).values():
        if isinstance(value, __future__._Feature):
            flags |= value.compiler_flag
    return flags


@contextmanager
def _shadowing(module: types.ModuleType, name: str, replacement: Any) -> Iterator[None]:
    """``module``'s global ``name`` (a builtin it calls) is ``replacement`` inside the block;
    then the builtin again, or an enclosing block's replacement."""
    shadowed = vars(module).get(name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        if shadowed is None:
            delattr(module, name)
        else:
            setattr(module, name, shadowed)


def _read(directory: Path, stats: CodeCacheStats) -> dict[bytes, types.CodeType] | None:
    """The kept code objects (empty if none yet); ``None`` if the directory is not trusted."""
    try:
        check_directory(directory)
        blob = read_file(directory / _FILE_NAME, MAX_BYTES)
    except (Untrusted, OSError) as error:
        log.debug("code cache not used: %s", error)
        return None
    except BadFile as error:
        log.debug("code cache file ignored: it %s", error)
        blob = None
    stats.used = True
    payload = _payload(blob)
    if payload is None:
        return {}
    try:
        kept = marshal.loads(payload)  # noqa: S302 -- a file the trust rules vouch for (above)
    except Exception:  # ValueError, EOFError, TypeError, SystemError...: compiled anew
        return {}
    if not isinstance(kept, dict) or not all(
        isinstance(key, bytes) and isinstance(code, types.CodeType) for key, code in kept.items()
    ):
        return {}
    return kept


def _payload(blob: bytes | None) -> bytes | None:
    """The marshal payload of a sound file (header and digest match), else ``None``."""
    if blob is None or not blob.startswith(_HEADER):
        return None
    digest, payload = blob[len(_HEADER) : len(_HEADER) + 32], blob[len(_HEADER) + 32 :]
    return payload if blake2b_digest(payload) == digest else None


def _write(directory: Path, codes: dict[bytes, types.CodeType]) -> bool:
    """Replace the file with ``codes`` at once (a reader sees the old file or the new one)."""
    import tempfile  # noqa: PLC0415 -- only the start that compiled something writes

    try:
        make_private_directory(directory)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".code-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                payload = marshal.dumps(codes)
                file.write(_HEADER + blake2b_digest(payload) + payload)
            os.replace(temporary, directory / _FILE_NAME)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise
    except (Untrusted, OSError, ValueError) as error:
        log.debug("code cache not written: %s", error)
        return False
    return True
