"""``config.files.edit``: comment-preserving edits (golden and table tests), JSON, atomic saves."""

from __future__ import annotations

import difflib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from modelforge_lsp.catalog import Catalog, load_snapshot
from modelforge_lsp.config.files import (
    ConfigEdit,
    ConfigEditError,
    add_model,
    new_errors,
    save_edit,
    set_current_model,
    write_config,
)
from modelforge_lsp.config.language import provider_template
from modelforge_lsp.config.syntax import parse_document

DATA = Path(__file__).parents[2] / "data"
COMMENTED = (DATA / "edit" / "commented.yaml").read_text()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(load_snapshot().catalog.providers)


def load(text: str) -> object:
    """Read YAML with a loader independent of ``config.syntax.parse``."""
    return YAML(typ="safe", pure=True).load(text)


def inserted_lines(before: str, after: str) -> list[tuple[int, list[str]]]:
    """(old line index, lines) for each insertion; fails on any change to an existing line."""
    old, new = before.splitlines(), after.splitlines()
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        assert tag in ("equal", "insert"), f"existing lines changed: {old[i1:i2]} -> {new[j1:j2]}"
        if tag == "insert":
            found.append((i1, new[j1:j2]))
    return found


# -- golden: a heavily commented file keeps every line ----------------------------------------


def test_golden_add_alias_to_commented_file() -> None:
    edit = add_model(COMMENTED, "openai", "gpt-4.1")
    assert edit.changed and edit.provider_key == "openai" and not edit.added_provider
    old = COMMENTED.splitlines()
    [(at, lines)] = inserted_lines(COMMENTED, edit.text)
    assert lines == ["      gpt-4.1: {}"]
    assert old[at - 1] == '      legacy: {api_model_name: "gpt-3.5-turbo"}'
    assert old[at] == "    # end of openai"


def test_golden_add_provider_to_commented_file(catalog: Catalog) -> None:
    anthropic = catalog.provider("anthropic")
    assert anthropic is not None
    template = provider_template(anthropic.id, catalog)
    edit = add_model(
        COMMENTED, "anthropic", "sonnet", template=template, api_model_name="claude-sonnet-4-5"
    )
    assert edit.added_provider
    [(at, lines)] = inserted_lines(COMMENTED, edit.text)
    fields = [f"    {key}: {value}" for key, value in template.fields()]
    assert lines == [
        "  anthropic:",
        *fields,
        "    models:",
        "      sonnet:",
        "        api_model_name: claude-sonnet-4-5",
    ]
    # after the last provider's last line; the comment above current_model stays above it
    old = COMMENTED.splitlines()
    assert old[at - 1] == '      "qwen2.5-coder:7b": ~'
    assert old[at : at + 3] == ["", "", "# Which model ModelForge uses unless told otherwise."]
    assert new_errors(COMMENTED, edit.text, catalog) == []


def test_golden_set_current_model_changes_only_its_values() -> None:
    edit = set_current_model(COMMENTED, "ollama", "llama3.1:8b")
    changed = [
        line for line in difflib.ndiff(COMMENTED.splitlines(), edit.text.splitlines())
        if line[:1] in "+-"
    ]  # fmt: skip
    assert changed == [
        "- current_model: {provider: openai, model: gpt-4o-mini}",
        "+ current_model: {provider: ollama, model: llama3.1:8b}",
    ]
    assert edit.summary == ("set current_model to ollama/llama3.1:8b",)


@pytest.mark.parametrize(
    ("golden", "provider", "alias", "set_current"),
    [
        pytest.param("commented.add-model.diff", "openai", "gpt-4.1", False, id="alias"),
        pytest.param("commented.add-provider.diff", "anthropic", "sonnet", True, id="provider"),
    ],
)
def test_golden_diffs(
    catalog: Catalog, golden: str, provider: str, alias: str, set_current: bool
) -> None:
    """The reviewable form: the whole diff of each edit, as stored beside the input."""
    info = catalog.provider(provider)
    assert info is not None
    model = "claude-sonnet-4-5" if provider == "anthropic" else None
    template = provider_template(info.id, catalog)
    edit = add_model(COMMENTED, provider, alias, template=template, api_model_name=model)
    if set_current:
        edit = edit.followed_by(set_current_model(edit.text, provider, alias))
    assert edit.diff("commented.yaml") == (DATA / "edit" / golden).read_text()


