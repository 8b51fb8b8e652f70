/**
 * Discovery where VS Code's User settings do not reach (a remote window) and where the workspace
 * is not trusted: the whole order of candidates, `~/.local/bin` for an extension host whose `PATH`
 * lacks it, and that nothing the workspace chose runs unless the workspace is trusted.
 */

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import { discoverServer, serverDirectory } from "../src/serverDiscovery";
import { serverPathSetting } from "../src/settings";
import { script, tempDir } from "./helpers";

const root = tempDir("remote-discovery");
const dir = (...parts: string[]) => path.join(root, ...parts);

/** Every candidate exists and is broken except the default `python3`; each records its call. */
const ran = dir("ran");
const broken = (folder: string, name = "modelforge-lsp") =>
  script(folder, name, `echo "${folder}/${name}" >> "${ran}"\necho "ImportError: broken" >&2\nexit 3`);
broken(dir("path"));
broken(dir("home", ".local", "bin"));
const selected = broken(dir("selected"), "python3");
const workspace = dir("workspace");
const venvServer = broken(path.join(workspace, ".venv", "bin"));
const relativeServer = broken(path.join(workspace, "tools"));
script(dir("default"), "python3", 'echo "modelforge-lsp 7.0.0"');

const everything = {
  env: { PATH: `${dir("path")}:${dir("default")}` },
  homeDir: dir("home"),
  pythonCommand: async () => [selected],
  workspaceFolders: [workspace],
  cwd: workspace,
};

function programsRun(): string[] {
  const lines = existsSync(ran) ? readFileSync(ran, "utf8").trim().split("\n") : [];
  rmSync(ran, { force: true });
  return lines;
}

describe("discovery order in a trusted workspace", () => {
  it("PATH, ~/.local/bin, the selected Python, the workspace's .venv, then python3", async () => {
    programsRun();
    const result = await discoverServer({ ...everything, trusted: true });
    assert.ok(result.found);
    assert.deepEqual(
      result.attempts.map((attempt) => attempt.candidate.source),
      ["path", "user-bin", "python", "workspace", "default-python"],
    );
    assert.equal(result.server.source, "default-python");
    assert.equal(result.version, "7.0.0");
    assert.equal(result.attempts[3]?.candidate.command, venvServer);
    assert.equal(programsRun().length, 4, "each broken candidate was probed once");
  });

  it("finds ~/.local/bin/modelforge-lsp when the extension host's PATH lacks it", async () => {
    const home = dir("pipx-home");
    const server = script(path.join(home, ".local", "bin"), "modelforge-lsp", 'echo "modelforge-lsp 2.0.0"');
    const result = await discoverServer({ env: { PATH: "/nonexistent" }, homeDir: home, remoteName: "ssh-remote" });
    assert.ok(result.found);
    assert.equal(result.server.source, "user-bin");
    assert.equal(result.server.command, server);
  });
});

describe("discovery in an untrusted workspace", () => {
  it("runs nothing the workspace chose: no selected Python, no .venv", async () => {
    programsRun();
    const result = await discoverServer({ ...everything, trusted: false });
    assert.ok(result.found);
    assert.deepEqual(
      result.attempts.map((attempt) => attempt.candidate.source),
      ["path", "user-bin", "default-python"],
    );
    const run = programsRun();
    assert.ok(!run.includes(selected) && !run.includes(venvServer), run.join(", "));
  });

  it("is the default when the caller does not say", async () => {
    const result = await discoverServer({ ...everything });
    assert.ok(result.found);
    assert.ok(!result.attempts.some((attempt) => attempt.candidate.source === "workspace"));
  });

  it("refuses a relative setting, which would run a program inside the workspace", async () => {
    programsRun();
    const result = await discoverServer({ ...everything, settingPath: "tools/modelforge-lsp" });
    assert.ok(!result.found);
    assert.match(result.attempts[0]?.error ?? "", /relative path, and the workspace is not trusted/);
    assert.deepEqual(programsRun(), [], "nothing ran");
    const trusted = await discoverServer({ ...everything, settingPath: "tools/modelforge-lsp", trusted: true });
    assert.equal(trusted.attempts[0]?.candidate.command, relativeServer);
    assert.deepEqual(programsRun(), [relativeServer]);
  });

  it("says what was skipped when nothing runs", async () => {
    const result = await discoverServer({ ...everything, env: { PATH: dir("path") } });
    assert.ok(!result.found);
    assert.match(result.message, /not trusted, so its Python interpreter and virtual environments were not tried/);
  });
});

describe("which modelforge.server.path counts", () => {
  const inspected = { globalValue: "/user/lsp", workspaceValue: "/workspace/lsp", workspaceFolderValue: " " };

  it("a trusted workspace's value wins over the user's; blank values do not count", () => {
    assert.equal(serverPathSetting(inspected, true), "/workspace/lsp");
    assert.equal(serverPathSetting({ ...inspected, workspaceFolderValue: "/folder/lsp" }, true), "/folder/lsp");
  });

  it("an untrusted workspace's values never count", () => {
    assert.equal(serverPathSetting(inspected, false), "/user/lsp");
    assert.equal(serverPathSetting({ workspaceValue: "/workspace/lsp" }, false), undefined);
    assert.equal(serverPathSetting(undefined, true), undefined);
  });
});

describe("the message in a remote window", () => {
  it("says the server belongs on the remote side and where the setting is read", async () => {
    const result = await discoverServer({ env: { PATH: "" }, homeDir: dir("home"), remoteName: "ssh-remote" });
    assert.ok(!result.found);
    assert.match(result.message, /This is a remote window \(ssh-remote\): the server must be installed on the remote side/);
    assert.match(result.message, /Remote settings \(Preferences: Open Remote Settings\)/);
    assert.equal(result.message.split("\n").length, 1);
  });
});

describe("the probe runs the candidate as the server will run", () => {
  /** A Python that imports `modelforge_lsp` from its working folder unless PYTHONSAFEPATH is set. */
  const cwdPython = script(
    dir("cwd-python"),
    "python3",
    `pwd > "${dir("probe-cwd")}"
if [ -z "$PYTHONSAFEPATH" ] && [ -d modelforge_lsp ]; then echo "modelforge-lsp 0.0.0-checkout"; exit 0; fi
echo "python3: No module named modelforge_lsp" >&2; exit 1`,
  );
  const checkout = dir("checkout");
  mkdirSync(path.join(checkout, "modelforge_lsp"), { recursive: true });

  it("in the server's folder, and never imports the package from that folder", async () => {
    const result = await discoverServer({
      env: { PATH: "" },
      homeDir: dir("home"),
      settingPath: cwdPython,
      serverCwd: checkout,
    });
    assert.ok(!result.found, "a modelforge_lsp folder in the working folder must not answer");
    assert.match(result.message, /No module named modelforge_lsp/);
    assert.equal(readFileSync(dir("probe-cwd"), "utf8").trim(), checkout);
  });

  it("hands the client the same folder and environment", async () => {
    const result = await discoverServer({ ...everything, serverCwd: workspace, trusted: true });
    assert.ok(result.found);
    assert.equal(result.run.cwd, workspace);
    assert.equal(result.run.env.PYTHONSAFEPATH, "1");
    assert.equal(result.run.env.PATH, everything.env.PATH);
  });

  it("runs the server in the workspace folder only when the workspace is trusted", () => {
    assert.equal(serverDirectory(true, "/ws", "/home/ada"), "/ws");
    assert.equal(serverDirectory(false, "/ws", "/home/ada"), "/home/ada");
    assert.equal(serverDirectory(true, undefined, "/home/ada"), "/home/ada");
  });
});
