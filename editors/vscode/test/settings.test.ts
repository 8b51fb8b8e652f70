/**
 * Settings mapping: VS Code's flat `modelforge.*` values → the server's initializationOptions,
 * which values are sent at all, when a change needs a restart, and that the manifest, the mapping
 * and the server's documented settings name the same options.
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

import {
  CLIENT_SETTINGS,
  documentSelector,
  explicitValue,
  needsRestart,
  readFlatSettings,
  SERVER_SETTINGS,
  toInitializationOptions,
} from "../src/settings";
import { inspectLike, manifest, REPO_DIR } from "./helpers";

const optionsFor = (user: Record<string, unknown>, workspace: Record<string, unknown> = {}) =>
  toInitializationOptions(readFlatSettings(inspectLike(user, workspace)));

/** What the server gets from a VS Code where nothing is configured. */
const DEFAULTS = {
  checks: { catalog: true, severity: {} },
  inlayHints: { enabled: true },
  diagnostics: { debounceMs: 200 },
  hover: { tables: true },
  customProviders: {},
};

describe("settings mapping", () => {
  it("nests flat keys into the server's camelCase object", () => {
    const options = toInitializationOptions({
      "catalog.url": "https://mirror.example/api.json",
      "catalog.cacheDir": "~/cache",
      "catalog.ttl": "30m",
      "catalog.offline": true,
      "catalog.enabled": true,
      "checks.catalog": false,
      "checks.severity": { MF303: "error", MF304: "off" },
      "inlayHints.enabled": false,
      "diagnostics.debounceMs": 50,
      "hover.tables": false,
      customProviders: { "my-gateway": { models: { "house-model": {} } } },
    });
    assert.deepEqual(options, {
      catalog: {
        url: "https://mirror.example/api.json",
        cacheDir: "~/cache",
        ttl: "30m",
        offline: true,
        enabled: true,
      },
      checks: { catalog: false, severity: { MF303: "error", MF304: "off" } },
      inlayHints: { enabled: false },
      diagnostics: { debounceMs: 50 },
      hover: { tables: false },
      customProviders: { "my-gateway": { models: { "house-model": {} } } },
    });
  });

  it("sends the defaults of options without an environment variable, not of catalog.*", () => {
    assert.deepEqual(optionsFor({}), DEFAULTS);
  });

  it("sends a catalog option the user set, even to its default value", () => {
    assert.deepEqual(optionsFor({ "catalog.offline": false }).catalog, { offline: false });
  });

  it("never sends client-only settings, null, or blank strings", () => {
    const options = optionsFor({
      "server.path": "/usr/bin/modelforge-lsp",
      "trace.server": "verbose",
      "catalog.cacheDir": "   ",
      "catalog.url": null,
    });
    assert.deepEqual(options, DEFAULTS);
    assert.deepEqual(CLIENT_SETTINGS, ["server.path", "trace.server"]);
  });

  it("takes the most specific scope: folder over workspace over user", () => {
    assert.equal(explicitValue({ globalValue: 1, workspaceValue: 2, workspaceFolderValue: 3 }), 3);
    assert.equal(explicitValue({ globalValue: 1, workspaceValue: 2 }), 2);
    assert.equal(explicitValue({ defaultValue: 0 }), undefined);
    assert.deepEqual(optionsFor({ "catalog.ttl": "1h" }, { "catalog.ttl": "7d" }).catalog, { ttl: "7d" });
  });

  it("copies objects out of VS Code's read-only proxies", () => {
    const severity = Object.freeze({ MF302: "error" });
    const options = toInitializationOptions({ "checks.severity": severity });
    const checks = options.checks as { severity: Record<string, string> };
    assert.notEqual(checks.severity, severity);
    checks.severity.MF303 = "off"; // would throw on the frozen original
  });

  it("restarts only when a key the server started with is gone", () => {
    const start = optionsFor({ "catalog.offline": true, "checks.severity": { MF303: "error" } });
    assert.equal(
      needsRestart(start, optionsFor({ "catalog.offline": false, "checks.severity": { MF303: "off" } })),
      false,
    );
    assert.equal(
      needsRestart(
        start,
        optionsFor({ "catalog.offline": true, "checks.severity": { MF303: "error", MF304: "off" } }),
      ),
      false,
    );
    assert.equal(
      needsRestart(start, optionsFor({ "checks.severity": { MF303: "error" } })),
      true,
      "catalog.offline removed",
    );
    assert.equal(
      needsRestart(start, optionsFor({ "catalog.offline": true })),
      true,
      "severity entry removed",
    );
  });

  it("selects ModelForge configs on disk in YAML and JSON", () => {
    const selector = documentSelector();
    assert.equal(selector.length, 6);
    assert.ok(selector.every((filter) => filter.scheme === "file"));
    assert.deepEqual(new Set(selector.map((filter) => filter.language)), new Set(["yaml", "json", "jsonc"]));
    assert.deepEqual(
      new Set(selector.map((filter) => filter.pattern)),
      new Set(["**/.model-forge/config.{yaml,yml,json}", "**/model-forge/config.{yaml,yml,json}"]),
    );
  });
});

describe("manifest", () => {
  const properties = manifest.contributes.configuration.properties;
  const contributed = Object.keys(properties).map((key) => key.replace(/^modelforge\./, ""));

  it("contributes every server setting and the client's own, each described", () => {
    assert.deepEqual(new Set(contributed), new Set([...SERVER_SETTINGS, ...CLIENT_SETTINGS]));
    for (const [key, setting] of Object.entries(properties)) {
      assert.ok(
        (setting.markdownDescription ?? setting.description ?? "").length > 20,
        `${key} has a description`,
      );
      assert.ok("default" in setting, `${key} has a default`);
    }
    assert.deepEqual(properties["modelforge.trace.server"]?.enum, ["off", "messages", "verbose"]);
  });

  it("names the same settings as the server's documentation table", () => {
    const docs = readFileSync(path.join(REPO_DIR, "docs", "server.md"), "utf8");
    const documented = [...docs.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((match) => match[1]);
    assert.deepEqual(new Set(documented), new Set(SERVER_SETTINGS));
  });

  it("contributes the three commands and activates on ModelForge configs", () => {
    assert.deepEqual(
      manifest.contributes.commands.map(
        (command) => `${command.category}: ${command.title} (${command.command})`,
      ),
      [
        "ModelForge: Refresh model catalog (modelforge.refreshCatalog)",
        "ModelForge: Show catalog status (modelforge.catalogStatus)",
        "ModelForge: Restart server (modelforge.restartServer)",
      ],
    );
    assert.ok(manifest.activationEvents.includes("workspaceContains:**/.model-forge/config.{yaml,yml,json}"));
    assert.ok(manifest.activationEvents.includes("workspaceContains:**/model-forge/config.{yaml,yml,json}"));
    assert.equal(manifest.main, "./dist/extension.js");
    assert.equal(manifest.engines.vscode, "^1.85.0");
  });
});
