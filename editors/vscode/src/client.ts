/**
 * The language client's life: find the server, start it, keep its settings in step, restart it.
 *
 * One `ServerController` owns at most one `LanguageClient`. Starting runs server discovery
 * (serverDiscovery.ts); when no server runs, the user gets one notification with the install
 * command and the status bar says so — the client is never started against a missing binary,
 * which would stack up "server crashed" errors instead.
 *
 * Settings reach the server as one object (settings.ts) three ways: as `initializationOptions`,
 * as our answer to its `workspace/configuration` pull, and inline in `didChangeConfiguration`
 * (the middleware below replaces the client's default payload, which would send VS Code's
 * displayed defaults and override the server's `MODELFORGE_*` environment variables). A change
 * the server cannot apply on top of its start-up options (a removed setting) restarts it.
 */

import { homedir } from "node:os";
import { isDeepStrictEqual } from "node:util";

import * as vscode from "vscode";
import {
  type ConfigurationParams,
  DidChangeConfigurationNotification,
  type DynamicFeature,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  type StaticFeature,
} from "vscode-languageclient/node";

import { CATALOG_STATUS, type CatalogStatus, isCatalogStatus } from "./catalogStatus";
import { selectedPython } from "./python";
import {
  describeCandidate,
  discoverServer,
  INSTALL_COMMAND,
  type ServerMissing,
  serverDirectory,
  SETTING,
} from "./serverDiscovery";
import {
  documentSelector,
  type InitializationOptions,
  needsRestart,
  readFlatSettings,
  SECTION,
  serverPathSetting,
  toInitializationOptions,
} from "./settings";
import { type CatalogStatusBar } from "./statusBar";

const CLIENT_ID = SECTION; // the client reads `modelforge.trace.server` because of this id
const STATUS_POLL_MS = 5 * 60_000;

/**
 * A `LanguageClient` that leaves `workspace/executeCommand` to the extension.
 *
 * The stock client registers a VS Code command for every command the server advertises; ours
 * are contributed under the same names (`modelforge.refreshCatalog`, …) so they are in the
 * palette before the server starts and can show their results. Two registrations of one name
 * fail, so the stock feature is left out; requests still go out through `sendRequest`.
 */
class ModelForgeLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    const method = (feature as Partial<DynamicFeature<unknown>>).registrationType?.method;
    if (method !== ExecuteCommandRequest.method) {
      super.registerFeature(feature);
    }
  }
}

