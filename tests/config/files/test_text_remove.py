"""``EditableText.remove``: one entry out of a config's text, every other line as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.config.files.text_edit import EditableText, KeyPath
from modelforge_lsp.errors import ConfigEditError

COMMENTED = (Path(__file__).parents[2] / "data" / "edit" / "commented.yaml").read_text()


def removed_lines(before: str, after: str) -> list[str]:
    """The lines of ``before`` missing from ``after``, when ``after`` only lost lines."""
    kept = iter(after.splitlines())
    gone, pending = [], next(kept, None)
    for line in before.splitlines():
        if line == pending:
            pending = next(kept, None)
        else:
            gone.append(line)
    assert pending is None, f"a line was changed, not removed: {pending!r}"
    return gone


@pytest.mark.parametrize(
    ("path", "gone"),
    [
        pytest.param(
            ("providers", "openai", "models", "gpt-4o-mini"),
            [
                "      # the cheap one, for most calls",
                "      gpt-4o-mini:",
                "        api_model_name: 'gpt-4o-mini'   # pinned",
            ],
            id="block-entry-with-its-comment-above",
        ),
        pytest.param(
            ("providers", "openai", "models", "legacy"),
            ['      legacy: {api_model_name: "gpt-3.5-turbo"}'],
            id="block-entry-keeps-the-parents-trailing-comment",
        ),
        pytest.param(
            ("providers", "ollama", "models", "qwen2.5-coder:7b"),
            ['      "qwen2.5-coder:7b": ~'],
            id="quoted-key",
        ),
        pytest.param(
            ("providers", "ollama"),
            [
                "  # Local models: nothing leaves the machine.",
                "  ollama:",
                "    llm_type: ollama",
                "    base_url: http://localhost:11434",
                "    auth_strategy: none",
                "    models:",
                "      llama3.1:8b: null",
                '      "qwen2.5-coder:7b": ~',
                "",
            ],
            id="block-provider-and-one-of-two-blank-lines",
        ),
        pytest.param(
            ("current_model",),
            [
                "# Which model ModelForge uses unless told otherwise.",
                "current_model: {provider: openai, model: gpt-4o-mini}",
                "",
            ],
            id="top-level-entry-with-flow-value",
        ),
    ],
)
def test_block_removal_takes_only_the_entrys_lines(path: KeyPath, gone: list[str]) -> None:
    after = EditableText.of(COMMENTED, None).remove(path)
    assert removed_lines(COMMENTED, after) == gone


def test_a_provider_takes_its_inner_comments_but_not_the_next_ones() -> None:
    after = EditableText.of(COMMENTED, None).remove(("providers", "openai"))
    gone = removed_lines(COMMENTED, after)
    assert gone[0] == "  openai:    # the default" and gone[-2:] == ["    # end of openai", ""]
    assert "  # Local models: nothing leaves the machine.\n  ollama:\n" in after
    assert after.startswith("# ModelForge config for the team.\n")


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        pytest.param(
            "models: {a: {}, b: {api_model_name: x}}\n",
            ("models", "a"),
            "models: {b: {api_model_name: x}}\n",
            id="flow-first",
        ),
        pytest.param(
            "models: {a: {}, b: {api_model_name: x}, c: 1}\n",
            ("models", "b"),
            "models: {a: {}, c: 1}\n",
            id="flow-middle",
        ),
        pytest.param(
            "models: {a: {}, b: {api_model_name: x}}\n",
            ("models", "b"),
            "models: {a: {}}\n",
            id="flow-last",
        ),
        pytest.param(
            "models: { a: {} }  # only one\n",
            ("models", "a"),
            "models: {}  # only one\n",
            id="flow-only-entry-leaves-braces",
        ),
        pytest.param(
            "p: {openai: {llm_type: x, models: {m: {}}}}\n",
            ("p", "openai", "models", "m"),
            "p: {openai: {llm_type: x, models: {}}}\n",
            id="flow-nested",
        ),
        pytest.param(
            "models: {\n  a: {},  # about a\n  b: {},\n  c: 1\n}\n",
            ("models", "a"),
            "models: {\n  b: {},\n  c: 1\n}\n",
            id="flow-multiline-line-and-its-comment",
        ),
        pytest.param(
            "models: {\n  a: {},\n  b: {}, # about b\n  c: 1\n}\n",
            ("models", "c"),
            "models: {\n  a: {},\n  b: {} # about b\n}\n",
            id="flow-multiline-last-keeps-the-comment-before",
        ),
        pytest.param(
            "models:\n  a: {}\nother: 1\n",
            ("models", "a"),
            "models: {}\nother: 1\n",
            id="block-only-entry-leaves-braces",
        ),
        pytest.param(
            "providers:   # ours\n  x:\n    models:\n      a: {}\n",
            ("providers", "x"),
            "providers: {}   # ours\n",
            id="block-only-entry-keeps-the-key-comment",
        ),
        pytest.param(
            "a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\n",
            ("b", "c"),
            "a: 1\r\nb:\r\n  d: 3\r\n",
            id="crlf",
        ),
        pytest.param("a: 1\nb: 2", ("b",), "a: 1", id="no-final-line-break-kept"),
        pytest.param(
            "a: 1\n\nb: 2\n\nc: 3\n", ("b",), "a: 1\n\nc: 3\n", id="one-blank-line-between-kept"
        ),
        pytest.param(
            "m:\n  a: 1\n\n  # spare\n  # b: 2\nn: 1\n",
            ("m", "a"),
            "m: {}\n  # spare\n  # b: 2\nn: 1\n",
            id="comments-at-the-key-column-after-a-blank-stay",
        ),
        pytest.param(
            "m:\n  a:\n    x: 1\n\n    # old: 2\n  b: 1\n",
            ("m", "a"),
            "m:\n  b: 1\n",
            id="deeper-comments-after-a-blank-belong-to-the-entry",
        ),
        pytest.param("# only\nkey: 1\n", ("key",), "", id="last-top-level-key-takes-its-comment"),
    ],
)
def test_yaml_removal(text: str, path: KeyPath, expected: str) -> None:
    assert EditableText.of(text, False).remove(path) == expected


def test_json_is_redumped_with_its_indentation() -> None:
    text = '{\n    "providers": {\n        "a": {"models": {"m": {}, "n": {}}}\n    }\n}\n'
    after = EditableText.of(text, True).remove(("providers", "a", "models", "m"))
    assert after.startswith('{\n    "providers": {\n        "a": {\n')
    assert json.loads(after) == {"providers": {"a": {"models": {"n": {}}}}}


@pytest.mark.parametrize(
    ("text", "path"),
    [
        pytest.param("base: &b {x: 1}\nuse: *b\n", ("base",), id="anchor-used-elsewhere"),
        pytest.param("a: 1\na: 2\n", ("a",), id="duplicate-key-would-surface"),
    ],
)
def test_a_removal_that_would_change_more_is_refused(text: str, path: KeyPath) -> None:
    with pytest.raises(ConfigEditError, match="by hand"):
        EditableText.of(text, False).remove(path)