# -- table: where and how entries go --------------------------------------------------------------

OPENAI = provider_template("openai", None)


@pytest.mark.parametrize(
    ("before", "provider", "alias", "after"),
    [
        pytest.param(
            "",
            "openai", "gpt-4o",
            "providers:\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.openai.com/v1\n    auth_strategy: api_key\n"
            "    models:\n      gpt-4o: {}\n",
            id="empty-file",
        ),
        pytest.param(
            "# just a comment",
            "openai", "gpt-4o",
            "# just a comment\nproviders:\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.openai.com/v1\n    auth_strategy: api_key\n"
            "    models:\n      gpt-4o: {}\n",
            id="comment-only-no-final-newline",
        ),
        pytest.param(
            "providers:  # none yet\nsettings: {}\n",
            "openai", "gpt-4o",
            "providers:  # none yet\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.openai.com/v1\n    auth_strategy: api_key\n"
            "    models:\n      gpt-4o: {}\n"
            "settings: {}\n",
            id="providers-null",
        ),
        pytest.param(
            "providers: {}   # fill me\n",
            "openai", "gpt-4o",
            "providers:   # fill me\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.openai.com/v1\n    auth_strategy: api_key\n"
            "    models:\n      gpt-4o: {}\n",
            id="providers-empty-flow-becomes-block",
        ),
        pytest.param(
            "providers:\n    openai:\n        llm_type: openai_compatible\n"
            "        models: null  # c\n",
            "openai", "gpt-4o",
            "providers:\n    openai:\n        llm_type: openai_compatible\n        models:  # c\n"
            "            gpt-4o: {}\n",
            id="four-space-indent-models-null",
        ),
        pytest.param(
            "providers:\n  openai:\n",
            "openai", "gpt-4o",
            "providers:\n  openai:\n    llm_type: openai_compatible\n"
            "    base_url: https://api.openai.com/v1\n    auth_strategy: api_key\n"
            "    models:\n      gpt-4o: {}\n",
            id="provider-null-gets-template",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n",
            "openai", "gpt-4o",
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n"
            "      gpt-4o: {}\n",
            id="provider-without-models",
        ),
        pytest.param(
            "providers:\n  openai: {llm_type: openai_compatible, models: {gpt-4o: {}}}\n",
            "openai", "gpt-4.1",
            "providers:\n"
            "  openai: {llm_type: openai_compatible, models: {gpt-4o: {}, gpt-4.1: {}}}\n",
            id="flow-models",
        ),
        pytest.param(
            "{providers: {openai: {llm_type: openai_compatible, models: {}}}}\n",
            "openai", "gpt-4o",
            "{providers: {openai: {llm_type: openai_compatible, models: {gpt-4o: {}}}}}\n",
            id="flow-root-empty-models",
        ),
        pytest.param(
            "providers:\r\n  github_copilot:\r\n    llm_type: github_copilot\r\n    models:\r\n"
            "      gpt-4o: {}\r\n",
            "github-copilot", "gpt-5",
            "providers:\r\n  github_copilot:\r\n    llm_type: github_copilot\r\n    models:\r\n"
            "      gpt-4o: {}\r\n      gpt-5: {}\r\n",
            id="crlf-and-underscore-key",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      a: {}",
            "openai", "yes",
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      a: {}\n"
            '      "yes": {}\n',
            id="no-final-newline-and-alias-needing-quotes",
        ),
        pytest.param(
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n"
            "      notes: |\n        a block scalar\n\n        with a blank line\n# tail\n",
            "openai", "my model",
            "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n"
            "      notes: |\n        a block scalar\n\n        with a blank line\n"
            '      "my model": {}\n# tail\n',
            id="after-block-scalar",
        ),
    ],
)  # fmt: skip
def test_add_model_table(before: str, provider: str, alias: str, after: str) -> None:
    edit = add_model(before, provider, alias, template=OPENAI)
    assert edit.text == after
    assert edit.changed


def test_existing_alias_is_a_reported_no_op() -> None:
    edit = add_model(COMMENTED, "openai", "gpt-4o")
    assert not edit.changed and edit.text == COMMENTED
    assert edit.summary == ("'gpt-4o' is already under providers.openai.models",)