/** The settings object the server gets, read from VS Code's configuration now. */
export function currentOptions(): InitializationOptions {
  const config = vscode.workspace.getConfiguration(SECTION);
  return toInitializationOptions(readFlatSettings((key) => config.inspect(key)));
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private missing: ServerMissing | undefined;
  /** Start, stop and restart run one after another, never interleaved. */
  private queue: Promise<unknown> = Promise.resolve();
  private startOptions: InitializationOptions = {};
  private sentOptions: InitializationOptions = {};
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly statusBar: CatalogStatusBar,
  ) {
    this.poll = setInterval(() => void this.updateStatus(), STATUS_POLL_MS);
  }

  /** Starts the server unless it runs or is known to be missing; resolves to the client. */
  start(): Promise<LanguageClient | undefined> {
    return this.enqueue(async () => {
      if (this.client?.state === State.Stopped) {
        this.client = undefined; // crashed too often: the client gave up restarting it
      }
      return this.client ?? (this.missing ? undefined : this.launch());
    });
  }

  /** Stops the server, looks for it again (the path setting may have changed) and starts it. */
  restart(): Promise<LanguageClient | undefined> {
    return this.enqueue(async () => {
      await this.shutdown();
      this.missing = undefined;
      return this.launch();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.shutdown());
  }

  /** Runs one of the server's commands; `undefined` when no server runs or it failed. */
  async executeCommand(command: string): Promise<unknown> {
    const client = await this.start();
    if (client === undefined) {
      this.explainMissing();
      return undefined;
    }
    try {
      return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [] });
    } catch (error) {
      this.log(`${command} failed: ${String(error)}`);
      void vscode.window.showErrorMessage(`ModelForge: ${command} failed: ${String(error)}`);
      return undefined;
    }
  }

  /** Shows the "no server" notification again (a command needed the server). */
  explainMissing(): void {
    if (this.missing) {
      this.notifyMissing(this.missing);
    }
  }

  /** Asks the server for the catalog status and shows it in the status bar. */
  async updateStatus(): Promise<CatalogStatus | undefined> {
    const client = this.client;
    if (client?.isRunning() !== true) {
      return undefined;
    }
    try {
      // Quietly: this also runs on a timer, and a failure here is not worth a notification.
      const status = await client.sendRequest(ExecuteCommandRequest.type, { command: CATALOG_STATUS });
      if (isCatalogStatus(status)) {
        this.statusBar.show(status);
        return status;
      }
    } catch (error) {
      this.log(`${CATALOG_STATUS} failed: ${String(error)}`);
    }
    return undefined;
  }

  dispose(): void {
    clearInterval(this.poll);
    void this.stop();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private log(message: string): void {
    this.output.appendLine(message);
  }

  private async launch(): Promise<LanguageClient | undefined> {
    this.statusBar.starting();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter(
      (item) => item.uri.scheme === "file",
    );
    const folder = folders[0];
    const trusted = vscode.workspace.isTrusted;
    const config = vscode.workspace.getConfiguration(SECTION);
    const remoteName = vscode.env.remoteName;
    const where = remoteName ? `remote window: ${remoteName}` : "local window";
    this.log(`Looking for the server (${where}, workspace ${trusted ? "trusted" : "not trusted"}).`);
    const discovery = await discoverServer({
      settingPath: serverPathSetting(config.inspect("server.path"), trusted),
      pythonCommand: () => selectedPython(folder?.uri, (message) => this.log(message)),
      cwd: folder?.uri.fsPath,
      trusted,
      workspaceFolders: folders.map((item) => item.uri.fsPath),
      remoteName,
      serverCwd: serverDirectory(trusted, folder?.uri.fsPath, homedir()),
    });
    for (const attempt of discovery.attempts) {
      const outcome = attempt.version ? `modelforge-lsp ${attempt.version}` : attempt.error;
      this.log(`Server discovery: ${describeCandidate(attempt.candidate)} → ${outcome}`);
    }
    if (!discovery.found) {
      this.missing = discovery;
      this.statusBar.missing(discovery.message);
      this.notifyMissing(discovery);
      return undefined;
    }

    const options = currentOptions();
    const server = discovery.server;
    const serverOptions: ServerOptions = {
      command: server.command,
      args: [...server.args],
      options: discovery.run,
    };
    const client = new ModelForgeLanguageClient(
      CLIENT_ID,
      "ModelForge",
      serverOptions,
      this.clientOptions(options),
    );
    this.startOptions = options;
    this.sentOptions = options;
    try {
      await client.start();
    } catch (error) {
      // The client has shown its one "couldn't create connection" notification already.
      this.log(`The server did not start: ${String(error)}`);
      this.statusBar.stopped();
      await client.dispose().catch(() => undefined);
      return undefined;
    }
    this.client = client;
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Stopped && this.client === client) {
        this.statusBar.stopped();
      }
    });
    this.log(`Started ${describeCandidate(server)} (modelforge-lsp ${discovery.version}).`);
    void this.updateStatus();
    return client;
  }

  private clientOptions(options: InitializationOptions): LanguageClientOptions {
    return {
      documentSelector: documentSelector(),
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: options,
      // Give up at once: the stock handler adds a second notification for the same failure.
      initializationFailedHandler: (error) => {
        this.log(`initialize failed: ${String(error)}`);
        return false;
      },
      middleware: {
        workspace: {
          configuration: async (params: ConfigurationParams, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return answer.map((value: unknown, index) =>
              params.items[index]?.section === SECTION ? currentOptions() : value,
            );
          },
          didChangeConfiguration: async () => this.settingsChanged(),
        },
      },
    };
  }

  private async settingsChanged(): Promise<void> {
    const client = this.client;
    const options = currentOptions();
    if (client === undefined || isDeepStrictEqual(options, this.sentOptions)) {
      return;
    }
    if (needsRestart(this.startOptions, options)) {
      this.log("A setting was removed; restarting the server so that it forgets the old value.");
      void this.restart();
      return;
    }
    this.sentOptions = options;
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SECTION]: options },
    });
    setTimeout(() => void this.updateStatus(), 1000);
  }

  private notifyMissing(missing: ServerMissing): void {
    // In a remote window the setting is read from the Remote settings: open those.
    const remote = vscode.env.remoteName !== undefined;
    const openSettings = remote ? "Open Remote Settings" : "Open Settings";
    void vscode.window
      .showErrorMessage(missing.message, openSettings, "Copy Install Command")
      .then(async (choice) => {
        if (choice === openSettings) {
          await vscode.commands.executeCommand(
            remote ? "workbench.action.openRemoteSettings" : "workbench.action.openSettings",
            SETTING,
          );
        } else if (choice === "Copy Install Command") {
          await vscode.env.clipboard.writeText(INSTALL_COMMAND);
        }
      });
  }

  private async shutdown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop(2000);
    } catch (error) {
      this.log(`The server did not stop cleanly: ${String(error)}`);
    }
    this.statusBar.stopped();
  }
}
