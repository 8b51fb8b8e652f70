"""ModelForge 2.x JSON configs to YAML: nothing lost, deprecated spellings normalised and reported.

``migrate_json(text)`` is pure. It reads the JSON as ModelForge 2.x did (Python's ``json``: a
duplicated key keeps its last value), normalises the spellings 2.x left to the user, and emits
block-style YAML in the JSON's key order. Before returning it reads its own output back with
``parse_document`` and compares the tree with the data it meant to write -- every key, every
value, every type, the order -- so a YAML that would lose or change anything is never handed out
(``MigrationError`` instead).

What is normalised (each one a ``Change`` with its key path):

* ``llm_type`` and ``auth_strategy`` values in another case or with ``-``/space/no separator
  (``OpenAI-Compatible``, ``API_KEY``, ``deviceflow``) become the canonical value.

What is only reported (a ``Note``; the data is kept as written):

* a provider key spelled unlike its catalog id (``github_copilot`` vs ``github-copilot``: the
  same provider), and two keys that name one provider;
* a duplicated JSON key (2.x used the last value, and so does the YAML);
* a deprecated model, with its successor when the catalog has one -- model ids are never changed
  silently; ``modelforge config validate`` offers the replacement.

Strings that a YAML 1.1 reader would take for something else (``yes``, ``on``, ``1:30``) are
quoted as well as those YAML 1.2 would, so the file means the same to any YAML library.

Writing the file is the caller's business (``config.files.write.write_config``, the one writer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.config.checks import Finding, Severity
from modelforge_lsp.config.files.yaml_dump import KeyPath, dump_yaml, format_path, verify_yaml
from modelforge_lsp.config.language import (
    AUTH_STRATEGIES,
    LLM_TYPES,
    catalog_checked,
    model_identity,
    provider_identity,
)
from modelforge_lsp.errors import MigrationError

__all__ = [
    "Change",
    "MigrationError",
    "MigrationResult",
    "Note",
    "format_path",
    "migrate_json",
    "new_problems",
]

_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True, slots=True)
class Change:
    """A value the migration rewrote: where, from what, to what."""

    path: KeyPath
    old: str
    new: str

    def describe(self) -> str:
        return f"{format_path(self.path)}: '{self.old}' -> '{self.new}'"


@dataclass(frozen=True, slots=True)
class Note:
    """Something the migration kept as written but the user should know."""

    path: KeyPath
    message: str
    suggestion: str | None = None

    def describe(self) -> str:
        return f"{format_path(self.path)}: {self.message}"


@dataclass(frozen=True, slots=True)
class MigrationResult:
    yaml_text: str
    changes: tuple[Change, ...]
    warnings: tuple[Note, ...]
    normalised_json: str = ""
    """The JSON with the ``changes`` made: what the YAML means, in the JSON's own format. A
    caller checking that the conversion adds no problem compares the YAML with this -- a
    normalised spelling can bring a block under checks its old spelling kept it from (a
    ``Device-Flow`` the runtime refused is a ``device_flow`` missing its ``auth_details``), and
    that is the JSON's problem, found, not one the YAML made."""


def migrate_json(
    text: str, *, catalog: Catalog | None = None, source_name: str = "config.json"
) -> MigrationResult:
    """The YAML for a 2.x JSON config, with the normalisations made and the notes found."""
    data, duplicates = _load_json(text)
    changes = list(_normalise(data))
    notes = [
        Note(
            path,
            f"duplicate key '{path[-1]}': ModelForge 2.x used the last value; so does the YAML",
        )
        for path in duplicates
    ]
    notes += _provider_spellings(data)
    if catalog is not None and catalog.providers:
        notes += _deprecated_models(data, catalog)
    yaml_text = _header(source_name) + dump_yaml(data)
    verify_yaml(yaml_text, data)
    normalised = json.dumps(data, indent=4, ensure_ascii=False) + "\n"
    return MigrationResult(yaml_text, tuple(changes), tuple(notes), normalised)


