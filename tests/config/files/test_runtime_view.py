"""``describe_runtime``: the one file ModelForge 2.x reads from a directory, what it ignores,
and per provider the credential variable it reads. ``tests/runtime/test_runtime_file.py``
proves the same layouts against the real runtime."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelforge_lsp.config.files import describe_runtime, keep_json_reason
from modelforge_lsp.config.files.runtime_view import RuntimeView

PROJECT_JSON = "repo/proj/.model-forge/config.json"
USER_JSON = "home/.config/model-forge/config.json"


def layout(tmp_path: Path, files: dict[str, str]) -> tuple[Path, Path]:
    """``files`` (paths under ``tmp_path``) written; the project dir and home returned."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    cwd, home = tmp_path / "repo" / "proj", tmp_path / "home"
    cwd.mkdir(parents=True, exist_ok=True)
    home.mkdir(exist_ok=True)
    return cwd, home


def view_of(
    tmp_path: Path, files: dict[str, str], env: dict[str, str] | None = None
) -> RuntimeView:
    cwd, home = layout(tmp_path, files)
    environ = {k: v.replace("{tmp}", str(tmp_path)) for k, v in (env or {}).items()}
    return describe_runtime(cwd, home, environ, None)


@pytest.mark.parametrize(
    ("files", "env", "reads", "scope", "ignored"),
    [
        pytest.param([], {}, None, None, {}, id="nothing"),
        pytest.param([PROJECT_JSON], {}, PROJECT_JSON, "project", {}, id="project"),
        pytest.param([USER_JSON], {}, USER_JSON, "user", {}, id="user"),
        pytest.param(
            [PROJECT_JSON, USER_JSON], {}, PROJECT_JSON, "project",
            {USER_JSON: "shadowed"}, id="project-shadows-user",
        ),
        pytest.param(
            ["repo/proj/.model-forge/config.yaml", USER_JSON], {}, USER_JSON, "user",
            {"repo/proj/.model-forge/config.yaml": "YAML"}, id="project-yaml-ignored",
        ),
        pytest.param(
            ["repo/proj/.model-forge/config.yml"], {}, None, None,
            {"repo/proj/.model-forge/config.yml": "YAML"}, id="yml-alone-reads-nothing",
        ),
        pytest.param(
            ["repo/.model-forge/config.json", USER_JSON], {}, USER_JSON, "user",
            {"repo/.model-forge/config.json": "parent directory"}, id="parent-json-ignored",
        ),
        pytest.param(
            ["home/.config/model-forge/config.yaml"], {}, None, None,
            {"home/.config/model-forge/config.yaml": "YAML"}, id="user-yaml-ignored",
        ),
        pytest.param(
            ["xdg/model-forge/config.json", USER_JSON], {"XDG_CONFIG_HOME": "{tmp}/xdg"},
            USER_JSON, "user", {"xdg/model-forge/config.json": "XDG_CONFIG_HOME"},
            id="xdg-ignored",
        ),
        pytest.param(
            [USER_JSON], {"XDG_CONFIG_HOME": "{tmp}/home/.config"}, USER_JSON, "user", {},
            id="xdg-is-the-runtimes-dir",
        ),
        pytest.param(
            ["home/.config/model-forge/models.json"], {}, None, None,
            {"home/.config/model-forge/models.json": "config migrate"}, id="legacy",
        ),
        pytest.param(
            ["home/.config/model-forge/models.json", USER_JSON], {}, USER_JSON, "user",
            {"home/.config/model-forge/models.json": "merge by hand"}, id="legacy-and-json",
        ),
    ],
)  # fmt: skip
def test_the_file_read_and_the_files_ignored(
    tmp_path: Path,
    files: list[str],
    env: dict[str, str],
    reads: str | None,
    scope: str | None,
    ignored: dict[str, str],
) -> None:
    view = view_of(tmp_path, dict.fromkeys(files, "{}"), env)
    assert view.reads == (None if reads is None else tmp_path / reads)
    assert view.scope == scope and view.problem is None
    found = {str(f.path.relative_to(tmp_path)): f.reason for f in view.ignored}
    assert found.keys() == ignored.keys()
    for name, reason in found.items():
        assert ignored[name] in reason
    assert view.json_runtime == (reads is not None)


