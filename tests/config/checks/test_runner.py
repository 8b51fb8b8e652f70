"""``check()`` on a table of configs: silence on a valid one, each mistake flagged where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.checks import CheckSettings, Finding, Severity, Tag, check
from modelforge_lsp.config.syntax import ConfigDocument, Span, parse_document

DATA = Path(__file__).parents[2] / "data" / "config"
VALID = (DATA / "valid_realistic.yaml").read_text()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def spanned(document: ConfigDocument, span: Span) -> str:
    """The text a single-line span covers."""
    assert span.start.line == span.end.line
    return document.text.splitlines()[span.start.line][span.start.character : span.end.character]


def run(text: str, catalog: Catalog, **options: object) -> tuple[ConfigDocument, list[Finding]]:
    document = parse_document(text)
    return document, check(document, catalog, CheckSettings(**options))  # type: ignore[arg-type]


def test_realistic_valid_config_has_no_warnings(catalog: Catalog) -> None:
    _, findings = run(VALID, catalog)
    noisy = [f for f in findings if f.severity <= Severity.INFORMATION]
    assert noisy == []


PROVIDER = (
    "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
    "    models:\n"
)


@pytest.mark.parametrize(
    ("text", "code", "severity", "flagged", "suggestion"),
    [
        pytest.param(
            PROVIDER + "      gpt-4o-mnii:\n",
            "MF302", Severity.WARNING, "gpt-4o-mnii", "gpt-4o-mini", id="misspelled-model",
        ),
        pytest.param(
            PROVIDER + "      mini:\n        api_model_name: gpt-4o-mnii\n",
            "MF302", Severity.WARNING, "gpt-4o-mnii", "gpt-4o-mini", id="misspelled-api-model-name",
        ),
        pytest.param(
            PROVIDER + "      claude-sonnet-4-5:\n",
            "MF303", Severity.WARNING, "claude-sonnet-4-5", None, id="served-by-another-provider",
        ),
        pytest.param(
            PROVIDER + "      GPT-4o-Mini:\n",
            "MF306", Severity.WARNING, "GPT-4o-Mini", "gpt-4o-mini", id="case-differs",
        ),
        pytest.param(
            "providers:\n  github_copilot:\n    llm_type: github_copilot\n    models:\n"
            "      gpt-5:\n",
            "MF304", Severity.WARNING, "gpt-5", "gpt-5.5", id="deprecated-with-successor",
        ),
        pytest.param(
            "providers:\n  opnai:\n    llm_type: openai_compatible\n",
            "MF301", Severity.WARNING, "opnai", "openai", id="misspelled-provider",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatable\n",
            "MF203", Severity.ERROR, "openai_compatable", "openai_compatible", id="enum-typo",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: apikey\n",
            "MF203", Severity.ERROR, "apikey", "api_key", id="auth-enum-typo",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n    modles:\n",
            "MF201", Severity.WARNING, "modles", "models", id="unknown-key",
        ),
        pytest.param(
            "provders:\n  openai: {}\n",
            "MF201", Severity.WARNING, "provders", "providers", id="unknown-top-level-key",
        ),
        pytest.param(
            "providers:\n  openai:\n    base_url: https://api.openai.com/v1\n",
            "MF204", Severity.ERROR, "openai", "openai_compatible", id="missing-llm-type",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models: [gpt-4o]\n",
            "MF202", Severity.ERROR, "[gpt-4o]", None, id="models-not-a-map",
        ),
        pytest.param(
            "settings:\n  show_telemetry: sometimes\n",
            "MF202", Severity.ERROR, "sometimes", None, id="not-a-boolean",
        ),
        pytest.param(
            PROVIDER + "      x:\n        api_model_name: 3.5\n",
            "MF202", Severity.WARNING, "3.5", '"3.5"', id="number-where-string",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: api.openai.com\n",
            "MF207", Severity.ERROR, "api.openai.com", None, id="not-a-url",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: http://api.example.com/v1\n",
            "MF502", Severity.WARNING, "http://api.example.com/v1", "https://api.example.com/v1",
            id="plain-http",
        ),
        pytest.param(
            PROVIDER + "      gpt-4o-mini:\ncurrent_model:\n"
            "  provider: openia\n  model: gpt-4o-mini\n",
            "MF401", Severity.ERROR, "openia", "openai", id="current-provider-missing",
        ),
        pytest.param(
            PROVIDER + "      gpt-4o-mini:\ncurrent_model:\n"
            "  provider: openai\n  model: gpt-4o-mni\n",
            "MF402", Severity.ERROR, "gpt-4o-mni", "gpt-4o-mini", id="current-model-missing",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n"
            "    api_key: sk-proj-abcdefghijklmnopqrstuvwxyz012345\n",
            "MF501", Severity.WARNING, "sk-proj-abcdefghijklmnopqrstuvwxyz012345",
            None, id="pasted-openai-key",
        ),
        pytest.param(
            "providers:\n  acme:\n    llm_type: openai_compatible\n"
            "    token: 'Zq8vR2mX9tLp4Wk7Yc1Nb6Hd'\n",
            "MF501", Severity.WARNING, "'Zq8vR2mX9tLp4Wk7Yc1Nb6Hd'",
            None, id="high-entropy-under-token",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n  openai:\n",
            "MF205", Severity.ERROR, "openai", None, id="duplicate-key",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: [\n",
            "MF101", Severity.ERROR, None, None, id="syntax-error",
        ),
    ],
)  # fmt: skip
def test_each_mistake_is_flagged_on_its_own_text(
    catalog: Catalog,
    text: str,
    code: str,
    severity: Severity,
    flagged: str | None,
    suggestion: str | None,
) -> None:
    document, findings = run(text, catalog)
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, findings
    found = matching[0]
    assert found.severity == severity
    assert found.message
    if flagged is not None:
        assert spanned(document, found.span) == flagged
    if suggestion is not None:
        assert found.suggestions[0] == suggestion
        assert found.fixes and found.fixes[0].preferred
        assert found.fixes[0].edits[0].new_text.strip() in (suggestion, f"llm_type: {suggestion}")


def test_typo_config_flags_each_line(catalog: Catalog) -> None:
    text = (
        "providers:\n"
        "  opnai:\n"
        "    llm_type: openai_compatable\n"
        "    models:\n"
        "      gpt-4o-mnii: {}\n"
        "  anthropic:\n"
        "    llm_type: openai_compatible\n"
        "    base_url: https://api.anthropic.com/v1/\n"
        "    auth_strategy: api_key\n"
        "    models:\n"
        "      claude-sonet-4-5: {}\n"
    )
    _, findings = run(text, catalog)
    by_line = {f.span.start.line: (f.code, f.suggestions[:1]) for f in findings}
    assert by_line == {
        1: ("MF301", ("openai",)),
        2: ("MF203", ("openai_compatible",)),
        10: ("MF302", ("claude-sonnet-4-5",)),
    }  # models of an unknown provider are not checked


def test_missing_llm_type_fix_inserts_at_the_right_indent(catalog: Catalog) -> None:
    text = "providers:\n  openai:\n    auth_strategy: api_key\n    models:\n      gpt-4o-mini: {}\n"
    _, findings = run(text, catalog)
    (fix,) = next(f for f in findings if f.code == "MF204").fixes
    (edit,) = fix.edits
    lines = text.splitlines(keepends=True)
    assert (edit.span.start.line, edit.span.start.character) == (2, 0)
    patched = "".join(lines[:2]) + edit.new_text + "".join(lines[2:])
    assert check(parse_document(patched), catalog) == []


def test_deprecated_is_tagged(catalog: Catalog) -> None:
    text = (
        "providers:\n  github-copilot:\n    llm_type: github_copilot\n    models:\n      gpt-5:\n"
    )
    _, findings = run(text, catalog)
    assert Tag.DEPRECATED in next(f for f in findings if f.code == "MF304").tags


def test_local_and_unknown_providers_are_not_catalog_checked(catalog: Catalog) -> None:
    text = (
        "providers:\n"
        "  ollama:\n    llm_type: ollama\n    base_url: http://localhost:11434\n"
        "    models:\n      my-finetune: {}\n"
        "  corp_gateway:\n    llm_type: openai_compatible\n    base_url: https://llm.corp.example\n"
        "    auth_strategy: api_key\n    models:\n      whatever-v9: {}\n"
    )
    _, findings = run(text, catalog)
    assert [(f.code, f.severity) for f in findings] == [("MF301", Severity.HINT)]


def test_catalog_checks_can_be_turned_off(catalog: Catalog) -> None:
    _, findings = run(PROVIDER + "      gpt-4o-mnii: {}\n", catalog, catalog_checks=False)
    assert findings == []


def test_severity_overrides(catalog: Catalog) -> None:
    text = PROVIDER + "      gpt-4o-mnii: {}\n    base_url: http://api.example.com\n"
    _, findings = run(text, catalog, severity_overrides={"MF302": Severity.ERROR, "MF502": None})
    assert [(f.code, f.severity) for f in findings] == [("MF302", Severity.ERROR)]


def test_secret_in_a_document_that_does_not_parse_is_still_found(catalog: Catalog) -> None:
    text = "providers:\n  openai: [\n    api_key: sk-abcdefghijklmnopqrstuvwxyz0123\n"
    _, findings = run(text, catalog)
    assert {f.code for f in findings} == {"MF101", "MF501"}


def test_json_config_is_checked_like_yaml(catalog: Catalog) -> None:
    text = (
        '{"providers": {"openai": {"llm_type": "openai_compatible", "auth_strategy": "api_key",'
        ' "models": {"gpt-4o-mnii": {}}}}}'
    )
    document, findings = run(text, catalog)
    assert [f.code for f in findings] == ["MF302"]
    assert spanned(document, findings[0].span).strip('"') == "gpt-4o-mnii"


def test_no_catalog_still_checks_schema() -> None:
    document = parse_document("providers:\n  openai:\n    modles:\n")
    assert {f.code for f in check(document, None)} == {"MF201", "MF204"}


_yamlish = st.lists(
    st.sampled_from(
        ["providers:", "  openai:", "    llm_type: ", "openai_compatible", "    models:",
         "      gpt-4o-mini:", "        api_model_name: ", "current_model:", "  provider: ",
         "  model: ", "settings:", "  show_telemetry: ", "true", "{", "}", "[", "]", ": ", "- ",
         "\t", "'", '"', "&a ", "*a", "#", "sk-abcdefghijklmnopqrstuvwxyz", "http://x.io", "\n"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), _yamlish))
def test_arbitrary_text_never_makes_check_raise(catalog: Catalog, text: str) -> None:
    findings = check(parse_document(text), catalog)
    lines = max(1, len(text.splitlines()) + 1)
    for item in findings:
        assert 0 <= item.span.start.line <= lines


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_valid_config_never_makes_check_raise(
    catalog: Catalog, data: st.DataObject
) -> None:
    lines = VALID.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    cut = data.draw(st.integers(0, len(lines[index])))
    insert = data.draw(st.sampled_from(["", ":", "\t", "{", "]", "  ", "x", "- ", "'"]))
    lines[index] = lines[index][:cut] + insert + lines[index][cut + 1 :]
    check(parse_document("\n".join(lines)), catalog)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param('{"providers": {"opnai": {"llm_type": "openai_compatible"}}}', "MF301",
                     id="json-key"),
        pytest.param('{"providers": {"openrouter": {"llm_type": "openai-compatible"}}}', "MF203",
                     id="json-value"),
        pytest.param("providers:\n  openai:\n    llm_type: 'openai_compatable'\n", "MF203",
                     id="single-quoted-yaml"),
    ],
)  # fmt: skip
def test_a_fix_keeps_a_quoted_scalar_quoted(catalog: Catalog, text: str, code: str) -> None:
    """The runtime's own files are JSON: a bare replacement would break them."""
    from modelforge_lsp.config.checks.local_edit import apply_edits

    _, findings = run(text, catalog)
    [item] = [f for f in findings if f.code == code]
    fixed = apply_edits(text, item.fixes[0].edits)
    after = parse_document(fixed)
    assert after.root is not None and not after.syntax_errors, fixed
    assert code not in {f.code for f in check(after, catalog)}, fixed
