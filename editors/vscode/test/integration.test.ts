/**
 * The extension's client side against the REAL `modelforge-lsp` process.
 *
 * The server is found by the extension's own discovery (`MODELFORGE_LSP_COMMAND`, else the
 * repo's `.venv/bin/modelforge-lsp`, else PATH and `python3 -m modelforge_lsp`) and started with
 * exactly the `initializationOptions` the extension builds from a VS Code configuration (the
 * manifest's defaults plus the user settings below). Offline mode and a temp cache dir keep it
 * off the network: the catalog is the snapshot bundled with the Python package.
 */

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";

import {
  type ClientCapabilities,
  CompletionRequest,
  DidChangeConfigurationNotification,
  type Diagnostic,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type MarkupContent,
  MessageType,
} from "vscode-languageserver-protocol/node";

import {
  CATALOG_STATUS,
  type CatalogStatus,
  isCatalogStatus,
  REFRESH_CATALOG,
  type RefreshResult,
  statusBarView,
} from "../src/catalogStatus";
import { type ServerFound } from "../src/serverDiscovery";
import { needsRestart, readFlatSettings, toInitializationOptions } from "../src/settings";
import { findServer, inspectLike, serverEnvironment, tempDir, UNREACHABLE_URL } from "./helpers";
import { LspSession } from "./lspSession";

/** `gpt-4o-mnii` (line 4, columns 6-17) is a misspelling of `gpt-4o-mini` (line 5). */
const CONFIG = [
  "providers:",
  "  openai:",
  "    llm_type: openai_compatible",
  "    models:",
  "      gpt-4o-mnii: {}",
  "      gpt-4o-mini: {}",
  "    auth_strategy: api_key",
  "",
].join("\n");
/** The same file while the user types a model name on line 5. */
const TYPING = CONFIG.replace("      gpt-4o-mini: {}", "      gpt-4o-mi");

/** What VS Code 1.85 declares for the features the server uses, minus pull diagnostics. */
const PUSH_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ["utf-16"] },
  window: { workDoneProgress: true, showMessage: {} },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    executeCommand: {},
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        documentationFormat: ["markdown", "plaintext"],
        tagSupport: { valueSet: [1] },
        labelDetailsSupport: true,
        resolveSupport: { properties: ["documentation", "detail"] },
      },
    },
    hover: { contentFormat: ["markdown", "plaintext"] },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
  },
};
/** VS Code itself pulls diagnostics (LSP 3.17) when the server offers them. */
const PULL_CAPABILITIES: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  textDocument: { ...PUSH_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: true } },
};

const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