def test_provider_without_template_gets_the_runtime_tables_block() -> None:
    edit = add_model("providers:\n  openai: {}\n", "ollama", "llama3")
    assert load(edit.text) == {
        "providers": {
            "openai": {},
            "ollama": {
                "llm_type": "ollama",
                "base_url": "http://localhost:11434",
                "models": {"llama3": {}},
            },
        }
    }
    gateway = add_model("", "my-gateway", "house")
    assert load(gateway.text)["providers"]["my-gateway"] == {
        "llm_type": "openai_compatible",
        "auth_strategy": "api_key",
        "models": {"house": {}},
    }


@pytest.mark.parametrize(
    ("before", "message"),
    [
        pytest.param("providers: [\n", "does not parse", id="syntax-error"),
        pytest.param("providers: [openai]\n", "'providers' is a list", id="providers-list"),
        pytest.param("- a\n- b\n", "top level", id="root-list"),
        pytest.param(
            "providers:\n  openai:\n    models: gpt-4o\n",
            "'providers.openai.models' is a single value",
            id="models-scalar",
        ),
        pytest.param(
            "base: &m\n  gpt-4o: {}\nproviders:\n  openai:\n    models: *m\n",
            "add these lines by hand",
            id="shared-anchor",
        ),
    ],
)
def test_refusals(before: str, message: str) -> None:
    with pytest.raises(ConfigEditError, match=message):
        add_model(before, "openai", "gpt-4.1")


def test_set_current_model_fills_in_what_is_missing() -> None:
    base = "providers:\n  openai:\n    models:\n      a: {}\n"
    added = set_current_model(base, "openai", "a")
    assert added.text == base + "current_model:\n  provider: openai\n  model: a\n"
    partial = set_current_model(
        "current_model:\n  provider: 'openai'  # keep\n", "anthropic", "sonnet"
    )
    assert partial.text == "current_model:\n  provider: 'anthropic'  # keep\n  model: sonnet\n"
    same = set_current_model(added.text, "openai", "a")
    assert not same.changed and same.summary == ()


# -- JSON configs -----------------------------------------------------------------------------


def test_json_config_keeps_order_and_indentation() -> None:
    before = (DATA / "config" / "config.json").read_text()
    first = add_model(before, "openai", "gpt-4.1", as_json=True)
    edit = first.followed_by(set_current_model(first.text, "openai", "gpt-4.1"))
    expected = json.loads(before)
    expected["providers"]["openai"]["models"]["gpt-4.1"] = {}
    expected["current_model"]["model"] = "gpt-4.1"
    assert json.loads(edit.text) == expected
    assert edit.text == json.dumps(expected, indent=2) + "\n"
    assert list(json.loads(edit.text)) == list(json.loads(before))  # key order kept
    assert edit.summary == (
        "added model 'gpt-4.1' to provider 'openai'",
        "set current_model to openai/gpt-4.1",
    )


def test_json_detected_from_the_text_and_tab_indent_kept() -> None:
    before = '{\n\t"providers": {}\n}\n'
    edit = add_model(before, "openai", "gpt-4o", template=OPENAI)
    assert edit.text.startswith('{\n\t"providers": {\n\t\t"openai": {\n')


@pytest.mark.parametrize(
    "before",
    [
        pytest.param('{"providers": {},}', id="trailing-comma"),
        pytest.param('{"providers": {}, "providers": {}}', id="duplicate-key"),
    ],
)
def test_json_that_is_not_strict_is_refused(before: str) -> None:
    with pytest.raises(ConfigEditError, match="not strict JSON"):
        add_model(before, "openai", "gpt-4o", as_json=True)


# -- saving -----------------------------------------------------------------------------------


def test_write_config_creates_dirs_and_keeps_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "proj" / ".model-forge" / "config.yaml"
    first = write_config(target, "providers: {}\n")
    assert first.created and first.backup is None
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    second = write_config(target, "providers:\n  openai: {}\n")
    assert not second.created and second.backup == target.with_name("config.yaml.bak")
    assert second.backup.read_text() == "providers: {}\n"
    assert target.read_text() == "providers:\n  openai: {}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["config.yaml", "config.yaml.bak"]


