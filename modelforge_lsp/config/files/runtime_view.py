"""What ModelForge's runtime will read from here: the one file, the files it ignores, the keys.

Our tools see every config they find (YAML first, walking up, XDG respected); ModelForge 2.x
(``model-forge-llm``) reads exactly one JSON file, chosen when its module is imported:
``./.model-forge/config.json`` of the working directory, else ``~/.config/model-forge/config.json``
-- never both, never a YAML, never a parent directory's, never ``$XDG_CONFIG_HOME``. A user who
edits a file the runtime never opens sees "empty config" and has no way to tell why, so
``config show`` and ``doctor`` print this account, and ``config migrate`` asks it before it takes
a ``config.json`` away (``keep_json_reason``).

``describe_runtime(cwd, home, environ, runtime_version)`` only looks (a few ``stat`` calls and
one read of the file the runtime reads); nothing is imported from the runtime and no value of a
credential variable leaves this module -- only whether it is set (non-empty, as the runtime
tests it). ``runtime_here()`` is the same for this process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from modelforge_lsp.config.files.locate import (
    CONFIG_NAMES,
    LOCAL_DIR,
    RUNTIME_NAME,
    global_config_dir,
    installed_runtime,
    reads_only_json,
    runtime_project_file,
    runtime_user_dir,
    runtime_user_file,
)
from modelforge_lsp.config.files.read import read_config_text
from modelforge_lsp.config.language import (
    AUTH_DETAILS_FIELDS,
    AUTH_STRATEGIES,
    LLM_TYPES,
    credential_variable,
    runtime_key,
)
from modelforge_lsp.errors import ConfigReadError

__all__ = [
    "LEGACY_NAME",
    "IgnoredFile",
    "ProviderCredentials",
    "RuntimeView",
    "describe_runtime",
    "keep_json_reason",
    "runtime_here",
]

LEGACY_NAME = "models.json"
"""The user file ModelForge read before 2.x; 2.x's ``config migrate`` copies it to config.json."""
_YAML_NAMES = tuple(name for name in CONFIG_NAMES if name != RUNTIME_NAME)
_UNREADABLE = {
    "missing": "gone while being read",
    "directory": "a directory, not a file",
    "permission": "not readable (permission denied)",
    "encoding": "not UTF-8 text",
    "os": "not readable",
}


@dataclass(frozen=True, slots=True)
class IgnoredFile:
    """A config file our tools may use that the runtime will not read from here, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class ProviderCredentials:
    """What the runtime looks at to authenticate (and reach) one provider of the file it reads."""

    key: str
    llm_type: str | None
    auth_strategy: str | None
    variable: str | None
    """The variable read first (``MODELFORGE_<KEY>_API_KEY`` / ``_ACCESS_TOKEN``); ``None``
    when the runtime reads no credentials for this block."""
    variable_set: bool
    """Set and non-empty (the runtime skips an empty one); the value is never kept."""
    stored: bool
    """The block holds ``auth_data`` the runtime uses when the variable is unset."""
    ready: bool
    """The runtime will build this provider's models without asking for anything."""
    note: str
    """One line: where the credentials will come from, or why there are none."""
    endpoint_variable: str | None = None
    """``OLLAMA_HOST`` for an ollama block without ``base_url`` (the runtime's fallback)."""
    endpoint_variable_set: bool = False


@dataclass(frozen=True, slots=True)
class RuntimeView:
    """What ModelForge 2.x will read when started in ``cwd``."""

    cwd: Path
    version: str | None
    """``model-forge-llm`` installed in this environment (``None``: not installed here)."""
    reads: Path | None
    """The file it reads; ``None``: neither exists and it starts from an empty config."""
    scope: Literal["project", "user"] | None
    ignored: tuple[IgnoredFile, ...]
    providers: tuple[ProviderCredentials, ...]
    problem: str | None
    """Why the file it reads will make it fail (not JSON, not an object, unreadable)."""

    @property
    def json_runtime(self) -> bool:
        """The user's runtime reads only JSON: 2.x installed here, or a config.json in effect."""
        return reads_only_json(self.version) or self.reads is not None

    @property
    def concerns(self) -> tuple[str, ...]:
        """One line per thing that will surprise a user of the runtime (``doctor`` warns)."""
        found = [f"{self.reads}: {self.problem}"] if self.problem else []
        if self.reads is None and self.ignored:
            found.append("no config.json here: the runtime starts with an empty config")
        elif self.json_runtime and any(f.path.name in _YAML_NAMES for f in self.ignored):
            found.append("a YAML config here is ignored: the runtime reads only config.json")
        found += [f"{p.key}: {p.note}" for p in self.providers if not p.ready]
        return tuple(found)


