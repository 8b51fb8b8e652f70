/**
 * The shipped bundle (`dist/extension.js`) activated against a stand-in `vscode` module
 * (fakeVscode.ts): its commands, status bar and notifications, with the real server behind them.
 *
 * This is the closest these tests get to VS Code without its binary: `vscode-languageclient`
 * really starts `modelforge-lsp`, negotiates, and runs the server's commands; only VS Code's UI
 * is recorded instead of drawn.
 */

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import type { ServerFound } from "../src/serverDiscovery";
import { type FakeVscode, fakeVscode } from "./fakeVscode";
import {
  contributedDefaults,
  eventually,
  findServer,
  PACKAGE_DIR,
  tempDir,
  UNREACHABLE_URL,
} from "./helpers";

const BUNDLE = path.join(PACKAGE_DIR, "dist", "extension.js");

interface Extension {
  activate(context: { subscriptions: { dispose(): unknown }[] }): Promise<void>;
  deactivate(): Promise<void>;
}

/** A fresh copy of the bundle, whose `require("vscode")` gets `fake.module`. */
function loadExtension(fake: FakeVscode): Extension {
  const moduleApi = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = moduleApi._load;
  moduleApi._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? fake.module : load.call(this, request, ...rest);
  };
  try {
    delete require.cache[require.resolve(BUNDLE)];
    return Module.createRequire(__filename)(BUNDLE) as Extension;
  } finally {
    moduleApi._load = load;
  }
}

function workspaceWithConfig(name: string): { folder: string; config: string } {
  const folder = tempDir(name);
  const config = path.join(folder, ".model-forge", "config.yaml");
  mkdirSync(path.dirname(config), { recursive: true });
  writeFileSync(
    config,
    "providers:\n  openai:\n    llm_type: openai_compatible\n    models:\n      gpt-4o-mnii:\n",
  );
  return { folder, config };
}

for (const key of Object.keys(process.env).filter((name) => name.startsWith("MODELFORGE_"))) {
  delete process.env[key]; // this file runs in its own process; the settings below are the whole story
}

describe("the bundled extension with a server", () => {
  const { folder, config } = workspaceWithConfig("activation");
  const subscriptions: { dispose(): unknown }[] = [];
  let server: ServerFound;
  let fake: FakeVscode;
  let extension: Extension;

  before(async () => {
    server = await findServer();
    fake = fakeVscode({
      settings: {
        "server.path": server.server.command,
        "catalog.offline": true,
        "catalog.cacheDir": path.join(folder, "cache"),
        "catalog.url": UNREACHABLE_URL,
      },
      defaults: contributedDefaults,
      workspaceFolder: folder,
      configFiles: [config],
    });
    extension = loadExtension(fake);
    await extension.activate({ subscriptions });
  });

  after(async () => {
    await extension?.deactivate();
    subscriptions.forEach((item) => item.dispose());
  });

  it("registers its three commands once (the client registers none of its own)", () => {
    assert.deepEqual([...fake.commands.keys()].sort(), [
      "modelforge.catalogStatus",
      "modelforge.refreshCatalog",
      "modelforge.restartServer",
    ]);
  });

  it("starts the server for a workspace with a config and shows the catalog's state", async () => {
    await eventually(
      () => fake.statusBar.command === "modelforge.refreshCatalog",
      "the catalog in the status bar",
    );
    assert.match(fake.statusBar.text, /^\$\(debug-disconnect\) ModelForge .*\(offline/);
    assert.ok(
      fake.output.some((line) => line.startsWith(`Started ${server.server.command}`)),
      fake.output.join("\n"),
    );
  });

  it("shows the catalog status from the server", async () => {
    await fake.commands.get("modelforge.catalogStatus")?.();
    const message = fake.messages.at(-1);
    assert.equal(message?.severity, "information");
    assert.match(
      message?.text ?? "",
      /^ModelForge \d+\.\d+\.\d+: bundled snapshot .* providers, .* models .*offline mode\.$/,
    );
    assert.deepEqual(message?.buttons, ["Refresh", "Show Details"]);
  });

  it("runs the server's refresh, which says why it is refused offline", async () => {
    const result = (await fake.commands.get("modelforge.refreshCatalog")?.()) as
      { status: string } | undefined;
    assert.equal(result?.status, "failed");
    await eventually(
      () => fake.messages.some((m) => /catalog refresh failed: offline mode is on/.test(m.text)),
      "the server's message",
    );
    assert.equal(
      fake.statusBar.command,
      "modelforge.refreshCatalog",
      "the status bar is back after the refresh",
    );
  });

  it("restarts the server", async () => {
    await fake.commands.get("modelforge.restartServer")?.();
    assert.equal(fake.output.filter((line) => line.startsWith("Started ")).length, 2);
    await eventually(
      () => fake.statusBar.command === "modelforge.refreshCatalog",
      "the status bar after the restart",
    );
  });

  it("shows no error notifications along the way", () => {
    assert.deepEqual(
      fake.messages.filter((m) => m.severity === "error"),
      [],
    );
  });

  it("logs no server errors at start-up", () => {
    assert.deepEqual(
      fake.output.filter((line) => line.includes("Unhandled method")),
      [],
    );
  });
});

describe("the bundled extension without a server", () => {
  const { folder, config } = workspaceWithConfig("missing");
  const subscriptions: { dispose(): unknown }[] = [];
  const originalPath = process.env.PATH;
  let fake: FakeVscode;
  let extension: Extension;

  before(async () => {
    process.env.PATH = tempDir("empty-path"); // no modelforge-lsp, no python3
    fake = fakeVscode({
      settings: {},
      defaults: contributedDefaults,
      workspaceFolder: folder,
      configFiles: [config],
    });
    extension = loadExtension(fake);
    await extension.activate({ subscriptions });
    await eventually(
      () => fake.statusBar.text.startsWith("$(error)"),
      "the missing server in the status bar",
    );
  });

  after(async () => {
    process.env.PATH = originalPath;
    await extension?.deactivate();
    subscriptions.forEach((item) => item.dispose());
  });

  it("shows one notification with the install command and a way to the setting", () => {
    assert.equal(fake.messages.length, 1, JSON.stringify(fake.messages));
    const [message] = fake.messages;
    assert.equal(message?.severity, "error");
    assert.match(
      message?.text ?? "",
      /modelforge-lsp was not found .*Install it with: pip install modelforge-lsp/,
    );
    assert.deepEqual(message?.buttons, ["Open Settings", "Copy Install Command"]);
    assert.equal(fake.statusBar.command, "modelforge.restartServer");
  });

  it("does not repeat it when more configs open", async () => {
    fake.didOpenTextDocument.fire({ uri: { scheme: "file", fsPath: config }, languageId: "yaml" });
    fake.didOpenTextDocument.fire({ uri: { scheme: "file", fsPath: config }, languageId: "yaml" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(fake.messages.length, 1);
  });
});
