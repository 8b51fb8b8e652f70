"""A big broken text: the issue from a cut of the text is the issue from reading all of it."""

from __future__ import annotations

import json
import random

import pytest

from modelforge_lsp.config.syntax import build, parse_document
from modelforge_lsp.config.syntax.compose import ParserFailedError, syntax_issue
from modelforge_lsp.config.syntax.reading import LineIndex
from modelforge_lsp.config.syntax.reread import MIN_CUT_INDEX, reread_error


def big_config(providers: int = 8, models: int = 60) -> str:
    """A config past ``MIN_CUT_INDEX`` with the shapes real ones have above a broken line."""
    blocks = []
    for p in range(providers):
        aliases = "".join(f"      vendor/model-{p}-{m}: {{}}\n" for m in range(models))
        blocks.append(
            f"  prov{p}:  # provider {p}\n"
            "    llm_type: openai_compatible\n"
            f'    base_url: "https://p{p}.example/v1"\n'
            "    notes: free text\n    tags: [a, b]\n"
            f"    models:\n      'quoted-{p}':\n        api_model_name: x\n{aliases}"
        )
    return "# top comment\nproviders:\n" + "".join(blocks) + "current_model:\n  provider: prov1\n"


def whole_read_issue(text: str, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(build, "reread_error", lambda *args, **kwargs: None)
        return _outcome(text)


def _outcome(text: str) -> object:
    document = parse_document(text)
    return (document.root, document.syntax_errors, document.duplicate_keys)


def libyaml_error(text: str) -> Exception:
    with pytest.raises(ParserFailedError) as failed:
        build._read(text, True)
    return failed.value.error


def test_the_config_is_past_the_cut_threshold() -> None:
    text = big_config()
    assert len(text) > 3 * MIN_CUT_INDEX
    assert parse_document(text).syntax_errors == ()


def test_an_unfinished_alias_line_is_worded_from_a_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = big_config().split("\n")
    at = len(lines) - 8
    text = "\n".join([*lines[:at], "      gpt", *lines[at:]])
    error = reread_error(
        text,
        LineIndex(text).starts,
        libyaml_error(text),
        read=build._read,
    )
    assert error is not None  # the cut was used...
    issue = syntax_issue(error, text, LineIndex(text))
    # ...and its marks map back to the text's lines: the key's line, and the next, where the
    # ':' was looked for
    assert issue.message == (
        f"could not find expected ':' (while scanning a simple key at line {at + 1}, column 7)"
    )
    assert issue.span.start.line == at + 1
    assert _outcome(text) == whole_read_issue(text, monkeypatch)


@pytest.mark.parametrize(
    ("before", "why"),
    [
        pytest.param("anchored: &a {}\n", "an anchor is cut away", id="anchor"),
        pytest.param("tabbed: x\t# c\n", "the pure parser may object to a tab", id="tab"),
        pytest.param("%YAML 1.2\n---\n", "a directive", id="directive"),
        pytest.param("tagged: !!str x\n", "the pure parser may word a tag", id="tag"),
        pytest.param("notes: |#\n  text\n", "or a block scalar's header", id="block-scalar"),
        pytest.param("# a\u2028b\n", "or a line separator", id="line-separator"),
    ],
)
def test_what_the_cut_cannot_keep_sends_the_whole_text(before: str, why: str) -> None:
    lines = big_config().split("\n")
    at = len(lines) - 8
    text = before + "\n".join([*lines[:at], "      gpt", *lines[at:]])
    error = libyaml_error(text)
    starts = LineIndex(text).starts
    assert reread_error(text, starts, error, read=build._read) is None, why


def test_a_parent_that_is_not_a_plain_block_key_sends_the_whole_text() -> None:
    # the broken line's mapping is a sequence's item: not a chain of block keys
    text = big_config() + "list:\n  - item: 1\n    gpt\n  - other: 2\n"
    error = libyaml_error(text)
    assert reread_error(text, LineIndex(text).starts, error, read=build._read) is None


def big_json(models: int = 400) -> str:
    """A config as ModelForge 2.x reads it, written as our writers write JSON (indent 2)."""
    provider = {"llm_type": "openai_compatible", "auth_strategy": "api_key"}
    provider["models"] = {f"vendor/model-{m}": {} for m in range(models)}  # type: ignore[assignment]
    data = {"providers": {"openrouter": provider, "other": {"models": {"a": {}}}}}
    return json.dumps({**data, "current_model": {"provider": "other", "model": "a"}}, indent=2)


def test_a_json_config_typed_into_is_worded_from_a_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_json()
    at = text.index('"vendor/model-390": {}')
    text = text[:at] + '"gpt"\n      ' + text[at:]  # a key typed without its ':' yet
    error = reread_error(text, LineIndex(text).starts, libyaml_error(text), read=build._read)
    assert error is not None
    assert _outcome(text) == whole_read_issue(text, monkeypatch)
    [issue] = parse_document(text).syntax_errors
    assert issue.span.start.line == text[:at].count("\n") + 1


def test_a_character_the_pure_reader_rejects_sends_the_whole_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """libyaml reads ahead only so far: a control character well past the break is not seen
    there, while the pure reader rejects it before parsing anything."""
    lines = big_config().split("\n")
    at = len(lines) - 8
    padding = "".join(f"# padding line {i}\n" for i in range(5000))
    text = "\n".join([*lines[:at], "      gpt", *lines[at:]]) + padding + "# bell \x07\n"
    error = libyaml_error(text)
    assert "could not find expected ':'" in str(error)  # libyaml did not see the bell
    assert reread_error(text, LineIndex(text).starts, error, read=build._read) is None
    [issue] = parse_document(text).syntax_errors
    assert "U+0007" in issue.message


def test_json_on_one_line_sends_the_whole_text() -> None:
    models = ", ".join(f'"m{m}": {{}}' for m in range(400))
    text = '{"providers": {\n  "p": {\n    "models": {' + models + ",,}}}}\n"
    error = libyaml_error(text)
    assert reread_error(text, LineIndex(text).starts, error, read=build._read) is None


TOKENS = ["gpt", "  ", "\n", "\n      x", ": ", ":", "#", "'", '"', "[", "{", "}", "]", "- ", "? "]
TOKENS += ["&a ", "*a", "|\n", ">\n", "\t", "!x ", ",", "      gpt\n", "    bad\n", "\r", "%"]


def test_mutated_big_configs_read_the_same_with_and_without_the_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = big_config(providers=3, models=80)
    rng = random.Random(20261201)
    cut_used = 0
    original = reread_error

    def counting(*args: object, **kwargs: object) -> Exception | None:
        nonlocal cut_used
        error = original(*args, **kwargs)  # type: ignore[arg-type]
        cut_used += error is not None
        return error

    for _ in range(60):
        text = base
        for _ in range(rng.randint(1, 3)):
            i = rng.randint(MIN_CUT_INDEX, len(text))
            if rng.random() < 0.7:
                text = text[:i] + rng.choice(TOKENS) + text[i:]
            else:
                text = text[:i] + text[i + rng.randint(1, 8) :]
        expected = whole_read_issue(text, monkeypatch)
        with monkeypatch.context() as patch:
            patch.setattr(build, "reread_error", counting)
            assert _outcome(text) == expected, text
    assert cut_used >= 10  # the comparison is about the cut, not only about the fallback
