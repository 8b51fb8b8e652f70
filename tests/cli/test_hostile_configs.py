"""Config files built to hurt, through the real ``modelforge config validate``: it says what is
wrong in a line, in bounded time and output, never a traceback or "internal error".

The held-out attacks of issue 10 on the CLI: a YAML alias bomb, flow nesting 100,000 brackets
deep and block nesting a thousand levels deep, 100,000 tiny keys, a 1 MB line, a JSON config
holding a 10 MB string, and bytes that are not UTF-8 (invalid bytes, an encoded UTF-16
surrogate, a UTF-16 file). And the ``.bak`` a write replaces is held to the rule the config
is: ``config migrate --force`` does not replace a read-only backup.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run, RunCli

LAUGHS = "\n".join(
    [
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)),
        "providers:",
        "  openai:",
        "    llm_type: openai_compatible",
        "    models: *l9",
        "",
    ]
)
BIG_STRING = {"providers": {"openai": {"llm_type": "openai_compatible", "base_url": "x" * 10**7}}}
TEXTS = [
    pytest.param("bomb.yaml", LAUGHS, "MF103 too many alias expansions", id="billion-laughs"),
    pytest.param(
        "deep.yaml",
        "[" * 100_000 + "]" * 100_000,
        "MF101 the config is nested too deeply",
        id="deep-flow",
    ),
    pytest.param(
        "block.yaml",
        "".join("  " * level + f"k{level}:\n" for level in range(1_000)),
        "MF101 the config is nested too deeply",
        id="deep-block",
    ),
    pytest.param(
        "keys.yaml",
        "".join(f"k{index}: 1\n" for index in range(100_000)),
        "MF101 the config has more than 150,000 keys",
        id="many-keys",
    ),
    pytest.param(
        "line.yaml",
        "current_model: {provider: " + "x" * 1_000_000 + ", model: m}\n",
        "MF401 current_model.provider 'xxx",
        id="one-megabyte-line",
    ),
    pytest.param(
        "config.json",
        json.dumps(BIG_STRING),
        "MF102 the file is too large",
        id="ten-megabyte-string",
    ),
]
BYTES = [
    pytest.param(
        b"providers:\n  openai:\n    llm_type: \xff\xfe openai\n", "byte 0xff", id="invalid"
    ),
    pytest.param(b"providers:\n  \xed\xa0\x80: {}\n", "byte 0xed", id="surrogate"),
    pytest.param('{"providers": {}}'.encode("utf-16"), "byte 0xff at offset 0", id="utf-16"),
]


def harmless(result: Run) -> None:
    everything = result.out + result.err
    assert "Traceback" not in everything and "internal error" not in everything, everything[:2000]
    assert len(everything) < 20_000, f"{len(everything):,} characters of output"


@pytest.mark.parametrize(("name", "text", "expected"), TEXTS)
def test_a_hostile_config_is_reported_in_a_line(
    run_cli: RunCli, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = run_cli("--offline", "config", "validate", str(path), timeout=120)
    harmless(result)
    assert result.code == 1, result.err
    findings = [line for line in result.out.splitlines() if line.startswith(f"{path}:")]
    assert any(expected in line for line in findings), findings[:5]
    assert all(len(line) < 1_200 for line in findings)


@pytest.mark.parametrize(("data", "expected"), BYTES)
def test_bytes_that_are_not_utf8_are_named(
    run_cli: RunCli, tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes(data)
    result = run_cli("--offline", "config", "validate", str(path))
    harmless(result)
    assert result.code == 2
    [line] = [line for line in result.err.splitlines() if not line.startswith("catalog: ")]
    assert line.startswith("error: ") and "is not UTF-8 text" in line and expected in line, line


def test_migrate_does_not_replace_a_read_only_backup(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    local = Path(".model-forge")
    local.mkdir()
    source = Path(__file__).parent.parent / "data" / "migrate" / "old_spellings.json"
    shutil.copyfile(source, local / "config.json")
    (local / "config.yaml").write_text("# mine\nproviders: {}\n")
    backup = local / "config.yaml.bak"
    backup.write_text("# the backup I keep\n")
    backup.chmod(0o444)
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    result = run_cli("--offline", "config", "migrate", "--force", "--replace-json", env=env)
    harmless(result)
    assert result.code == 1
    assert "refusing to write" in result.err and "config.yaml.bak" in result.err, result.err
    assert "read-only (mode 0444)" in result.err
    assert backup.read_text() == "# the backup I keep\n"
    assert (local / "config.yaml").read_text() == "# mine\nproviders: {}\n"
    assert (local / "config.json").read_bytes() == source.read_bytes()
