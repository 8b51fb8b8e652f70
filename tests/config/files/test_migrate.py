"""``config.files.migrate``: 2.x JSON -> YAML keeps every key, value, type and the order;
spellings are normalised and reported; the result reads the same under YAML 1.2 (our parser)
and YAML 1.1."""

from __future__ import annotations

import copy
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import Finding, Severity, check
from modelforge_lsp.config.files import (
    Change,
    MigrationError,
    MigrationResult,
    migrate_json,
    new_problems,
)
from modelforge_lsp.config.syntax import Span, parse_document, to_python

DATA = Path(__file__).parents[2] / "data" / "migrate"
CONFIGS = sorted(DATA.glob("*.json"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def ordered(value: Any) -> Any:
    """Dicts as lists of pairs (so order counts), numbers tagged with their type (1 != 1.0 !=
    True), NaN equal to itself."""
    if isinstance(value, dict):
        return [(key, ordered(child)) for key, child in value.items()]
    if isinstance(value, list):
        return [ordered(child) for child in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def expected_data(text: str, result: MigrationResult) -> Any:
    """The JSON as Python reads it, with the reported normalisations applied."""
    data = json.loads(text)
    for change in result.changes:
        node = data
        for key in change.path[:-1]:
            node = node[key]
        assert node[change.path[-1]] == change.old
        node[change.path[-1]] = change.new
    return data


def read_back(yaml_text: str) -> Any:
    document = parse_document(yaml_text)
    assert document.syntax_errors == () and document.duplicate_keys == ()
    return to_python(document.root)


def read_as_yaml_1_1(yaml_text: str) -> Any:
    yaml = YAML(typ="safe", pure=True)
    return yaml.load(io.StringIO("%YAML 1.1\n---\n" + yaml_text))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_realistic_configs_round_trip(path: Path, catalog: Catalog) -> None:
    text = path.read_text()
    result = migrate_json(text, catalog=catalog)
    expected = expected_data(text, result)
    assert ordered(read_back(result.yaml_text)) == ordered(expected)
    assert ordered(read_as_yaml_1_1(result.yaml_text)) == ordered(expected)
    assert result.yaml_text.startswith("# Migrated from config.json")


def test_realistic_config_output(catalog: Catalog) -> None:
    result = migrate_json((DATA / "global_2x.json").read_text(), catalog=catalog)
    assert "\n  github_copilot:\n    llm_type: github_copilot\n" in result.yaml_text
    assert "\n      qwen3:1.7b: {}\n" in result.yaml_text
    assert result.changes == ()
    assert [n.path for n in result.warnings] == [("providers", "github_copilot")]
    assert "same provider as 'github-copilot'" in result.warnings[0].message


def test_old_spellings_are_normalised_and_reported(catalog: Catalog) -> None:
    result = migrate_json((DATA / "old_spellings.json").read_text(), catalog=catalog)
    assert [c.describe() for c in result.changes] == [
        "providers.openai.llm_type: 'OpenAI_Compatible' -> 'openai_compatible'",
        "providers.openai.auth_strategy: 'API_KEY' -> 'api_key'",
        "providers.github-copilot.llm_type: 'github-copilot' -> 'github_copilot'",
        "providers.github-copilot.auth_strategy: 'Device-Flow' -> 'device_flow'",
        "providers.local.llm_type: 'Ollama' -> 'ollama'",
    ]  # 'None' is no spelling of api_key or device_flow: left for `config validate`
    notes = {n.path: n for n in result.warnings}
    duplicate = notes["providers", "openai", "models", "gpt-4o-mini"]
    assert "duplicate key" in duplicate.message and "last value" in duplicate.message
    deprecated = notes["providers", "github-copilot", "models", "claude-sonnet-4"]
    assert deprecated.suggestion and deprecated.suggestion in deprecated.message
    assert "claude-sonnet-4:\n" in result.yaml_text  # the model id itself is not changed


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        pytest.param("llm_type", "openai-compatible", "openai_compatible", id="dash"),
        pytest.param("llm_type", "OpenAI_Compatible", "openai_compatible", id="case"),
        pytest.param("llm_type", "openaicompatible", "openai_compatible", id="no-separator"),
        pytest.param("llm_type", "Google GenAI", "google_genai", id="space"),
        pytest.param("llm_type", "openai_compatible", None, id="already-canonical"),
        pytest.param("llm_type", "openai", None, id="not-a-spelling-left-to-validate"),
        pytest.param("auth_strategy", "ApiKey", "api_key", id="auth-camel"),
        pytest.param("auth_strategy", "DEVICE_FLOW", "device_flow", id="auth-upper"),
        pytest.param("auth_strategy", "None", None, id="auth-none-is-no-strategy"),
        pytest.param("auth_strategy", "oauth", None, id="auth-unknown"),
    ],
)
def test_enum_spellings(field: str, value: str, expected: str | None) -> None:
    text = json.dumps({"providers": {"p": {field: value}}})
    result = migrate_json(text)
    if expected is None:
        assert result.changes == ()
        assert read_back(result.yaml_text)["providers"]["p"][field] == value
    else:
        assert result.changes == (Change(("providers", "p", field), value, expected),)
        assert read_back(result.yaml_text)["providers"]["p"][field] == expected


def test_two_spellings_of_one_provider_are_reported_not_merged() -> None:
    text = json.dumps({"providers": {"github-copilot": {}, "github_copilot": {"models": {}}}})
    result = migrate_json(text)
    assert list(read_back(result.yaml_text)["providers"]) == ["github-copilot", "github_copilot"]
    [note] = result.warnings
    assert note.path == ("providers", "github_copilot") and "same provider" in note.message


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "1:30",
        "0123",
        "0o17",
        "0x1f",
        "1_000",
        "1.0",
        "1e3",
        ".inf",
        "null",
        "~",
        "",
        "2024-01-01",
        "true",
        "=",
        "<<",
        "-",
        "#x",
        "a: b",
        " lead",
    ],
)
def test_strings_stay_strings_under_yaml_1_1_and_1_2(value: str) -> None:
    result = migrate_json(json.dumps({"settings": {value: value}}))
    assert read_back(result.yaml_text) == {"settings": {value: value}}
    assert read_as_yaml_1_1(result.yaml_text) == {"settings": {value: value}}