class _Object(dict[str, Any]):
    """A JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    seen: list[str] = []
    for key, value in pairs:
        if key in result and key not in seen:
            seen.append(key)
        result[key] = value  # the last value wins, as in 2.x (``json.load``)
    result.duplicates = tuple(seen)
    return result


def _load_json(text: str) -> tuple[dict[str, Any], list[KeyPath]]:
    try:
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise MigrationError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise MigrationError("not a config: the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise MigrationError(
            f"not a config: the JSON's top level is {_json_kind(data)}, not an object"
        )
    return data, list(_duplicate_paths(data, ()))


def _duplicate_paths(value: Any, path: KeyPath) -> Iterator[KeyPath]:
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            yield (*path, key)
        for key, child in value.items():
            yield from _duplicate_paths(child, (*path, key))
    elif isinstance(value, list):
        for child in value:
            yield from _duplicate_paths(child, path)


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a boolean" if isinstance(value, bool) else "a number"


def _providers(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    providers = data.get("providers")
    if isinstance(providers, dict):
        for key, provider in providers.items():
            if isinstance(provider, dict):
                yield key, provider


def _canonical(value: str, choices: Sequence[str]) -> str | None:
    """The choice ``value`` spells differently (case, ``-``, spaces, no separator), if any."""
    folded = _SEPARATORS.sub("", value).lower()
    return next((c for c in choices if c.replace("_", "") == folded and c != value), None)


def _normalise(data: dict[str, Any]) -> Iterator[Change]:
    for key, provider in _providers(data):
        for field, choices in (("llm_type", LLM_TYPES), ("auth_strategy", AUTH_STRATEGIES)):
            value = provider.get(field)
            if isinstance(value, str) and (canonical := _canonical(value, choices)) is not None:
                provider[field] = canonical
                yield Change(("providers", key, field), value, canonical)


def _provider_spellings(data: dict[str, Any]) -> list[Note]:
    notes = []
    first_key: dict[str, str] = {}
    for key, _ in _providers(data):
        identity = provider_identity(key)
        if identity in first_key:
            notes.append(
                Note(
                    ("providers", key),
                    f"'{key}' and '{first_key[identity]}' name the same provider; keep one "
                    "(both were kept)",
                )
            )
            continue
        first_key[identity] = key
        if identity != key:
            notes.append(
                Note(
                    ("providers", key),
                    f"'{key}' is the same provider as '{identity}' (the spellings are "
                    "interchangeable); kept as written",
                )
            )
    return notes


def _deprecated_models(data: dict[str, Any], catalog: Catalog) -> list[Note]:
    notes = []
    for key, provider in _providers(data):
        info = catalog.provider(key)
        models = provider.get("models")
        if info is None or not catalog_checked(provider.get("llm_type")):
            continue
        if not isinstance(models, dict):
            continue
        for alias, entry in models.items():
            api_name = entry.get("api_model_name") if isinstance(entry, dict) else None
            identity = model_identity(alias, api_name)
            model = catalog.model(info.id, identity)
            if model is None or not model.is_deprecated:
                continue
            successor = catalog.successor(model)
            path: KeyPath = ("providers", key, "models", alias)
            if api_name is not None:
                path = (*path, "api_model_name")
            if successor is None:
                message = f"'{model.id}' is deprecated at {info.id}; kept (choose a current model)"
                notes.append(Note(path, message))
            else:
                message = (
                    f"'{model.id}' is deprecated at {info.id}; its successor is "
                    f"'{successor.id}' (kept as written; not changed silently)"
                )
                notes.append(Note(path, message, successor.id))
    return notes


def _header(source_name: str) -> str:
    name = "".join(c if c.isprintable() else "?" for c in source_name)
    return f"# Migrated from {name} by `modelforge config migrate`.\n"


def new_problems(before: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
    """Errors and warnings in ``after`` (the YAML's) that ``before`` (the JSON's) did not have.

    Findings are matched by code and message (their positions differ between the two files).
    """
    remaining: dict[tuple[str, str], int] = {}
    for item in before:
        remaining[item.code, item.message] = remaining.get((item.code, item.message), 0) + 1
    found = []
    for item in after:
        if item.severity > Severity.WARNING:
            continue
        key = (item.code, item.message)
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
        else:
            found.append(item)
    return found