describe("the real modelforge-lsp, driven with the extension's settings", () => {
  const workspace = tempDir("workspace");
  const cacheDir = path.join(tempDir("cache"), "catalog");
  const configFile = path.join(workspace, ".model-forge", "config.yaml");
  const uri = pathToFileURL(configFile).toString();
  /** VS Code user settings (settings.json) for this test. */
  const userSettings = {
    "catalog.offline": true,
    "catalog.cacheDir": cacheDir,
    "catalog.url": UNREACHABLE_URL,
    "server.path": "(client-only, never sent)",
    "trace.server": "verbose",
  };
  const options = toInitializationOptions(readFlatSettings(inspectLike(userSettings)));
  let server: ServerFound;
  let session: LspSession;

  before(async () => {
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeFileSync(configFile, CONFIG);
    server = await findServer();
  });

  after(() => session?.kill());

  it("builds the initializationOptions the extension sends", () => {
    assert.deepEqual(options, {
      catalog: { url: UNREACHABLE_URL, cacheDir, offline: true },
      checks: { catalog: true, severity: {} },
      inlayHints: { enabled: true },
      diagnostics: { debounceMs: 200 },
      hover: { tables: true },
      customProviders: {},
    });
  });

  it("initializes and advertises the features and commands the extension uses", async () => {
    const started = await LspSession.start({
      command: server.server.command,
      args: server.server.args,
      env: serverEnvironment(),
      capabilities: PUSH_CAPABILITIES,
      rootUri: pathToFileURL(workspace).toString(),
      initializationOptions: options,
    });
    session = started.session;
    const capabilities = started.result.capabilities;
    assert.equal(started.result.serverInfo?.name, "modelforge-lsp");
    assert.equal(started.result.serverInfo?.version, server.version);
    assert.deepEqual(
      new Set(capabilities.executeCommandProvider?.commands),
      new Set([REFRESH_CATALOG, CATALOG_STATUS]),
    );
    assert.ok(capabilities.completionProvider, "completion");
    assert.ok(capabilities.hoverProvider, "hover");
  });

  it("publishes MF302 on the misspelled model's line, source modelforge", async () => {
    await session.open(uri, CONFIG);
    const published = await session.waitForDiagnostics(
      (params) => params.uri === uri && byCode(params.diagnostics, "MF302").length > 0,
      "MF302 for the opened config",
    );
    const [mf302, ...others] = byCode(published.diagnostics, "MF302");
    assert.equal(others.length, 0);
    assert.deepEqual(mf302?.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 17 } });
    assert.equal(mf302?.source, "modelforge");
    assert.match(mf302?.message ?? "", /gpt-4o-mini/);
    assert.match(mf302?.codeDescription?.href ?? "", /diagnostics/);
    assert.ok(
      published.diagnostics.every((d) => d.range.start.line !== 5),
      "gpt-4o-mini itself is fine",
    );
  });

  it("answers hover on gpt-4o-mini with its price", async () => {
    const hover = await session.within(
      session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 5, character: 9 },
      }),
      "hover",
    );
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, "markdown");
    assert.ok(contents.value.includes("$0.15"), contents.value);
  });

  it("completes openai's models under providers.openai.models, with prices", async () => {
    await session.replace(uri, 2, TYPING);
    const result = await session.within(
      session.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 5, character: 15 },
      }),
      "completion",
    );
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    const item = items.find((candidate) => candidate.label === "gpt-4o-mini");
    assert.ok(item, `gpt-4o-mini among ${items.length} items`);
    assert.match(item.detail ?? "", /\$\d/);
    assert.ok(item.detail?.includes("$0.15"), item.detail);
    assert.ok(!items.some((candidate) => candidate.label === "claude-sonnet-4-5"), "only openai's models");
  });

  it("applies a settings change sent as the extension sends it (didChangeConfiguration)", async () => {
    const changed = toInitializationOptions(
      readFlatSettings(inspectLike({ ...userSettings, "checks.severity": { MF302: "off" } })),
    );
    assert.equal(needsRestart(options, changed), false, "no restart needed for this change");
    session.useSettings(changed);
    const before = session.published.length;
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { modelforge: changed },
    });
    await session.waitForDiagnostics(
      (params) =>
        params.uri === uri &&
        session.published.indexOf(params) >= before &&
        byCode(params.diagnostics, "MF302").length === 0,
      "diagnostics without MF302 after turning it off",
    );
  });

  it("returns counts from modelforge.catalogStatus, from the offline snapshot", async () => {
    const status = (await session.within(
      session.connection.sendRequest(ExecuteCommandRequest.type, { command: CATALOG_STATUS, arguments: [] }),
      CATALOG_STATUS,
    )) as CatalogStatus;
    assert.ok(isCatalogStatus(status));
    assert.equal(status.version, server.version);
    assert.equal(status.documents, 1);
    assert.ok(status.catalog.providers > 50, `${status.catalog.providers} providers`);
    assert.ok(status.catalog.models > 1000, `${status.catalog.models} models`);
    assert.equal(status.catalog.origin, "snapshot");
    assert.equal(status.catalog.offline, true);
    assert.deepEqual(
      [status.settings?.offline, status.settings?.cacheDir, status.settings?.url],
      [true, cacheDir, UNREACHABLE_URL],
    );
    assert.match(statusBarView(status).text, /^\$\(debug-disconnect\) ModelForge .*\(offline/);
  });

  it("refuses modelforge.refreshCatalog in offline mode, and says why", async () => {
    const result = (await session.within(
      session.connection.sendRequest(ExecuteCommandRequest.type, { command: REFRESH_CATALOG, arguments: [] }),
      REFRESH_CATALOG,
    )) as RefreshResult;
    assert.equal(result.status, "failed");
    assert.match(result.error ?? "", /offline mode is on/);
    assert.ok(result.models > 1000);
    const message = await session.waitForMessage(
      (m) => /refresh failed/.test(m.message),
      "the refresh message",
    );
    assert.equal(message.type, MessageType.Warning);
  });

  it("pulled its settings from the client and logged no errors", () => {
    assert.ok(session.configurationPulls.length > 0, "workspace/configuration");
    assert.ok(session.registrations.some((r) => r.method === "workspace/didChangeConfiguration"));
    const errors = session.logs.filter((log) => log.type === MessageType.Error);
    assert.deepEqual(errors, []);
  });

  it("shuts down cleanly", async () => {
    assert.equal(await session.shutdown(), 0);
  });
});

describe("a client that pulls diagnostics, as VS Code does", () => {
  it("gets MF302 from textDocument/diagnostic and no pushes", async () => {
    const server = await findServer();
    const workspace = tempDir("pull");
    const uri = pathToFileURL(path.join(workspace, ".model-forge", "config.yaml")).toString();
    const options = toInitializationOptions(
      readFlatSettings(
        inspectLike({ "catalog.offline": true, "catalog.cacheDir": path.join(workspace, "cache") }),
      ),
    );
    const { session } = await LspSession.start({
      command: server.server.command,
      args: server.server.args,
      env: serverEnvironment(),
      capabilities: PULL_CAPABILITIES,
      rootUri: pathToFileURL(workspace).toString(),
      initializationOptions: options,
    });
    try {
      await session.open(uri, CONFIG);
      const report = await session.within(
        session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
        "textDocument/diagnostic",
      );
      assert.equal(report.kind, "full");
      const items = report.kind === "full" ? report.items : [];
      assert.deepEqual(
        byCode(items, "MF302").map((d) => d.range.start.line),
        [4],
      );
      assert.deepEqual(
        session.published.filter((params) => params.uri === uri),
        [],
      );
      assert.equal(await session.shutdown(), 0);
    } finally {
      session.kill();
    }
  });
});