@pytest.mark.parametrize("number", [1e-7, 1e300, -0.0, 0.1, 3.0, 2.5e-310, 10**40, -(2**63)])
def test_numbers_keep_their_type_and_value(number: float) -> None:
    result = migrate_json(json.dumps({"n": number}))
    for reader in (read_back, read_as_yaml_1_1):
        value = reader(result.yaml_text)["n"]
        assert type(value) is type(number) and value == number


def test_non_finite_numbers_2x_accepted() -> None:
    result = migrate_json('{"a": NaN, "b": Infinity, "c": -Infinity}')
    data = read_back(result.yaml_text)
    assert math.isnan(data["a"]) and data["b"] == math.inf and data["c"] == -math.inf


def test_a_bom_is_ignored() -> None:
    assert read_back(migrate_json('\ufeff{"a": 1}').yaml_text) == {"a": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('{"a": 1,}', "not valid JSON", id="trailing-comma"),
        pytest.param('{"a": 1', "line 1, column 8", id="truncated"),
        pytest.param("[1, 2]", "an array, not an object", id="array"),
        pytest.param('"x"', "a string, not an object", id="string"),
        pytest.param("", "not valid JSON", id="empty"),
        pytest.param("[" * 100_000 + "]" * 100_000, "nested too deeply", id="deep"),
    ],
)
def test_what_cannot_be_migrated(text: str, message: str) -> None:
    with pytest.raises(MigrationError, match=message.replace("(", r"\(")):
        migrate_json(text)


# -- property: arbitrary JSON objects survive --------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_any_json_object_reads_back_the_same(data: dict[str, Any]) -> None:
    text = json.dumps(data)
    result = migrate_json(text)
    assert ordered(read_back(result.yaml_text)) == ordered(expected_data(text, result))


# -- validation against check() ----------------------------------------------------------------


def test_migrated_realistic_config_has_the_same_findings(catalog: Catalog) -> None:
    """The YAML means what the normalised JSON means: no finding of its own."""
    for path in CONFIGS:
        result = migrate_json(path.read_text(), catalog=catalog)
        before = check(parse_document(result.normalised_json), catalog)
        after = check(parse_document(result.yaml_text), catalog)
        assert new_problems(before, after) == [], path.name


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_the_normalised_json_is_the_json_with_the_changes_made(path: Path) -> None:
    text = path.read_text()
    result = migrate_json(text)
    expected = json.loads(text)
    for change in result.changes:
        *parents, field = change.path
        node = expected
        for key in parents:
            node = node[key]
        assert node[field] == change.old
        node[field] = change.new
    assert json.loads(result.normalised_json) == expected
    assert read_back(result.yaml_text) == expected


def finding(code: str, message: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(Span.at(0, 0, 1), severity, code, message)


@pytest.mark.parametrize(
    ("before", "after", "new"),
    [
        pytest.param([], [], [], id="clean"),
        pytest.param([finding("MF201", "x")], [finding("MF201", "x")], [], id="same"),
        pytest.param([], [finding("MF201", "x")], ["MF201"], id="new-warning"),
        pytest.param([finding("MF203", "e", Severity.ERROR)], [], [], id="fixed-by-migration"),
        pytest.param([finding("MF201", "x")], [finding("MF201", "x")] * 2, ["MF201"], id="counted"),
        pytest.param([], [finding("MF305", "i", Severity.INFORMATION)], [], id="info-ignored"),
    ],
)
def test_new_problems(before: list[Finding], after: list[Finding], new: list[str]) -> None:
    assert [f.code for f in new_problems(before, after)] == new


def test_migrate_does_not_mutate_its_input_between_calls() -> None:
    text = (DATA / "old_spellings.json").read_text()
    first = migrate_json(text)
    assert migrate_json(copy.copy(text)) == first
