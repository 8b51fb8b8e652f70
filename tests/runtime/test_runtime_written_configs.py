"""Configs written by the runtime's own CLI validate: no false positive, one finding per problem.

Most ModelForge users' files were written by the runtime itself (``modelforge config add``,
``modelforge auth login`` of model-forge-llm 2.3.0), not by us. Every line such a file holds that
the runtime accepts must pass ``config validate`` silently; every real problem -- a credential
stored in the file, the ``llm_type: openai-compatible`` the runtime writes for openrouter and
then refuses -- must give exactly one finding on its line; and the fix we offer must leave a file
the runtime still reads (a removed secret comes back from the ``MODELFORGE_*`` variable; a
``$VAR`` would be sent as those characters, so a fix must never write one).

So each flow below runs the runtime's CLI in a temporary project (HOME a temporary directory
too), our CLI validates the result, and the runtime builds the file before and after our fixes.
The Copilot sign-in is a real OAuth device flow: the runtime's own ``auth login`` talks to an
RFC 8628 server on 127.0.0.1 (device code, one ``authorization_pending``, then a token) and
writes ``auth_data`` itself. Nothing leaves the machine.

``config validate --format json`` reports findings but not their fixes, so the fixes applied
here are the ``Finding.fixes`` of ``config.checks.check`` -- the very function the command runs
-- after checking that it reports the same findings the command printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from modelforge_lsp.catalog import Catalog
from modelforge_lsp.catalog.snapshot import load_snapshot
from modelforge_lsp.config.checks import CheckSettings, Finding, Fix, check
from modelforge_lsp.config.syntax import parse_document
from tests.runtime.conftest import Build

OPENAI_KEY = "sk-" + "a1B2c3D4" * 6  # the shape the runtime's CLI insists on: sk- and 48 more
GOOGLE_KEY = "AIzaSy" + "Dq3x7LmN0pQr5sTu8vWx" + "Yz1a2B3c4D5e6"  # AIza and 35 more, as issued
CLIENT_ID = "01ab8ac9400c4e429b23"  # the runtime's default for github_copilot
DEVICE_CODE = "3584d83530557fdd1f46af8289938c8ef79f9dc5"
ACCESS_TOKEN = "ghu_" + "16C7e42F292c6912E7710c838347Ae178B4a"
REFRESH_TOKEN = (
    "ghr_" + "1B4a2e77838347a7E420ce178F2E7c6912E1692" + "46c34E1ccbF66C46812d16D5B1A9Dc86A1498"
)
PROVIDER_VARIABLES = ("MODELFORGE_", "OPENAI_", "OLLAMA_", "GOOGLE_", "GITHUB_")


# -- an OAuth device-flow server (RFC 8628) on 127.0.0.1 ------------------------------------------


@dataclass
class OAuthServer:
    """Answers a device-code request, then one ``authorization_pending``, then a token; keeps
    every request it got as ``(path, form)`` so a test can check what the runtime sent."""

    base_url: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    polls: int = 0

    @property
    def device_code_url(self) -> str:
        return f"{self.base_url}/login/device/code"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/login/oauth/access_token"

    def answer(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.requests.append((path, form))
        if path == "/login/device/code" and form.get("client_id") == CLIENT_ID:
            return 200, {
                "device_code": DEVICE_CODE,
                "user_code": "WDJB-MJHT",
                "verification_uri": f"{self.base_url}/login/device",
                "expires_in": 900,
                "interval": 1,
            }
        if path == "/login/oauth/access_token" and form == {
            "client_id": CLIENT_ID,
            "device_code": DEVICE_CODE,
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        }:
            self.polls += 1
            if self.polls == 1:
                return 400, {"error": "authorization_pending"}
            return 200, {
                "access_token": ACCESS_TOKEN,
                "token_type": "bearer",
                "scope": "read:user",
                "refresh_token": REFRESH_TOKEN,
                "expires_in": 28800,
            }
        return 400, {"error": "invalid_request"}


class _OAuthHandler(BaseHTTPRequestHandler):
    server: _OAuthHTTPServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        status, body = self.server.oauth.answer(self.path, form)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows what a failing test needs."""


class _OAuthHTTPServer(ThreadingHTTPServer):
    oauth: OAuthServer