def test_write_config_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.yaml"
    real.parent.mkdir()
    real.write_text("a: 1\n")
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    write_config(link, "a: 2\n")
    assert link.is_symlink() and real.read_text() == "a: 2\n"


def test_write_config_refuses_when_the_file_changed_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "config.yaml"
    target.write_text("a: 1\n")
    with pytest.raises(ConfigEditError, match="changed on disk"):
        write_config(target, "a: 3\n", expected="a: 0\n")
    assert target.read_text() == "a: 1\n" and not (tmp_path / "config.yaml.bak").exists()


def test_save_edit_refuses_a_change_that_adds_an_error(tmp_path: Path, catalog: Catalog) -> None:
    target = tmp_path / "config.yaml"
    target.write_text("providers: {}\n")
    broken = ConfigEdit("providers: {}\n", "providers:\n  openai:\n    llm_type: telepathy\n")
    with pytest.raises(ConfigEditError, match="refusing to write"):
        save_edit(target, broken, catalog)
    assert target.read_text() == "providers: {}\n"
    good = add_model("providers: {}\n", "openai", "gpt-4o", template=OPENAI)
    assert save_edit(target, good, catalog).backup is not None
    assert target.read_text() == good.text


# -- a crash at any instant leaves the old or the new file, whole ----------------------------

_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from modelforge_lsp.config.files import write

    target, marker, stage, new_file = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    old_size, new_text = target.stat().st_size, Path(new_file).read_text()
    written = 0
    real_write, real_replace = os.write, os.replace

    def stop_here():
        marker.touch()
        time.sleep(60)

    def slow_write(fd, data):
        global written
        count = real_write(fd, data)
        written += count
        if stage == "backup" and written > old_size // 2:
            stop_here()
        if stage == "write" and written > old_size + len(new_text) // 2:
            stop_here()
        time.sleep(0.02)
        return count

    def replace(src, dst):
        if stage == "rename" and Path(dst) == target:
            stop_here()
        real_replace(src, dst)
        if stage == "renamed" and Path(dst) == target:
            stop_here()

    os.write, os.replace = slow_write, replace
    write.write_config(target, new_text)
    """
)


def big_config(models: int, tag: str) -> str:
    lines = ["providers:", "  openai:", "    llm_type: openai_compatible", "    models:"]
    lines += [
        f"      {tag}-{i}:  # model {i}\n        api_model_name: gpt-4o" for i in range(models)
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize(
    ("stage", "survivor"),
    [
        pytest.param("backup", "old", id="killed-writing-the-backup"),
        pytest.param("write", "old", id="killed-mid-write"),
        pytest.param("rename", "old", id="killed-before-rename"),
        pytest.param("renamed", "new", id="killed-after-rename"),
    ],
)
def test_kill_mid_write_leaves_a_whole_file(tmp_path: Path, stage: str, survivor: str) -> None:
    target, marker, new_file = tmp_path / "config.yaml", tmp_path / "marker", tmp_path / "new"
    old, new = big_config(4_000, "old"), big_config(6_000, "new")
    target.write_text(old)
    new_file.write_text(new)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(target), str(marker), stage, str(new_file)]
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the writer ended before reaching the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    content = target.read_text()
    assert content == (old if survivor == "old" else new)
    assert parse_document(content).syntax_errors == ()
    backup = tmp_path / "config.yaml.bak"
    assert not backup.exists() or backup.read_text() == old
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1  # a killed writer may leave its temp file, never a torn target


# -- property: any valid config keeps every pre-existing line ---------------------------------

_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_PROVIDER_KEYS = ["openai", "anthropic", "github_copilot", "my-gateway", "groq"]
_aliases = st.from_regex(r"[a-z][a-z0-9.\-]{0,10}(:[0-9a-z]{1,3})?", fullmatch=True)


def _key(text: str, quoted: bool) -> str:
    return json.dumps(text) if quoted or text in _SPECIAL else text


@st.composite
def configs(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A valid config in a random mix of styles: 2/4-space indentation, block and flow maps,
    empty values written three ways, quoting, comments beside and between lines, blank lines."""
    step = draw(st.sampled_from([2, 4]))
    pad = " " * step
    lines: list[str] = []
    data: dict[str, object] = {}
    providers = draw(
        st.dictionaries(
            st.sampled_from(_PROVIDER_KEYS),
            st.dictionaries(_aliases, st.none() | _aliases, max_size=3),
            max_size=3,
        )
    )
    if providers or draw(st.booleans()):
        lines.append(
            "providers:"
            if providers
            else draw(st.sampled_from(["providers:", "providers: {}", "providers: null"]))
        )
        data["providers"] = {} if providers else None
    for key, models in providers.items():
        quote = draw(st.sampled_from(["plain", "'", '"']))
        llm = "openai_compatible" if quote == "plain" else f"{quote}openai_compatible{quote}"
        lines += [f"{pad}{key}:", f"{pad * 2}llm_type: {llm}"]
        values = {a: ({} if m is None else {"api_model_name": m}) for a, m in models.items()}
        provider: dict[str, object] = {"llm_type": "openai_compatible"}
        style = draw(st.sampled_from(["block", "flow", "empty"]))
        if not models and style == "empty":
            empty = draw(st.sampled_from(["", " {}", " null", " ~"]))
            lines.append(f"{pad * 2}models:{empty}")
            provider["models"] = {} if empty == " {}" else None
        elif style == "flow" or not models:
            inner = ", ".join(
                f"{_key(a, False)}: "
                + ("{}" if m is None else f"{{api_model_name: {_key(m, False)}}}")
                for a, m in models.items()
            )
            lines.append(f"{pad * 2}models: {{{inner}}}")
            provider["models"] = values
        else:
            lines.append(f"{pad * 2}models:")
            for alias, model in models.items():
                name = _key(alias, draw(st.booleans()))
                if model is None:
                    lines.append(f"{pad * 3}{name}: {draw(st.sampled_from(['{}', '{ }']))}")
                else:
                    lines += [f"{pad * 3}{name}:", f"{pad * 4}api_model_name: {_key(model, False)}"]
            provider["models"] = values
        data["providers"][key] = provider  # type: ignore[index]
    if draw(st.booleans()):
        lines.append("settings:")
        lines.append(f"{pad}show_telemetry: true")
        data["settings"] = {"show_telemetry": True}
    decorated: list[str] = []
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if draw(st.booleans()):
            decorated.append(draw(st.sampled_from(["", f"{' ' * indent}# note {number}", "# top"])))
        decorated.append(line + (f"  # beside {number}" if draw(st.booleans()) else ""))
    if draw(st.booleans()):
        decorated.append("# trailing comment")
    return "\n".join(decorated) + draw(st.sampled_from(["\n", ""])), data


