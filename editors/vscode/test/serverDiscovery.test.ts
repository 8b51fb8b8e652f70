/**
 * Server discovery against fake executables on a fake `PATH`: which candidate wins, that each
 * must answer `--version`, and that "nothing runs" is one message with the install command.
 */

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import {
  discoverServer,
  findOnPath,
  INSTALL_COMMAND,
  notFoundMessage,
  probe,
  settingCandidate,
} from "../src/serverDiscovery";
import { script, tempDir } from "./helpers";

const root = tempDir("discovery");
const dir = (name: string) => path.join(root, name);

// A server that works, one that is broken, one that hangs, an impostor and a bare file.
const good = script(dir("good"), "modelforge-lsp", 'echo "modelforge-lsp 9.9.9"');
const otherGood = script(dir("other"), "modelforge-lsp", 'echo "modelforge-lsp 1.0.0"');
script(
  dir("broken"),
  "modelforge-lsp",
  'echo "Traceback (most recent call last):" >&2\necho "ImportError: no pygls" >&2\nexit 3',
);
script(dir("hangs"), "modelforge-lsp", "sleep 10");
const impostor = script(dir("impostor"), "modelforge-lsp", 'echo "some other tool 2.0"');
writeFileSync(path.join(dir("good"), "not-executable"), "");
script(dir("plain"), "placeholder", "exit 0");
writeFileSync(path.join(dir("plain"), "modelforge-lsp"), "#!/bin/sh\necho modelforge-lsp 6.6.6\n"); // mode 644

/** A Python that knows `-m modelforge_lsp` (and records how it was called). */
const python = script(
  dir("python"),
  "python3",
  `echo "$@" > "${path.join(root, "python-args")}"
if [ "$1" = "-X" ]; then shift 2; fi
if [ "$1" = "-m" ] && [ "$2" = "modelforge_lsp" ] && [ "$3" = "--version" ]; then echo "modelforge-lsp 4.5.6"; exit 0; fi
echo "/usr/bin/python3: No module named $2" >&2; exit 1`,
);
script(
  dir("python-without"),
  "python3",
  'echo "/usr/bin/python3: No module named modelforge_lsp" >&2; exit 1',
);

const pathOf = (...names: string[]) => ({ PATH: names.map(dir).join(":") });
/** A home without `~/.local/bin/modelforge-lsp`, so the machine running the tests does not count. */
const homeDir = dir("empty-home");
const noPython = async () => [path.join(root, "no-such-python")];