def runtime_here() -> RuntimeView:
    """``describe_runtime`` for this process: its working directory, home and environment."""
    return describe_runtime(Path.cwd(), Path.home(), os.environ, installed_runtime())


def describe_runtime(
    cwd: Path, home: Path, environ: Mapping[str, str], runtime_version: str | None
) -> RuntimeView:
    """The file ModelForge 2.x reads in ``cwd`` with this home and environment, the files it
    ignores, and per provider of that file the credential variable it reads."""
    cwd = cwd.absolute()
    project, user = runtime_project_file(cwd), runtime_user_file(home)
    reads = project if project.exists() else user if user.exists() else None
    scope: Literal["project", "user"] | None = (
        None if reads is None else "project" if reads == project else "user"
    )
    shadowed = user if scope == "project" and user.exists() else None
    ignored = list(_ignored(cwd, home, environ, shadowed=shadowed))
    data, problem = _load(reads) if reads is not None else ({}, None)
    raw_providers = data.get("providers")
    providers: dict[str, Any] = raw_providers if isinstance(raw_providers, dict) else {}
    return RuntimeView(
        cwd=cwd,
        version=runtime_version,
        reads=reads,
        scope=scope,
        ignored=tuple(ignored),
        providers=tuple(_credentials(key, raw, environ) for key, raw in providers.items()),
        problem=problem,
    )


def keep_json_reason(source: Path, home: Path, runtime_version: str | None) -> str | None:
    """Why ``source`` (a ``config.json``) must stay where it is for the user's runtime, in one
    line; ``None`` when nothing reads it (not installed here, and not where 2.x looks)."""
    if source.name != RUNTIME_NAME:
        return None
    if reads_only_json(runtime_version):
        return f"model-forge-llm {runtime_version} is installed here and reads only config.json"
    if source.resolve() == runtime_user_file(home).resolve():
        return "ModelForge 2.x reads this file (it reads no YAML, and no other user file)"
    if source.parent.name == LOCAL_DIR:
        project = source.absolute().parent.parent
        return f"ModelForge 2.x reads this file when run in {project} (it reads no YAML)"
    return None


def _ignored(
    cwd: Path, home: Path, environ: Mapping[str, str], *, shadowed: Path | None
) -> Iterator[IgnoredFile]:
    for name in _YAML_NAMES:
        if (path := cwd / LOCAL_DIR / name).is_file():
            yield IgnoredFile(path, f"a YAML file: the runtime reads only {LOCAL_DIR}/config.json")
    for directory in cwd.parents:
        for name in CONFIG_NAMES:
            if (path := directory / LOCAL_DIR / name).is_file():
                reason = (
                    f"in a parent directory: the runtime reads only ./{LOCAL_DIR}/config.json "
                    "of the directory it runs in"
                )
                yield IgnoredFile(path, reason)
    user_dir = runtime_user_dir(home)
    if shadowed is not None:
        reason = f"shadowed: the project's {LOCAL_DIR}/config.json is read instead (never both)"
        yield IgnoredFile(shadowed, reason)
    for name in _YAML_NAMES:
        if (path := user_dir / name).is_file():
            yield IgnoredFile(path, "a YAML file: the runtime reads only config.json here")
    legacy = user_dir / LEGACY_NAME
    if legacy.is_file():
        yield IgnoredFile(
            legacy,
            "the pre-2.x name: 2.x reads config.json ("
            + (
                "which exists; merge by hand if needed)"
                if (user_dir / RUNTIME_NAME).exists()
                else "`modelforge config migrate` moves it there)"
            ),
        )
    ours = global_config_dir(home, environ)
    if ours.absolute() != user_dir.absolute():
        for name in CONFIG_NAMES:
            if (path := ours / name).is_file():
                reason = "under $XDG_CONFIG_HOME, which the runtime never reads"
                yield IgnoredFile(path, reason)


