/**
 * What the tests need from outside the code under test: the extension's manifest, a stand-in
 * for VS Code's `WorkspaceConfiguration.inspect` that knows the manifest's defaults, temp dirs,
 * fake executables on a fake `PATH`, and the real server.
 */

import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after } from "node:test";

import { discoverServer, type ServerFound } from "../src/serverDiscovery";
import type { InspectedSetting } from "../src/settings";

/** `editors/vscode` (the tests run from `out/`). */
export const PACKAGE_DIR = path.resolve(__dirname, "..");
export const REPO_DIR = path.resolve(PACKAGE_DIR, "..", "..");

export interface ContributedSetting {
  readonly type: string | string[];
  readonly default?: unknown;
  readonly enum?: string[];
  readonly description?: string;
  readonly markdownDescription?: string;
}

export interface Manifest {
  readonly name: string;
  readonly main: string;
  readonly engines: { readonly vscode: string };
  readonly activationEvents: string[];
  readonly contributes: {
    readonly commands: { command: string; title: string; category?: string }[];
    readonly configuration: { properties: Record<string, ContributedSetting> };
  };
}

export const manifest: Manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));

/** The contributed defaults, keyed without the `modelforge.` prefix. */
export const contributedDefaults: Record<string, unknown> = Object.fromEntries(
  Object.entries(manifest.contributes.configuration.properties).map(([key, setting]) => [
    key.replace(/^modelforge\./, ""),
    setting.default,
  ]),
);

export type Scope = Record<string, unknown>;

/**
 * `inspect(key)` as VS Code answers it for an extension with this manifest: the contributed
 * default plus the values of the user (`global`) and workspace settings given here.
 */
export function inspectLike(user: Scope, workspace: Scope = {}, folder: Scope = {}) {
  const properties = manifest.contributes.configuration.properties;
  return (key: string): InspectedSetting | undefined => {
    const contributed = properties[`modelforge.${key}`];
    if (contributed === undefined) {
      return undefined;
    }
    return {
      defaultValue: contributed.default,
      globalValue: user[key],
      workspaceValue: workspace[key],
      workspaceFolderValue: folder[key],
    };
  };
}

/** A fresh temp dir, removed when the test file is done. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `modelforge-vscode-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes an executable shell script `dir/name` with `body`; returns its path. */
export function script(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A catalog URL nothing listens on: an accidental fetch fails at once and stays on the host. */
export const UNREACHABLE_URL = "http://127.0.0.1:9/api.json";

/** The environment without the caller's `MODELFORGE_*`: the test's settings are the whole story. */
export function serverEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("MODELFORGE_")));
}

/**
 * The real `modelforge-lsp`, found by the extension's own discovery: `MODELFORGE_LSP_COMMAND`,
 * else this repository's `.venv/bin/modelforge-lsp`, else `PATH` and `python3 -m modelforge_lsp`.
 */
export async function findServer(): Promise<ServerFound> {
  const venv = path.join(REPO_DIR, ".venv", "bin", "modelforge-lsp");
  const settingPath = process.env.MODELFORGE_LSP_COMMAND || (existsSync(venv) ? venv : undefined);
  const discovery = await discoverServer({ settingPath, env: serverEnvironment() });
  assert.ok(discovery.found, discovery.found ? "" : discovery.message);
  return discovery;
}

/** Polls `condition` every 20 ms; fails naming `what` after `ms`. */
export async function eventually(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