def _expected(data: dict[str, object], provider: str, alias: str) -> dict[str, object]:
    expected = json.loads(json.dumps(data))
    providers = expected.get("providers") or {}
    expected["providers"] = providers
    wanted = provider.replace("_", "-")
    key = next((k for k in providers if k.replace("_", "-") == wanted), None)
    if key is None:
        providers[provider] = {
            "llm_type": OPENAI.llm_type,
            "base_url": OPENAI.base_url,
            "auth_strategy": OPENAI.auth_strategy,
            "models": {alias: {}},
        }
    else:
        models = providers[key].get("models") or {}
        providers[key]["models"] = models
        models.setdefault(alias, {})
    return expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    config=configs(),
    provider=st.sampled_from([*_PROVIDER_KEYS, "github-copilot", "xai"]),
    alias=_aliases,
)
def test_add_model_keeps_every_existing_line(
    config: tuple[str, dict[str, object]], provider: str, alias: str
) -> None:
    text, data = config
    edit = add_model(text, provider, alias, template=OPENAI)
    assert load(edit.text) == _expected(data, provider, alias)
    old, new = text.splitlines(), edit.text.splitlines()
    changed = []
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        assert tag != "delete", old[i1:i2]
        if tag == "replace":
            changed += list(zip(old[i1:i2], new[j1 : j1 + i2 - i1], strict=True))
    # only the line of an empty or flow mapping that received the entry may change, and it
    # keeps its key and its comment
    assert len(changed) <= 1, changed
    for before, after in changed:
        code, _, comment = before.partition("  #")
        assert code.rstrip().endswith(("{}", "null", "~", "}")), before
        assert after.startswith(code.split(":")[0]) and after.endswith(comment)
