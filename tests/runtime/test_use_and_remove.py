"""``config use`` and ``config remove`` as the real runtime sees them (issue 9, item 5).

Our CLI changes a ``config.json``; then a fresh model-forge-llm process reads it: after ``use``,
``get_llm()`` with no arguments (the runtime's ``current_model``) must build the chosen model;
after ``remove``, the runtime must no longer find the model -- asked by name, or through a
``current_model`` we cleared. Each test first builds the config as it was, so a command that
wrote nothing, or wrote the wrong key, fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.runtime.conftest import Build

KEYS = {"MODELFORGE_OPENAI_API_KEY": "k-openai", "MODELFORGE_MY_GATEWAY_API_KEY": "k-gateway"}
CONFIG: dict[str, Any] = {
    "providers": {
        "openai": {
            "llm_type": "openai_compatible",
            "auth_strategy": "api_key",
            "models": {"gpt-4o-mini": {}, "smart": {"api_model_name": "gpt-4.1"}},
        },
        "my-gateway": {
            "llm_type": "openai_compatible",
            "base_url": "https://llm.example.com/v1",
            "auth_strategy": "api_key",
            "models": {"house": {"api_model_name": "llama-3-70b"}},
        },
    },
    "current_model": {"provider": "openai", "model": "gpt-4o-mini"},
}


def ours(*args: str, cwd: Path) -> None:
    """Our ``modelforge`` on the config in ``cwd`` (a subprocess, as a user runs it)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    environ |= {"HOME": str(cwd), "XDG_CONFIG_HOME": str(cwd / "xdg"), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "modelforge_lsp.cli", "config", *args, "--file", "config.json"],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def written(tmp_path: Path) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(CONFIG, indent=2) + "\n")
    return path


def test_after_use_the_runtime_builds_the_chosen_model(build: Build, tmp_path: Path) -> None:
    config = written(tmp_path)
    assert build(config.read_text(), "", "", env=KEYS)["model"] == "gpt-4o-mini"
    ours("use", "gpt-4.1", cwd=tmp_path)  # by model id: the alias is 'smart'
    by_id = build(config.read_text(), "", "", env=KEYS)
    assert (by_id["class"], by_id["model"], by_id["api_key"]) == (
        "ChatOpenAI",
        "gpt-4.1",
        "k-openai",
    )
    # `my_gateway` as typed finds the key `my-gateway`, and the key is written as the file has it:
    # the runtime matches current_model.provider exactly, so `my_gateway` would not build
    ours("use", "--provider", "my_gateway", "--model", "house", cwd=tmp_path)
    assert json.loads(config.read_text())["current_model"]["provider"] == "my-gateway"
    gateway = build(config.read_text(), "", "", env=KEYS)
    assert (gateway["model"], gateway["base_url"], gateway["api_key"]) == (
        "llama-3-70b",
        "https://llm.example.com/v1",
        "k-gateway",
    )


def test_after_remove_the_runtime_no_longer_finds_the_model(build: Build, tmp_path: Path) -> None:
    config = written(tmp_path)
    assert build(config.read_text(), "openai", "gpt-4o-mini", env=KEYS)["model"] == "gpt-4o-mini"
    ours("remove", "openai/gpt-4o-mini", cwd=tmp_path)
    data = json.loads(config.read_text())
    assert "current_model" not in data and list(data["providers"]["openai"]["models"]) == ["smart"]
    by_name = build(config.read_text(), "openai", "gpt-4o-mini", env=KEYS)
    assert by_name.get("error") == "ModelNotFoundError", by_name
    current = build(config.read_text(), "", "", env=KEYS)
    assert current.get("error") == "ConfigurationError", current
    assert "No model selected" in current["message"]
    # the last model of a provider takes the block: the runtime no longer knows the provider
    assert build(config.read_text(), "openai", "smart", env=KEYS)["model"] == "gpt-4.1"
    ours("remove", "openai/smart", cwd=tmp_path)
    assert list(json.loads(config.read_text())["providers"]) == ["my-gateway"]
    gone = build(config.read_text(), "openai", "smart", env=KEYS)
    assert gone.get("error") == "ProviderNotAvailableError", gone
