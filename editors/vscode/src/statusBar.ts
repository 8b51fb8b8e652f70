/**
 * The status bar item: how old the catalog is and whether it is offline; a click refreshes it.
 *
 * Its text comes from the server's `modelforge.catalogStatus` (see catalogStatus.ts), asked at
 * start, after every refresh or settings change, and every few minutes (the age moves on, and
 * the server may have refreshed in the background).
 */

import * as vscode from "vscode";

import { type CatalogStatus, REFRESH_CATALOG, statusBarView } from "./catalogStatus";

export const RESTART_SERVER = "modelforge.restartServer";

export class CatalogStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "modelforge.catalog",
    vscode.StatusBarAlignment.Right,
    100,
  );

  constructor() {
    this.item.name = "ModelForge catalog";
  }

  starting(): void {
    this.set("$(sync~spin) ModelForge", "Starting the ModelForge language server…");
  }

  refreshing(): void {
    this.set("$(sync~spin) ModelForge", "Refreshing the catalog from models.dev…");
  }

  show(status: CatalogStatus): void {
    const view = statusBarView(status);
    this.set(view.text, view.tooltip, REFRESH_CATALOG, view.warning ? "warning" : undefined);
  }

  missing(message: string): void {
    this.set(
      "$(error) ModelForge",
      `${message}\n\nClick to look for the server again.`,
      RESTART_SERVER,
      "error",
    );
  }

  stopped(): void {
    this.set(
      "$(circle-slash) ModelForge",
      "The ModelForge language server is not running. Click to start it.",
      RESTART_SERVER,
    );
  }

  dispose(): void {
    this.item.dispose();
  }

  private set(text: string, tooltip: string, command?: string, tone?: "warning" | "error"): void {
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(tooltip);
    this.item.command = command;
    this.item.backgroundColor = tone ? new vscode.ThemeColor(`statusBarItem.${tone}Background`) : undefined;
    this.item.show();
  }
}
