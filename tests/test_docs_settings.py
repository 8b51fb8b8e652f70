"""The settings tables in the docs name exactly the settings the code reads, and no others.

Two tables: the editor settings in docs/server.md (``| `catalog.url` | default | meaning |``), held
to ``ServerSettings`` (every leaf field, camelCase as on the wire, dotted by its parents), and the
catalog settings in docs/catalog.md (``| `url` | `MODELFORGE_CATALOG_URL` | ...``), held to
``CatalogSettings`` and its ``ENVIRONMENT_VARIABLES``. Environment variables named anywhere in the
docs must exist in the code, and every ``MODELFORGE_*`` variable the code reads must be documented.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from modelforge_lsp.catalog import CatalogSettings
from modelforge_lsp.catalog.client import TOKEN_ENV_VAR
from modelforge_lsp.catalog.settings import ENVIRONMENT_VARIABLES
from modelforge_lsp.server.settings import ServerSettings, camel_case

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "modelforge_lsp"
_ROW = re.compile(r"^\| `([^`]+)` \| (.*?) \|", re.MULTILINE)
_VARIABLE = re.compile(r"\bMODELFORGE_[A-Z][A-Z0-9_]*[A-Z0-9]\b")
_CREDENTIAL = re.compile(r"^MODELFORGE_[A-Z0-9_]+_(API_KEY|ACCESS_TOKEN)$")
"""The runtime's per-provider credential variables (``MODELFORGE_OPENAI_API_KEY``): built from
the provider key (``config.language.credential_variable``), not settings of ours."""
_TEST_ONLY = {"MODELFORGE_NVIM_", "MODELFORGE_SCREENSHOTS"}


def table_after(page: Path, header: str) -> list[tuple[str, str]]:
    """The ``(first column, second column)`` rows of the table whose header row is ``header``."""
    text = page.read_text(encoding="utf-8")
    start = text.index(header)
    end = text.find("\n\n", start)
    return _ROW.findall(text[start : end if end >= 0 else None])


def wire_names(cls: type, prefix: str = "") -> Iterator[str]:
    """``catalog.url``, ``checks.severity``, ``customProviders``: each leaf of the settings tree."""
    for spec in dataclasses.fields(cls):
        name = prefix + camel_case(spec.name)
        kind = spec.type if isinstance(spec.type, type) else None
        default = spec.default_factory() if callable(spec.default_factory) else spec.default
        if kind is None and dataclasses.is_dataclass(default):
            kind = type(default)
        if kind is not None and dataclasses.is_dataclass(kind):
            yield from wire_names(kind, name + ".")
        else:
            yield name


def test_server_md_lists_every_editor_setting_and_no_other() -> None:
    rows = table_after(DOCS / "server.md", "| setting | default | meaning |")
    documented = [name for name, _ in rows]
    assert len(documented) == len(set(documented)), "a setting is listed twice"
    assert set(documented) == set(wire_names(ServerSettings))


def test_server_md_defaults_name_the_right_environment_variables() -> None:
    rows = dict(table_after(DOCS / "server.md", "| setting | default | meaning |"))
    by_wire = {f"catalog.{camel_case(name)}": var for name, var in ENVIRONMENT_VARIABLES.items()}
    named = {wire: _VARIABLE.findall(default) for wire, default in rows.items()}
    assert {wire: found for wire, found in named.items() if found} == {
        wire: [variable] for wire, variable in by_wire.items() if wire in rows
    }


def test_catalog_md_lists_every_catalog_setting_with_its_variable() -> None:
    rows = table_after(
        DOCS / "catalog.md", "| setting | environment variable | default | meaning |"
    )
    documented = {name: variable.strip("`") for name, variable in rows}
    fields = {f.name for f in dataclasses.fields(CatalogSettings) if f.name != "problems"}
    assert set(documented) == fields
    assert documented == {name: ENVIRONMENT_VARIABLES[name] for name in fields}
    text = (DOCS / "catalog.md").read_text(encoding="utf-8")
    others = re.findall(r"^\| — \| `(MODELFORGE_[A-Z_]+)` \|", text, re.MULTILINE)
    assert others == [TOKEN_ENV_VAR]


def _code_variables() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        found.update(_VARIABLE.findall(path.read_text(encoding="utf-8")))
    return {v for v in found if not _CREDENTIAL.match(v)}


def _doc_variables() -> set[str]:
    found: set[str] = set()
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        found.update(_VARIABLE.findall(page.read_text(encoding="utf-8")))
    return {v for v in found if not _CREDENTIAL.match(v) and not v.startswith(tuple(_TEST_ONLY))}


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    assert _code_variables() - _doc_variables() == set()


def test_every_environment_variable_the_docs_name_exists() -> None:
    assert _doc_variables() - _code_variables() == set()