def _load(path: Path) -> tuple[dict[str, Any], str | None]:
    """The file as the runtime's ``json.load`` reads it, or why it would fail."""
    try:
        data = json.loads(read_config_text(path))
    except ConfigReadError as error:
        return {}, f"{_UNREADABLE[error.reason]}: the runtime will fail"
    except json.JSONDecodeError as error:
        return {}, f"not valid JSON ({error.msg}, line {error.lineno}): the runtime will fail"
    except RecursionError:
        return {}, "nested too deeply: the runtime will fail"
    if not isinstance(data, dict):
        return {}, "the top level is not a JSON object: the runtime will fail"
    return data, None


def _credentials(key: str, raw: object, environ: Mapping[str, str]) -> ProviderCredentials:
    """What ``ModelForgeRegistry`` does for this block: ollama reads no credentials (its
    endpoint is ``base_url``, else ``$OLLAMA_HOST``); the other types ask the block's
    ``auth_strategy`` -- none at all means no key is sent; ``device_flow`` first needs its four
    ``auth_details`` -- which reads its variable, then ``auth_data``, then prompts."""
    block: dict[str, Any] = raw if isinstance(raw, dict) else {}
    llm_type = _text(block.get("llm_type"))
    strategy = block.get("auth_strategy")
    auth_data = block.get("auth_data")
    stored = isinstance(auth_data, dict) and bool(
        auth_data.get("api_key") if strategy == "api_key" else auth_data
    )
    entry = ProviderCredentials(key, llm_type, _text(strategy), None, False, stored, False, "")
    if not isinstance(raw, dict):
        return replace(entry, note="not a JSON object: the runtime cannot use it")
    by_name = "" if runtime_key(key) == key else f" (by name it looks up '{runtime_key(key)}')"
    if llm_type == "ollama":
        if "base_url" in block:  # even an empty one: $OLLAMA_HOST is then not consulted
            ready = bool(block["base_url"])
            state = "base_url" if ready else "base_url is empty: the build fails"
            return replace(entry, ready=ready, note=f"no credentials (ollama); {state}" + by_name)
        is_set = bool(environ.get("OLLAMA_HOST"))
        state = "set" if is_set else "unset: the build fails"
        return replace(
            entry,
            ready=is_set,
            note=f"no credentials (ollama); no base_url, so OLLAMA_HOST ({state})" + by_name,
            endpoint_variable="OLLAMA_HOST",
            endpoint_variable_set=is_set,
        )
    if llm_type not in LLM_TYPES:
        return replace(entry, note=f"llm_type {llm_type!r} is not one the runtime builds")
    if strategy in (None, ""):
        return replace(entry, note="no auth_strategy: no key is read or sent, the build fails")
    if strategy not in AUTH_STRATEGIES:
        return replace(entry, note=f"auth_strategy {strategy!r} is unknown to the runtime")
    details = block.get("auth_details")
    if strategy == "device_flow" and not (
        isinstance(details, dict) and all(field in details for field in AUTH_DETAILS_FIELDS)
    ):
        note = "device_flow without a complete auth_details: the runtime fails before any key"
        return replace(entry, note=note)
    variable = credential_variable(key, strategy)
    is_set = bool(environ.get(variable))
    if is_set:
        note = f"{variable} (set)"
    elif stored:
        note = f"{variable} (unset): the auth_data stored in the file is used"
    else:
        note = f"{variable} (unset) and no auth_data: the runtime will prompt"
    return replace(
        entry,
        variable=variable,
        variable_set=is_set,
        ready=is_set or stored,
        note=note + by_name,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
