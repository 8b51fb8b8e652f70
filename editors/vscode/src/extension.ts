/**
 * The ModelForge extension: starts `modelforge-lsp` for ModelForge config files.
 *
 * Activation is broad (any YAML/JSON file, or a workspace holding a config) because VS Code
 * cannot activate on a path pattern alone; the server itself starts only when a ModelForge
 * config is open or the workspace contains one, so other YAML users pay for nothing but this
 * check. The commands are the server's catalog commands plus a restart.
 */

import * as vscode from "vscode";

import {
  CATALOG_STATUS,
  isCatalogStatus,
  REFRESH_CATALOG,
  type RefreshResult,
  statusSummary,
} from "./catalogStatus";
import { ServerController } from "./client";
import { CONFIG_GLOB, documentSelector } from "./settings";
import { CatalogStatusBar, RESTART_SERVER } from "./statusBar";

let controller: ServerController | undefined;

function isConfigDocument(document: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector(), document) > 0;
}

async function workspaceHasConfig(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) {
    return false;
  }
  const found = await vscode.workspace.findFiles(CONFIG_GLOB, "**/node_modules/**", 1);
  return found.length > 0;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("ModelForge");
  const statusBar = new CatalogStatusBar();
  const server = new ServerController(output, statusBar);
  controller = server;

  const refreshCatalog = async (): Promise<RefreshResult | undefined> => {
    if ((await server.start()) === undefined) {
      server.explainMissing();
      return undefined;
    }
    statusBar.refreshing();
    try {
      // The server reports the outcome itself: a progress bar, then one message.
      return (await server.executeCommand(REFRESH_CATALOG)) as RefreshResult | undefined;
    } finally {
      await server.updateStatus();
    }
  };
  const showCatalogStatus = async (): Promise<void> => {
    const status = await server.executeCommand(CATALOG_STATUS);
    if (!isCatalogStatus(status)) {
      return;
    }
    await server.updateStatus();
    const choice = await vscode.window.showInformationMessage(
      statusSummary(status),
      "Refresh",
      "Show Details",
    );
    if (choice === "Refresh") {
      await refreshCatalog();
    } else if (choice === "Show Details") {
      output.appendLine(`${CATALOG_STATUS}: ${JSON.stringify(status, null, 2)}`);
      output.show(true);
    }
  };

  context.subscriptions.push(
    output,
    statusBar,
    server,
    vscode.commands.registerCommand(REFRESH_CATALOG, refreshCatalog),
    vscode.commands.registerCommand(CATALOG_STATUS, showCatalogStatus),
    vscode.commands.registerCommand(RESTART_SERVER, () => server.restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("modelforge.server.path")) {
        void server.restart();
      }
    }),
    // Trust lets the workspace's own setting, interpreter and virtual environments count.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart()),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isConfigDocument(document)) {
        void server.start();
      }
    }),
  );

  if (vscode.workspace.textDocuments.some(isConfigDocument) || (await workspaceHasConfig())) {
    void server.start();
  }
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
