"""The file ModelForge's runtime reads is the one ``runtime_view`` says, and our writers keep it.

``config show`` and ``doctor`` tell a user which one file ModelForge 2.x will read from here and
which it ignores (``config.files.describe_runtime``); ``config migrate`` keeps a ``config.json``
the runtime needs and turns the legacy ``models.json`` into one; ``config add`` makes a new file
JSON where the runtime reads only JSON. Each of those claims is checked here against the real
runtime (model-forge-llm 2.3.0 in its own environment, a fresh process per build, HOME a temp
dir): every config names its model after the file it is in, so the model the runtime builds
says which file it read.

Our CLI runs as a subprocess in the same layout; "runtime installed" is the real runtime's own
dist-info on its ``PYTHONPATH`` -- what ``importlib.metadata`` (all our code asks) sees of an
installed model-forge-llm, without its code or its ``modelforge`` script.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from modelforge_lsp.config.files import describe_runtime
from tests.runtime.conftest import RUNTIME_HOME, Build

KEY = {"MODELFORGE_OPENAI_API_KEY": "sk-test-not-a-real-key"}
PROJECT = "project/.model-forge/config.json"
PROJECT_YAML = "project/.model-forge/config.yaml"
PARENT = ".model-forge/config.json"  # the project's parent directory is the test's root
USER = "home/.config/model-forge/config.json"
USER_YAML = "home/.config/model-forge/config.yaml"
LEGACY = "home/.config/model-forge/models.json"
XDG = "xdg/model-forge/config.json"


def config(alias: str) -> str:
    """A config whose current model is ``alias`` (sent as the model id: no api_model_name)."""
    block = {"llm_type": "openai_compatible", "auth_strategy": "api_key", "models": {alias: {}}}
    data = {"providers": {"openai": block}, "current_model": {"provider": "openai", "model": alias}}
    return json.dumps(data, indent=4)


def yaml_config(alias: str) -> str:
    return (
        "providers:\n  openai:\n    llm_type: openai_compatible\n    auth_strategy: api_key\n"
        f"    models:\n      {alias}: {{}}\ncurrent_model: {{provider: openai, model: {alias}}}\n"
    )


@dataclass(frozen=True)
class Layout:
    files: dict[str, str]
    read: str | None
    """The file the runtime reads (``None``: none, so it has no current model)."""
    xdg: bool = False
    """``$XDG_CONFIG_HOME`` set to ``<root>/xdg`` (where our tools look for the user config)."""


LAYOUTS = [
    pytest.param(
        Layout({PROJECT: config("from-project"), USER: config("from-user")}, PROJECT),
        id="the-project-file-shadows-the-user-file",
    ),
    pytest.param(Layout({USER: config("from-user")}, USER), id="the-user-file-without-a-project"),
    pytest.param(
        Layout({PROJECT_YAML: yaml_config("from-yaml"), USER: config("from-user")}, USER),
        id="a-project-yaml-is-ignored",
    ),
    pytest.param(Layout({USER_YAML: yaml_config("from-yaml")}, None), id="a-user-yaml-is-ignored"),
    pytest.param(
        Layout({PARENT: config("from-parent"), USER: config("from-user")}, USER),
        id="a-parent-directorys-project-file-is-ignored",
    ),
    pytest.param(
        Layout({XDG: config("from-xdg"), USER: config("from-user")}, USER, xdg=True),
        id="xdg-config-home-is-ignored",
    ),
    pytest.param(Layout({LEGACY: config("from-legacy")}, None), id="the-legacy-name-is-ignored"),
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_file_we_say_is_read_is_the_one_the_runtime_reads(
    build: Build, tmp_path: Path, layout: Layout
) -> None:
    env = KEY | ({"XDG_CONFIG_HOME": str(tmp_path / "xdg")} if layout.xdg else {})
    built = build(None, "", "", env=env, files=layout.files)
    if layout.read is None:
        assert built.get("error") == "ConfigurationError", built  # "No model selected"
    else:
        alias = json.loads(layout.files[layout.read])["current_model"]["model"]
        assert built.get("model") == alias, built
    view = describe_runtime(tmp_path / "project", tmp_path / "home", env, "2.3.0")
    assert view.reads == (None if layout.read is None else tmp_path / layout.read)
    assert {f.path for f in view.ignored} == {
        tmp_path / name for name in layout.files if name != layout.read
    }


@pytest.mark.parametrize("key", ["openai", "my-gateway"])
def test_the_variable_we_name_is_the_one_the_runtime_reads(
    build: Build, tmp_path: Path, key: str
) -> None:
    block = {
        "llm_type": "openai_compatible",
        "auth_strategy": "api_key",
        "base_url": "https://llm.example.com/v1",
        "models": {"house": {}},
    }
    current = {"provider": key, "model": "house"}
    refused = build({"providers": {key: block}, "current_model": current}, "", "")
    assert refused.get("error") == "EOFError", refused  # no key anywhere: it prompts (no tty)
    [provider] = describe_runtime(tmp_path / "project", tmp_path / "home", {}, None).providers
    assert not provider.ready and provider.variable is not None
    assert build(None, "", "", env={provider.variable: "k-env"})["api_key"] == "k-env"

    stored = block | {"auth_data": {"api_key": "k-stored"}}
    assert build({"providers": {key: stored}, "current_model": current}, "", "")["api_key"] == (
        "k-stored"
    )
    [provider] = describe_runtime(tmp_path / "project", tmp_path / "home", {}, None).providers
    assert provider.stored and provider.ready and not provider.variable_set


# -- our commands in a 2.x setup -------------------------------------------------------------


@pytest.fixture
def runtime_site(runtime_python: Path, tmp_path: Path) -> Path:
    """A directory holding only the real runtime's dist-info (see the module docstring)."""
    [dist_info] = RUNTIME_HOME.glob("lib/python*/site-packages/model_forge_llm-*.dist-info")
    site = tmp_path / "site"
    shutil.copytree(dist_info, site / dist_info.name)
    return site