def _provider(block: object, key: str = "openai") -> str:
    return json.dumps({"providers": {key: block}})


OPENAI = {"llm_type": "openai_compatible", "auth_strategy": "api_key", "models": {"m": {}}}
DETAILS = {"client_id": "c", "device_code_url": "https://d", "token_url": "https://t", "scope": "s"}


@pytest.mark.parametrize(
    ("text", "env", "variable", "is_set", "stored", "ready", "note"),
    [
        pytest.param(
            _provider(OPENAI), {"MODELFORGE_OPENAI_API_KEY": "sk-1"},
            "MODELFORGE_OPENAI_API_KEY", True, False, True, "(set)", id="variable-set",
        ),
        pytest.param(
            _provider(OPENAI), {"MODELFORGE_OPENAI_API_KEY": ""},
            "MODELFORGE_OPENAI_API_KEY", False, False, False, "will prompt",
            id="empty-is-unset",
        ),
        pytest.param(
            _provider(OPENAI), {"OPENAI_API_KEY": "sk-1"},
            "MODELFORGE_OPENAI_API_KEY", False, False, False, "(unset)",
            id="the-sdk-variable-is-not-read",
        ),
        pytest.param(
            _provider(OPENAI | {"auth_data": {"api_key": "sk-stored"}}), {},
            "MODELFORGE_OPENAI_API_KEY", False, True, True, "auth_data stored in the file is used",
            id="stored-key",
        ),
        pytest.param(
            _provider(OPENAI | {"auth_data": {"token": "x"}}), {},
            "MODELFORGE_OPENAI_API_KEY", False, False, False, "will prompt",
            id="auth-data-without-api-key",
        ),
        pytest.param(
            _provider(OPENAI, key="my-gateway"), {"MODELFORGE_MY_GATEWAY_API_KEY": "k-secret-7"},
            "MODELFORGE_MY_GATEWAY_API_KEY", True, False, True, "looks up 'my_gateway'",
            id="dashed-key",
        ),
        pytest.param(
            _provider(
                {"llm_type": "github_copilot", "auth_strategy": "device_flow",
                 "auth_details": DETAILS, "auth_data": {"access_token": "t"}},
                key="github_copilot",
            ),
            {}, "MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN", False, True, True, "auth_data",
            id="device-flow-stored-token",
        ),
        pytest.param(
            _provider(
                {"llm_type": "github_copilot", "auth_strategy": "device_flow",
                 "auth_details": {"client_id": "x"}},
                key="github_copilot",
            ),
            {"MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN": "t-secret"}, None, False, False, False,
            "complete auth_details", id="device-flow-without-its-details",
        ),
        pytest.param(
            _provider({"llm_type": "ollama", "base_url": ""}, "ollama"),
            {"OLLAMA_HOST": "http://h:1"}, None, False, False, False, "base_url is empty",
            id="ollama-empty-base-url-ignores-ollama-host",
        ),
        pytest.param(
            _provider({"llm_type": "openai_compatible", "models": {}}),
            {"MODELFORGE_OPENAI_API_KEY": "k-secret-8"}, None, False, False, False,
            "no auth_strategy", id="no-auth-strategy",
        ),
        pytest.param(
            _provider({"llm_type": "openai_compatible", "auth_strategy": "API_KEY"}), {},
            None, False, False, False, "unknown to the runtime", id="unknown-strategy",
        ),
        pytest.param(
            _provider({"llm_type": "ollama", "base_url": "http://localhost:11434"}, "ollama"),
            {}, None, False, False, True, "base_url", id="ollama-base-url",
        ),
        pytest.param(
            _provider({"llm_type": "ollama"}, "ollama"), {}, None, False, False, False,
            "OLLAMA_HOST (unset", id="ollama-without-endpoint",
        ),
        pytest.param(
            _provider({"llm_type": "ollama"}, "ollama"), {"OLLAMA_HOST": "http://h:1"}, None,
            False, False, True, "OLLAMA_HOST (set)", id="ollama-host",
        ),
        pytest.param(
            _provider({"llm_type": "openai-compatible", "auth_strategy": "api_key"}), {},
            None, False, False, False, "not one the runtime builds", id="unknown-llm-type",
        ),
        pytest.param(
            _provider("openai"), {}, None, False, False, False, "not a JSON object",
            id="block-not-an-object",
        ),
    ],
)  # fmt: skip
def test_credentials_per_provider(
    tmp_path: Path,
    text: str,
    env: dict[str, str],
    variable: str | None,
    is_set: bool,
    stored: bool,
    ready: bool,
    note: str,
) -> None:
    view = view_of(tmp_path, {PROJECT_JSON: text}, env)
    [provider] = view.providers
    assert (provider.variable, provider.variable_set) == (variable, is_set)
    assert (provider.stored, provider.ready) == (stored, ready)
    assert note in provider.note
    assert (f"{provider.key}: {provider.note}" in view.concerns) == (not ready)
    for value in env.values():  # a value never reaches the view
        assert not value or value not in repr(view)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(b'{"providers": {},}', "not valid JSON", id="invalid-json"),
        pytest.param(b"[]", "not a JSON object", id="top-level-array"),
        pytest.param(b"\xef\xbb\xbf{}", "not valid JSON", id="bom-like-json-load"),
        pytest.param(b'{"a": "\xe9"}', "not UTF-8", id="not-utf8"),
    ],
)
def test_a_file_the_runtime_cannot_read_is_a_problem(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    cwd, home = layout(tmp_path, {})
    (cwd / ".model-forge").mkdir()
    (cwd / ".model-forge" / "config.json").write_bytes(data)
    view = describe_runtime(cwd, home, {}, None)
    assert view.reads == cwd / ".model-forge" / "config.json" and view.providers == ()
    assert view.problem is not None and problem in view.problem
    assert view.concerns[0].endswith(view.problem)


def test_a_directory_where_the_file_should_be_is_read_and_fails(tmp_path: Path) -> None:
    cwd, home = layout(tmp_path, {USER_JSON: "{}"})
    (cwd / ".model-forge" / "config.json").mkdir(parents=True)
    view = describe_runtime(cwd, home, {}, None)
    assert view.scope == "project"  # the runtime tests exists(), not is_file()
    assert view.problem is not None and "a directory" in view.problem


@pytest.mark.parametrize(
    ("files", "version", "concern"),
    [
        pytest.param(["repo/proj/.model-forge/config.yaml"], None, "empty config", id="yaml-only"),
        pytest.param(
            ["repo/proj/.model-forge/config.yaml", PROJECT_JSON], None, "YAML config here",
            id="yaml-beside-json",
        ),
        pytest.param(["repo/proj/.model-forge/config.yaml"], "2.3.0", "empty config",
                     id="installed-yaml-only"),
        pytest.param([PROJECT_JSON], "2.3.0", None, id="fine"),
        pytest.param([], None, None, id="nothing-at-all"),
    ],
)  # fmt: skip
def test_concerns(
    tmp_path: Path, files: list[str], version: str | None, concern: str | None
) -> None:
    cwd, home = layout(tmp_path, dict.fromkeys(files, "{}"))
    view = describe_runtime(cwd, home, {}, version)
    assert len(view.concerns) == (concern is not None)
    assert concern is None or concern in view.concerns[0]
    assert view.json_runtime == (version is not None or PROJECT_JSON in files)


@pytest.mark.parametrize(
    ("source", "version", "reason"),
    [
        pytest.param(PROJECT_JSON, None, "when run in", id="a-project-json"),
        pytest.param("repo/.model-forge/config.json", None, "when run in", id="a-parent-json"),
        pytest.param(USER_JSON, None, "reads this file", id="the-user-json"),
        pytest.param("xdg/model-forge/config.json", None, None, id="xdg-json-not-read"),
        pytest.param("team/config.json", None, None, id="elsewhere-not-read"),
        pytest.param("team/config.json", "2.3.0", "2.3.0 is installed here", id="installed"),
        pytest.param("team/config.json", "3.0", None, id="a-yaml-reading-runtime"),
        pytest.param("repo/proj/.model-forge/config.yaml", "2.3.0", None, id="not-json"),
    ],
)
def test_keep_json_reason(
    tmp_path: Path, source: str, version: str | None, reason: str | None
) -> None:
    found = keep_json_reason(tmp_path / source, tmp_path / "home", version)
    assert (found is None) == (reason is None)
    assert reason is None or (found is not None and reason in found and "\n" not in found)
