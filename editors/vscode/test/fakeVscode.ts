/**
 * A stand-in for the `vscode` module, enough to activate the bundled extension in plain Node.
 *
 * No VS Code binary is available to these tests, so `dist/extension.js` is loaded with this
 * object as its `vscode`. The parts the extension itself uses (configuration, commands, the
 * status bar, messages, the output channel, document events) are implemented and recorded;
 * everything else `vscode-languageclient` touches while it starts (provider registrations,
 * diagnostic collections, tabs…) answers with an inert stub. Like VS Code, registering a
 * command twice throws. This proves the extension's own wiring against a real server, not
 * VS Code's rendering of it.
 */

type Listener = (event: unknown) => unknown;

export class Disposable {
  constructor(private readonly onDispose?: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose?.();
  }
}

export class EventEmitter {
  private listeners: Listener[] = [];
  readonly event = (listener: Listener): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(event?: unknown): void {
    this.listeners.forEach((listener) => listener(event));
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  readonly scheme = "file";
  private constructor(readonly fsPath: string) {}
  static file(fsPath: string): Uri {
    return new Uri(fsPath);
  }
  static parse(text: string): Uri {
    return new Uri(decodeURIComponent(text.replace(/^file:\/\//, "")));
  }
  get path(): string {
    return this.fsPath;
  }
  with(): Uri {
    return this;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

/** An inert object: any property is another stub, calling one returns a stub. */
function stub(): unknown {
  const target = function () {};
  return new Proxy(target, {
    get(_target, key) {
      if (key === "then") {
        return undefined; // not a promise
      }
      if (key === Symbol.iterator) {
        return function* () {};
      }
      if (key === Symbol.toPrimitive) {
        return () => 0;
      }
      if (key === "length") {
        return 0;
      }
      if (typeof key === "string" && key.startsWith("on")) {
        return () => new Disposable(); // an event: subscribing does nothing
      }
      return stub();
    },
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

/** `base`, with a stub for anything it does not define. */
function withStubs<T extends object>(base: T): T {
  return new Proxy(base, { get: (target, key) => (key in target ? target[key as keyof T] : stub()) });
}

export interface Message {
  readonly severity: "error" | "warning" | "information";
  readonly text: string;
  readonly buttons: string[];
}

export interface StatusBarState {
  text: string;
  command: string | undefined;
  tooltip: unknown;
}

export interface FakeVscode {
  /** The `vscode` module to hand to the extension. */
  readonly module: object;
  readonly messages: Message[];
  readonly output: string[];
  readonly statusBar: StatusBarState;
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly didOpenTextDocument: EventEmitter;
}

export interface FakeOptions {
  /** The user's `modelforge.*` settings (keys without the prefix). */
  readonly settings: Record<string, unknown>;
  /** The contributed defaults (keys without the prefix), as the manifest declares them. */
  readonly defaults: Record<string, unknown>;
  /** The one workspace folder. */
  readonly workspaceFolder: string;
  /** What `workspace.findFiles` finds in it. */
  readonly configFiles: string[];
  /** `workspace.isTrusted`; default true. */
  readonly trusted?: boolean;
  /** `env.remoteName`; default undefined (a local window). */
  readonly remoteName?: string;
}

/** A fresh stand-in; see the module docstring. */
export function fakeVscode({
  settings,
  defaults,
  workspaceFolder,
  configFiles,
  trusted = true,
  remoteName,
}: FakeOptions): FakeVscode {
  const messages: Message[] = [];
  const output: string[] = [];
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const statusBar: StatusBarState = { text: "", command: undefined, tooltip: undefined };
  const didOpenTextDocument = new EventEmitter();
  const show =
    (severity: Message["severity"]) =>
    async (text: string, ...buttons: unknown[]) => {
      const titles = buttons.map((b) =>
        typeof b === "string" ? b : String((b as { title?: string }).title),
      );
      messages.push({ severity, text, buttons: titles });
      return undefined; // the user dismisses every notification
    };
  const outputChannel = (name: string) => ({
    name,
    append: (text: string) => output.push(text),
    appendLine: (text: string) => output.push(text),
    clear() {},
    replace() {},
    show() {},
    hide() {},
    dispose() {},
  });
  const module = withStubs({
    version: "1.85.0",
    Disposable,
    EventEmitter,
    Uri,
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: class {
      constructor(readonly value: string) {}
    },
    env: withStubs({
      appName: "Visual Studio Code",
      language: "en",
      machineId: "fake",
      sessionId: "fake",
      uiKind: 1,
      remoteName,
      clipboard: { writeText: async () => undefined },
    }),
    extensions: withStubs({ getExtension: () => undefined }),
    languages: withStubs({ match: () => 1 }),
    commands: withStubs({
      registerCommand(id: string, callback: (...args: unknown[]) => unknown) {
        if (commands.has(id)) {
          throw new Error(`command '${id}' already exists`);
        }
        commands.set(id, callback);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async (id: string, ...args: unknown[]) => commands.get(id)?.(...args),
    }),
    window: withStubs({
      createOutputChannel: outputChannel,
      createStatusBarItem: () =>
        Object.assign(statusBar, {
          name: "",
          backgroundColor: undefined,
          show() {},
          hide() {},
          dispose() {},
        }),
      showErrorMessage: show("error"),
      showWarningMessage: show("warning"),
      showInformationMessage: show("information"),
    }),
    workspace: withStubs({
      workspaceFolders: [{ uri: Uri.file(workspaceFolder), name: "workspace", index: 0 }],
      isTrusted: trusted,
      textDocuments: [],
      findFiles: async () => configFiles.map((file) => Uri.file(file)),
      onDidOpenTextDocument: didOpenTextDocument.event,
      getConfiguration: () =>
        withStubs({
          get: (key: string, fallback?: unknown) => settings[key] ?? defaults[key] ?? fallback,
          inspect: (key: string) => ({ key, defaultValue: defaults[key], globalValue: settings[key] }),
          has: (key: string) => key in settings,
        }),
    }),
  });
  return { module, messages, output, statusBar, commands, didOpenTextDocument };
}