def ours(root: Path, *args: str, site: Path | None) -> subprocess.CompletedProcess[str]:
    """Our ``modelforge`` CLI in ``root/project`` with HOME ``root/home`` (runtime installed
    when ``site`` is given)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    environ |= {
        "HOME": str(root / "home"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "MODELFORGE_CACHE_DIR": str(root / "cache"),
        "PYTHONPATH": "" if site is None else str(site),
    }
    return subprocess.run(
        [sys.executable, "-m", "modelforge_lsp.cli", "--offline", *args],
        cwd=root / "project",
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("where", "installed"),
    [
        pytest.param(PROJECT, True, id="project-json-runtime-installed"),
        pytest.param(USER, False, id="user-json-runtime-elsewhere"),
    ],
)
def test_after_config_migrate_the_runtime_still_builds_the_model(
    build: Build, tmp_path: Path, runtime_site: Path, where: str, installed: bool
) -> None:
    files = {where: config("kept")}
    assert build(None, "", "", env=KEY, files=files)["model"] == "kept"
    done = ours(tmp_path, "config", "migrate", site=runtime_site if installed else None)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Kept ")
    assert build(None, "", "", env=KEY)["model"] == "kept"  # files as migrate left them

    replaced = ours(tmp_path, "config", "migrate", "--replace-json", site=None)
    assert replaced.returncode == 0, replaced.stderr
    assert "warning: --replace-json" in replaced.stderr  # and this is why it asks first:
    assert build(None, "", "", env=KEY).get("error") == "ConfigurationError"


def test_the_legacy_models_json_becomes_the_config_json_the_runtime_reads(
    build: Build, tmp_path: Path, runtime_python: Path
) -> None:
    files = {LEGACY: config("from-legacy")}
    assert build(None, "", "", env=KEY, files=files).get("error") == "ConfigurationError"
    done = ours(tmp_path, "config", "migrate", site=None)
    assert done.returncode == 0, done.stderr
    assert build(None, "", "", env=KEY)["model"] == "from-legacy"
    assert (tmp_path / LEGACY).with_name("models.json.bak").is_file()

    theirs = tmp_path / "theirs"  # the runtime's own `config migrate` on the same file
    (theirs / LEGACY).parent.mkdir(parents=True)
    (theirs / LEGACY).write_text(config("from-legacy"))
    migrated = subprocess.run(
        [str(runtime_python), "-c", "from modelforge import config; config.migrate_old_config()"],
        env={**os.environ, "HOME": str(theirs / "home")},
        cwd=theirs,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert json.loads((tmp_path / USER).read_text()) == json.loads((theirs / USER).read_text())


def test_a_new_config_is_json_where_the_runtime_is_installed(
    build: Build, tmp_path: Path, runtime_site: Path
) -> None:
    (tmp_path / "project").mkdir()
    args = ("config", "add", "--local", "-p", "openai", "-m", "gpt-4o-mini", "--set-current")
    done = ours(tmp_path, *args, site=runtime_site)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "project" / ".model-forge").iterdir()) == [
        "config.json"
    ]
    assert build(None, "", "", env=KEY)["model"] == "gpt-4o-mini"