describe("server discovery", () => {
  it("uses the modelforge.server.path setting before PATH", async () => {
    const result = await discoverServer({ homeDir, settingPath: otherGood, env: pathOf("good") });
    assert.equal(result.found, true);
    assert.ok(result.found);
    assert.equal(result.server.source, "setting");
    assert.equal(result.server.command, otherGood);
    assert.deepEqual(result.server.args, []);
    assert.equal(result.version, "1.0.0");
  });

  it("runs a Python named in the setting with -m modelforge_lsp", async () => {
    const result = await discoverServer({ homeDir, settingPath: python, env: pathOf("good") });
    assert.ok(result.found);
    assert.deepEqual([result.server.command, ...result.server.args], [python, "-m", "modelforge_lsp"]);
    assert.equal(result.version, "4.5.6");
  });

  it("expands ~ and resolves a relative setting against the workspace folder", () => {
    assert.equal(
      settingCandidate("~/bin/modelforge-lsp", { homeDir: "/home/ada" }).command,
      "/home/ada/bin/modelforge-lsp",
    );
    assert.equal(
      settingCandidate(".venv/bin/modelforge-lsp", { cwd: "/work/project" }).command,
      "/work/project/.venv/bin/modelforge-lsp",
    );
    assert.deepEqual(settingCandidate("/opt/py/bin/python3.12").args, ["-m", "modelforge_lsp"]);
  });

  it("does not fall back when the setting names a broken server, and says so once", async () => {
    const broken = path.join(dir("broken"), "modelforge-lsp");
    const result = await discoverServer({
      homeDir,
      settingPath: broken,
      env: pathOf("good"),
      pythonCommand: async () => [python],
    });
    assert.equal(result.found, false);
    assert.ok(!result.found);
    assert.equal(result.attempts.length, 1);
    assert.match(result.message, /modelforge\.server\.path/);
    assert.match(result.message, /exited with code 3: ImportError: no pygls/);
    assert.ok(result.message.includes(INSTALL_COMMAND));
  });

  it("takes modelforge-lsp from PATH, skipping files that are not executable", async () => {
    const result = await discoverServer({ homeDir, env: pathOf("plain", "good", "other"), pythonCommand: noPython });
    assert.ok(result.found);
    assert.equal(result.server.source, "path");
    assert.equal(result.server.command, good);
    assert.equal(result.version, "9.9.9");
  });

  it("falls back to the selected Python when PATH has a broken server", async () => {
    const result = await discoverServer({
      homeDir,
      env: pathOf("broken"),
      pythonCommand: async () => [python, "-X", "utf8"],
      trusted: true,
    });
    assert.ok(result.found);
    assert.equal(result.server.source, "python");
    assert.deepEqual(result.server.args, ["-X", "utf8", "-m", "modelforge_lsp"]);
    assert.equal(result.attempts.length, 2);
    assert.match(result.attempts[0]?.error ?? "", /exited with code 3/);
  });

  it("uses python3 from PATH when no interpreter is selected", async () => {
    const result = await discoverServer({ homeDir, env: pathOf("python") });
    assert.ok(result.found);
    assert.deepEqual([result.server.command, ...result.server.args], ["python3", "-m", "modelforge_lsp"]);
  });

  it("when nothing runs: one message naming what was tried and the install command", async () => {
    const result = await discoverServer({ homeDir, env: pathOf("broken", "python-without") });
    assert.equal(result.found, false);
    assert.ok(!result.found);
    assert.deepEqual(
      result.attempts.map((attempt) => attempt.candidate.source),
      ["path", "default-python"],
    );
    assert.match(result.message, /^ModelForge: the language server modelforge-lsp was not found/);
    assert.match(
      result.message,
      /python3 -m modelforge_lsp \(exited with code 1: .*No module named modelforge_lsp\)/,
    );
    assert.ok(result.message.includes(`Install it with: ${INSTALL_COMMAND}`));
    assert.equal(result.message.split("\n").length, 1, "one paragraph for one notification");
  });

  it("says when modelforge-lsp is not on PATH at all", async () => {
    const result = await discoverServer({ homeDir, env: { PATH: "" }, pythonCommand: noPython, trusted: true });
    assert.ok(!result.found);
    assert.match(result.message, /modelforge-lsp \(not on PATH\)/);
    assert.match(result.message, /no-such-python -m modelforge_lsp \(not found\)/);
  });

  it("rejects a program whose --version is not modelforge-lsp's", async () => {
    const attempt = await probe({ source: "setting", command: impostor, args: [] });
    assert.equal(attempt.version, undefined);
    assert.match(attempt.error ?? "", /printed "some other tool 2.0"/);
  });

  it("gives up on a candidate that hangs", async () => {
    const hangs = path.join(dir("hangs"), "modelforge-lsp");
    const attempt = await probe({ source: "path", command: hangs, args: [] }, { timeoutMs: 300 });
    assert.match(attempt.error ?? "", /did not answer --version within 0.3s/);
  });

  it("finds a PATHEXT shim on Windows-style paths", () => {
    const windowsDir = dir("windows");
    script(windowsDir, "modelforge-lsp.CMD", "exit 0");
    const found = findOnPath("modelforge-lsp", { Path: windowsDir, PATHEXT: ".EXE;.CMD" }, "win32");
    assert.equal(found, path.join(windowsDir, "modelforge-lsp.CMD"));
  });

  it("words a missing setting server differently from a missing install", () => {
    const candidate = { source: "setting" as const, command: "/nope/modelforge-lsp", args: [] };
    const message = notFoundMessage([{ candidate, error: "not found" }]);
    assert.match(
      message,
      /the server in setting modelforge\.server\.path does not run: \/nope\/modelforge-lsp \(not found\)/,
    );
    assert.match(message, /clear the setting/);
  });
});
