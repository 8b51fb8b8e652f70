/**
 * A minimal LSP client over stdio: `vscode-languageserver-protocol` (the protocol layer
 * `vscode-languageclient` itself is built on) driving a real server process.
 *
 * It plays VS Code's part where the server talks back: it answers `workspace/configuration`
 * with the same settings object the extension's middleware sends, accepts registrations and
 * progress tokens, and records diagnostics, log lines and messages for the assertions.
 */

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { EventEmitter } from "node:events";

import {
  type ClientCapabilities,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type LogMessageParams,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  RegistrationRequest,
  type RegistrationParams,
  ShowMessageNotification,
  type ShowMessageParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
} from "vscode-languageserver-protocol/node";

import { type InitializationOptions, SECTION } from "../src/settings";

const WAIT_MS = 20_000;

export interface SessionOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly capabilities: ClientCapabilities;
  readonly rootUri: string;
  readonly initializationOptions: InitializationOptions;
}

export class LspSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly registrations: RegistrationParams["registrations"] = [];
  readonly configurationPulls: unknown[] = [];
  stderr = "";
  private readonly events = new EventEmitter();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    private settings: InitializationOptions,
  ) {
    this.exited = new Promise((resolve) => process.on("exit", (code) => resolve(code)));
    process.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.events.emit("published");
    });
    connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params));
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.events.emit("message");
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationPulls.push(params);
      return params.items.map((item) => (item.section === SECTION ? this.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    connection.onNotification("$/progress", () => undefined);
    connection.listen();
  }

  /** Spawns the server, runs `initialize` and `initialized`; resolves with the server's answer. */
  static async start(options: SessionOptions): Promise<{ session: LspSession; result: InitializeResult }> {
    const child = spawn(options.command, [...options.args], { env: options.env, stdio: "pipe" });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const session = new LspSession(child, connection, options.initializationOptions);
    const result = await session.within(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: "modelforge-vscode-test" },
        rootUri: options.rootUri,
        workspaceFolders: [{ uri: options.rootUri, name: "workspace" }],
        capabilities: options.capabilities,
        initializationOptions: options.initializationOptions,
      }),
      "initialize",
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return { session, result };
  }

  /** What `workspace/configuration` answers from now on (VS Code's settings changed). */
  useSettings(settings: InitializationOptions): void {
    this.settings = settings;
  }

  async open(uri: string, text: string, languageId = "yaml"): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async replace(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  /** The first `publishDiagnostics` (past or future) that satisfies `accept`. */
  waitForDiagnostics(
    accept: (params: PublishDiagnosticsParams) => boolean,
    what: string,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor("published", () => this.published.find(accept), what);
  }

  waitForMessage(accept: (params: ShowMessageParams) => boolean, what: string): Promise<ShowMessageParams> {
    return this.waitFor("message", () => this.messages.find(accept), what);
  }

  /** `shutdown`, then `exit`; resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.within(this.connection.sendRequest(ShutdownRequest.type), "shutdown");
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.within(this.exited, "the server process to exit");
    this.connection.dispose();
    return code;
  }

  /** Ends the process if a test failed before `shutdown`. */
  kill(): void {
    if (this.process.exitCode === null) {
      this.process.kill();
    }
    this.connection.dispose();
  }

  /** `promise`, or a rejection naming `what` (and the server's stderr) after a while. */
  within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no ${what} within ${ms} ms; server stderr:\n${this.stderr}`)),
        ms,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private waitFor<T>(event: string, find: () => T | undefined, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) {
      return Promise.resolve(found);
    }
    const waiting = new Promise<T>((resolve) => {
      const check = () => {
        const value = find();
        if (value !== undefined) {
          this.events.off(event, check);
          resolve(value);
        }
      };
      this.events.on(event, check);
    });
    return this.within(waiting, what);
  }
}
