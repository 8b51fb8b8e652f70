/**
 * VS Code's `modelforge.*` settings → the server's `initializationOptions`.
 *
 * VS Code stores settings under flat dotted keys (`modelforge.catalog.offline`); the server wants
 * one nested camelCase object (`{"catalog": {"offline": true}}`, see docs/server.md). This module
 * does that mapping and decides which values are sent at all:
 *
 * - `catalog.*` options are sent only when the user set them (user, workspace or folder
 *   settings). Left unset, the server falls back to the `MODELFORGE_*` environment variables and
 *   then to its defaults — sending VS Code's displayed default would silently override
 *   `MODELFORGE_OFFLINE=1` from the shell.
 * - The other options have no environment variable, so their effective value (the default
 *   included) is always sent: un-setting one later then really returns to the default.
 * - Client-only settings (`server.path`, `trace.server`) never reach the server.
 *
 * The same object is the `initializationOptions`, the answer to the server's
 * `workspace/configuration` pull and the payload of `workspace/didChangeConfiguration`, so the
 * server sees one consistent view. Nothing here imports `vscode`: the tests run it in plain Node.
 */

export const SECTION = "modelforge";

/** The server's options, as VS Code setting keys below `modelforge.` (camelCase, as on the wire). */
export const SERVER_SETTINGS = [
  "catalog.url",
  "catalog.cacheDir",
  "catalog.ttl",
  "catalog.offline",
  "catalog.enabled",
  "checks.catalog",
  "checks.severity",
  "inlayHints.enabled",
  "diagnostics.debounceMs",
  "hover.tables",
  "customProviders",
] as const;

export type ServerSetting = (typeof SERVER_SETTINGS)[number];

/** Settings the extension itself reads; the server never sees them. */
export const CLIENT_SETTINGS = ["server.path", "trace.server"] as const;

/** Options with an environment-variable fallback on the server: sent only when set explicitly. */
export function fallsBackToEnvironment(key: ServerSetting): boolean {
  return key.startsWith("catalog.");
}

/** The JSON object the server receives; every field optional (docs/server.md, "Settings"). */
export type InitializationOptions = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What `vscode.WorkspaceConfiguration.inspect(key)` returns (the fields we read). */
export interface InspectedSetting {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
  readonly globalLanguageValue?: unknown;
  readonly workspaceLanguageValue?: unknown;
  readonly workspaceFolderLanguageValue?: unknown;
}

/** Settings keyed like VS Code's (`"catalog.offline"`); a missing key means "not sent". */
export type FlatSettings = Readonly<Partial<Record<ServerSetting, unknown>>>;

/** The value the user wrote somewhere (most specific scope first), or `undefined`. */
export function explicitValue(setting: InspectedSetting | undefined): unknown {
  if (setting === undefined) {
    return undefined;
  }
  return [
    setting.workspaceFolderLanguageValue,
    setting.workspaceFolderValue,
    setting.workspaceLanguageValue,
    setting.workspaceValue,
    setting.globalLanguageValue,
    setting.globalValue,
  ].find((value) => value !== undefined && value !== null);
}

/**
 * The `modelforge.server.path` value that counts, or `undefined` when none is set.
 *
 * It names a program to run, so in an untrusted workspace only the user's own value counts (the
 * User settings, or in a remote window the Remote settings, both `globalValue` here), never one
 * from the workspace's `.vscode/settings.json` or `.code-workspace` file. VS Code drops those
 * itself too (the manifest lists the setting under `restrictedConfigurations`); this holds
 * without relying on it.
 */
export function serverPathSetting(setting: InspectedSetting | undefined, trusted: boolean): string | undefined {
  if (setting === undefined) {
    return undefined;
  }
  const scopes = trusted
    ? [setting.workspaceFolderValue, setting.workspaceValue, setting.globalValue]
    : [setting.globalValue];
  const value = scopes.find((candidate) => typeof candidate === "string" && candidate.trim() !== "");
  return typeof value === "string" ? value.trim() : undefined;
}

/** The settings to send, read through `inspect` (`config.inspect.bind(config)` in VS Code). */
export function readFlatSettings(
  inspect: (key: ServerSetting) => InspectedSetting | undefined,
): FlatSettings {
  const flat: Partial<Record<ServerSetting, unknown>> = {};
  for (const key of SERVER_SETTINGS) {
    const inspected = inspect(key);
    const explicit = explicitValue(inspected);
    const value = fallsBackToEnvironment(key) ? explicit : (explicit ?? inspected?.defaultValue);
    if (value !== undefined) {
      flat[key] = value;
    }
  }
  return flat;
}

/** Plain JSON, detached from VS Code's read-only proxies; `undefined` for nothing to send. */
function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === "string") {
    const text = value.trim();
    return text === "" ? undefined : text;
  }
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** `{"catalog.offline": true, "server.path": …}` → `{"catalog": {"offline": true}}`. */
export function toInitializationOptions(flat: FlatSettings): InitializationOptions {
  const options: InitializationOptions = {};
  for (const key of SERVER_SETTINGS) {
    const value = toJson(flat[key]);
    if (value === undefined) {
      continue;
    }
    const path = key.split(".");
    const leaf = path.pop() as string;
    let node = options;
    for (const part of path) {
      const child = node[part];
      node = node[part] = typeof child === "object" && child !== null && !Array.isArray(child) ? child : {};
    }
    node[leaf] = value;
  }
  return options;
}

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Whether the new options can reach the running server as a `didChangeConfiguration`.
 *
 * The server lays every change over its `initializationOptions`, object by object, so a key that
 * was in the initial options and is gone now (a `catalog.offline` removed from settings.json, an
 * entry deleted from `checks.severity`) would keep its old value: only a restart forgets it.
 */
export function needsRestart(initial: JsonValue, current: JsonValue | undefined): boolean {
  if (!isObject(initial)) {
    return false;
  }
  if (!isObject(current)) {
    return Object.keys(initial).length > 0;
  }
  return Object.keys(initial).some((key) => !(key in current) || needsRestart(initial[key], current[key]));
}

/** Files the server is for: project and user config, YAML or the older JSON spelling. */
export const CONFIG_PATTERNS = [
  "**/.model-forge/config.{yaml,yml,json}",
  "**/model-forge/config.{yaml,yml,json}",
] as const;

/** One glob for `workspace.findFiles` (VS Code globs do not nest braces). */
export const CONFIG_GLOB = "**/{.model-forge,model-forge}/config.{yaml,yml,json}";

export const CONFIG_LANGUAGES = ["yaml", "json", "jsonc"] as const;

export interface DocumentFilter {
  readonly scheme: string;
  readonly language: string;
  readonly pattern: string;
}

/** The client's document selector: on-disk ModelForge configs in any of their languages. */
export function documentSelector(): DocumentFilter[] {
  return CONFIG_PATTERNS.flatMap((pattern) =>
    CONFIG_LANGUAGES.map((language) => ({ scheme: "file", language, pattern })),
  );
}