@pytest.fixture(scope="module")
def oauth() -> Iterator[OAuthServer]:
    """A real HTTP server on 127.0.0.1 for the runtime's device flow (module-wide)."""
    server = _OAuthHTTPServer(("127.0.0.1", 0), _OAuthHandler)
    server.oauth = OAuthServer(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.oauth
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# -- the runtime's CLI and ours -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuntimeCli:
    """The runtime's ``modelforge`` script, run in ``project`` with HOME ``home``."""

    script: Path
    project: Path
    home: Path

    @property
    def config(self) -> Path:
        return self.project / ".model-forge" / "config.json"

    def __call__(self, *args: str) -> str:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(PROVIDER_VARIABLES)}
        # the device flow opens a browser: `true` is one that does nothing
        environ |= {"HOME": str(self.home), "BROWSER": "true", "NO_COLOR": "1"}
        done = subprocess.run(
            [str(self.script), *args],
            cwd=self.project,
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout


def _openai_with_key(cli: RuntimeCli, oauth: OAuthServer) -> None:
    cli("config", "add", "--provider", "openai", "--model", "gpt-4o-mini", "--local",
        "--api-key", OPENAI_KEY)  # fmt: skip


def _google_login(cli: RuntimeCli, oauth: OAuthServer) -> None:
    cli("config", "add", "--provider", "google", "--model", "gemini-2.5-flash", "--local")
    cli("auth", "login", "--provider", "google", "--api-key", GOOGLE_KEY)


def _openrouter(cli: RuntimeCli, oauth: OAuthServer) -> None:
    cli("config", "add", "--provider", "openrouter", "--model", "claude", "--local",
        "--api-model-name", "anthropic/claude-sonnet-4.5")  # fmt: skip


def _ollama(cli: RuntimeCli, oauth: OAuthServer) -> None:
    cli("config", "add", "--provider", "ollama", "--model", "llama3.2", "--local")


def _google(cli: RuntimeCli, oauth: OAuthServer) -> None:
    cli("config", "add", "--provider", "google", "--model", "gemini-2.5-flash", "--local")


def _copilot_device_login(cli: RuntimeCli, oauth: OAuthServer) -> None:
    """The runtime's defaults for github_copilot, its device flow pointed at our server (the
    file rewritten as the runtime writes it: ``json.dump(indent=4)``), then its own login."""
    cli("config", "add", "--provider", "github_copilot", "--model", "gpt-4.1", "--local")
    config = json.loads(cli.config.read_text())
    details = config["providers"]["github_copilot"]["auth_details"]
    assert details["device_code_url"] == "https://github.com/login/device/code"  # as we expect
    details |= {"device_code_url": oauth.device_code_url, "token_url": oauth.token_url}
    cli.config.write_text(json.dumps(config, indent=4))
    cli("auth", "login", "--provider", "github_copilot")


@dataclass(frozen=True, slots=True)
class Flow:
    """One way the runtime's CLI writes a file, and what must be true of that file."""

    write: Callable[[RuntimeCli, OAuthServer], None]
    provider: str
    """The key the runtime wrote, and what a user passes to ``get_llm``."""
    alias: str
    llm_class: str
    sent: str
    """The model id the built model sends."""
    variable: str | None
    """The runtime's credential variable for this provider (``None``: ollama needs none)."""
    problems: tuple[tuple[str, str], ...] = ()
    """The findings the file must give: ``(code, text found on that line only)``."""
    stored: str | None = None
    """The credential the runtime stored in the file (it uses it until our fix removes it)."""
    refused: str | None = None
    """The error the runtime raises for the file as it wrote it."""

    @property
    def dummy(self) -> dict[str, str]:
        """A dummy credential in ``variable`` (what the user sets once the secret is gone)."""
        return {self.variable: f"dummy-{self.provider}"} if self.variable else {}


FLOWS = {
    "openai-api-key": Flow(
        _openai_with_key,
        "openai",
        "gpt-4o-mini",
        "ChatOpenAI",
        "gpt-4o-mini",
        "MODELFORGE_OPENAI_API_KEY",
        problems=(("MF501", OPENAI_KEY),),
        stored=OPENAI_KEY,
    ),
    "google-auth-login": Flow(
        _google_login,
        "google",
        "gemini-2.5-flash",
        "ChatGoogleGenerativeAI",
        "models/gemini-2.5-flash",
        "MODELFORGE_GOOGLE_API_KEY",
        problems=(("MF501", GOOGLE_KEY),),
        stored=GOOGLE_KEY,
    ),
    "openrouter": Flow(
        _openrouter,
        "openrouter",
        "claude",
        "ChatOpenAI",
        "anthropic/claude-sonnet-4.5",
        "MODELFORGE_OPENROUTER_API_KEY",
        problems=(("MF203", '"openai-compatible"'),),
        refused="ProviderError",
    ),
    "ollama": Flow(_ollama, "ollama", "llama3.2", "ChatOllama", "llama3.2", None),
    "google": Flow(
        _google,
        "google",
        "gemini-2.5-flash",
        "ChatGoogleGenerativeAI",
        "models/gemini-2.5-flash",
        "MODELFORGE_GOOGLE_API_KEY",
    ),
    "github-copilot-device-login": Flow(
        _copilot_device_login,
        "github_copilot",
        "gpt-4.1",
        "ChatGitHubCopilot",
        "gpt-4.1",
        "MODELFORGE_GITHUB_COPILOT_ACCESS_TOKEN",
        problems=(("MF501", ACCESS_TOKEN), ("MF501", REFRESH_TOKEN)),
        stored=ACCESS_TOKEN,
    ),
}
ALL = [pytest.param(name, id=name) for name in FLOWS]
WITH_SECRETS = [pytest.param(name, id=name) for name, flow in FLOWS.items() if flow.stored]


class RuntimeFiles:
    """Each flow's file, written by the runtime's CLI the first time a test asks for it."""

    def __init__(self, runtime_python: Path, root: Path, oauth: OAuthServer) -> None:
        self._script = runtime_python.parent / "modelforge"
        self._root = root
        self._oauth = oauth
        self._texts: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self._texts:
            cli = RuntimeCli(
                self._script, self._root / name / "project", self._root / name / "home"
            )
            cli.project.mkdir(parents=True)
            cli.home.mkdir()
            FLOWS[name].write(cli, self._oauth)
            self._texts[name] = cli.config.read_text()
        return self._texts[name]


@pytest.fixture(scope="module")
def runtime_files(
    runtime_python: Path, oauth: OAuthServer, tmp_path_factory: pytest.TempPathFactory
) -> RuntimeFiles:
    return RuntimeFiles(runtime_python, tmp_path_factory.mktemp("runtime-cli"), oauth)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The bundled snapshot: what our CLI works from offline with an empty cache."""
    return Catalog(load_snapshot().catalog.providers)


@dataclass(frozen=True, slots=True)
class Validated:
    status: int
    findings: list[dict[str, Any]]
    """``config validate --format json``'s list."""

    @property
    def problems(self) -> list[tuple[str, int]]:
        return sorted((item["code"], item["line"]) for item in self.findings)


def _validate(text: str, folder: Path) -> Validated:
    """Our CLI as CI runs it: ``config validate --format json`` on ``text`` saved as the
    project config (offline, an empty cache, a HOME of its own)."""
    path = folder / "project" / ".model-forge" / "config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    (folder / "home").mkdir(exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODELFORGE_")}
    environ |= {"HOME": str(folder / "home"), "NO_COLOR": "1"}
    command = ["--offline", "--cache-dir", str(folder / "cache"), "config", "validate"]
    done = subprocess.run(
        [sys.executable, "-m", "modelforge_lsp.cli", *command, "--format", "json", str(path)],
        cwd=path.parent.parent,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return Validated(done.returncode, json.loads(done.stdout))


def _line(text: str, needle: str) -> int:
    """The 1-based line holding ``needle``, which must be on exactly one line."""
    lines = [number for number, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def _expected(text: str, flow: Flow) -> list[tuple[str, int]]:
    return sorted((code, _line(text, needle)) for code, needle in flow.problems)


def _checked(text: str, catalog: Catalog) -> list[Finding]:
    return check(parse_document(text), catalog, CheckSettings())


def _preferred(finding: Finding) -> Fix:
    preferred = [fix for fix in finding.fixes if fix.preferred]
    assert len(preferred) == 1, (finding.code, finding.message, finding.fixes)
    return preferred[0]


def _parsed(text: str) -> dict[str, Any]:
    """``text`` as the runtime reads it (``json.load``); a fix that broke it fails here."""
    try:
        config: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as error:
        pytest.fail(f"the fixed file is no longer JSON ({error}):\n{text}")
    return config


def _apply(text: str, fix: Fix) -> str:
    """``text`` with ``fix``'s edits made (0-based lines, code-point columns), last one first."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(line: int, character: int) -> int:
        return min(starts[line] + character, len(text))

    for edit in sorted(fix.edits, key=lambda e: (e.span.start.line, e.span.start.character))[::-1]:
        start = offset(edit.span.start.line, edit.span.start.character)
        end = offset(edit.span.end.line, edit.span.end.character)
        text = text[:start] + edit.new_text + text[end:]
    return text


# -- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_the_runtime_reads_the_file_it_wrote(
    name: str, runtime_files: RuntimeFiles, build: Build
) -> None:
    """What each finding is about, seen from the runtime: a stored secret works (so it is a
    leak, not a broken file), the openrouter block is refused, the rest build."""
    flow, text = FLOWS[name], runtime_files[name]
    built = build(text, flow.provider, flow.alias, env={} if flow.stored else flow.dummy)
    if flow.refused:
        assert built.get("error") == flow.refused, built
        return
    assert "error" not in built, built
    assert (built["class"], built["model"]) == (flow.llm_class, flow.sent)
    if flow.variable:
        assert built["api_key"] == (flow.stored or flow.dummy[flow.variable])


@pytest.mark.parametrize("name", ALL)
def test_our_validator_reports_exactly_one_finding_per_problem(
    name: str, runtime_files: RuntimeFiles, tmp_path: Path
) -> None:
    """Every line the runtime accepts passes silently (no finding of any severity); each real
    problem gives one finding, with its code, on its line; only problems fail the check."""
    flow, text = FLOWS[name], runtime_files[name]
    validated = _validate(text, tmp_path)
    assert validated.problems == _expected(text, flow), validated.findings
    assert validated.status == (1 if flow.problems else 0)


@pytest.mark.parametrize("name", WITH_SECRETS)
def test_a_stored_credential_is_flagged_with_a_fix_that_removes_it(
    name: str, runtime_files: RuntimeFiles, catalog: Catalog, tmp_path: Path
) -> None:
    """Each stored secret's finding names the variable the runtime reads instead, suggests no
    ``$VAR`` (never expanded: it would be sent as the key), and its preferred fix takes the
    secret out of the file, naming that variable, and writes no ``$`` either."""
    flow, text = FLOWS[name], runtime_files[name]
    assert flow.variable is not None
    secrets = [needle for code, needle in flow.problems if code == "MF501"]
    reported = {item["line"]: item for item in _validate(text, tmp_path).findings}
    findings = {item.span.start.line + 1: item for item in _checked(text, catalog)}
    for secret in secrets:
        line = _line(text, secret)
        item = reported.get(line)
        assert item is not None and item["code"] == "MF501", (secret, reported)
        assert flow.variable in item["message"], item["message"]
        assert not any("$" in suggestion for suggestion in item["suggestions"]), item
        fix = _preferred(findings[line])
        assert flow.variable in fix.title, fix.title
        assert all("$" not in edit.new_text for edit in fix.edits), fix
        fixed = _apply(text, fix)
        assert secret not in fixed and "$" not in fixed, fixed
        assert flow.provider in _parsed(fixed)["providers"]


@pytest.mark.parametrize("name", ALL)
def test_the_preferred_fixes_leave_a_file_the_runtime_builds(
    name: str, runtime_files: RuntimeFiles, catalog: Catalog, build: Build, tmp_path: Path
) -> None:
    """Fix by fix, as a user clicks through them: each fix leaves valid JSON, mends its problem
    and makes no new one; at the end our validator is silent and the runtime builds the model
    from the file and the provider's variable."""
    flow, text = FLOWS[name], runtime_files[name]
    findings = _checked(text, catalog)
    reported = _validate(text, tmp_path / "as-written")
    assert sorted((f.code, f.span.start.line + 1) for f in findings) == reported.problems
    while findings:
        text = _apply(text, _preferred(findings[0]))
        _parsed(text)
        left = Counter(f.code for f in findings) - Counter([findings[0].code])
        findings = _checked(text, catalog)
        assert Counter(f.code for f in findings) <= left, (findings, text)  # nothing new
    assert _validate(text, tmp_path / "fixed").findings == []
    for code, needle in flow.problems:
        if code == "MF501":  # a secret: gone from the file, not replaced by anything
            assert needle not in text
    built = build(text, flow.provider, flow.alias, env=flow.dummy)
    assert "error" not in built, built
    assert (built["class"], built["model"]) == (flow.llm_class, flow.sent)
    if flow.variable:
        assert built["api_key"] == flow.dummy[flow.variable]


def test_the_llm_type_fix_gives_the_runtimes_spelling(
    runtime_files: RuntimeFiles, catalog: Catalog
) -> None:
    """The runtime writes ``openai-compatible`` for openrouter and then refuses it: the one
    finding's preferred fix writes ``openai_compatible``, keeping the file JSON."""
    text = runtime_files["openrouter"]
    (finding,) = _checked(text, catalog)
    assert finding.code == "MF203"
    fixed = _parsed(_apply(text, _preferred(finding)))
    assert fixed["providers"]["openrouter"]["llm_type"] == "openai_compatible"


def test_the_device_login_ran_the_oauth_flow(
    runtime_files: RuntimeFiles, oauth: OAuthServer
) -> None:
    """The Copilot tokens in the file are the runtime's own doing: it asked our server for a
    device code with its client id and scope, polled through ``authorization_pending`` with the
    device-code grant, and stored what the token endpoint answered, with an expiry."""
    text = runtime_files["github-copilot-device-login"]
    paths = [path for path, _ in oauth.requests]
    assert paths == ["/login/device/code"] + ["/login/oauth/access_token"] * 2, oauth.requests
    assert oauth.requests[0][1] == {"client_id": CLIENT_ID, "scope": "read:user"}
    stored = json.loads(text)["providers"]["github_copilot"]["auth_data"]
    assert (stored["access_token"], stored["refresh_token"]) == (ACCESS_TOKEN, REFRESH_TOKEN)
    assert {"token_type", "scope", "expires_in", "expires_at"} <= stored.keys()
