/**
 * Finding a `modelforge-lsp` that runs.
 *
 * Candidates, in order:
 *
 * 1. the `modelforge.server.path` setting — when set, it is the only candidate: a user who named
 *    a server wants that one, and silently starting another would hide the mistake;
 * 2. `modelforge-lsp` on `PATH` (pip, pipx, uv tool);
 * 3. the Python interpreter VS Code has selected (or `python3`) with `-m modelforge_lsp`.
 *
 * Each candidate must answer `--version` with `modelforge-lsp <version>` before it is used, so a
 * stale shim or a Python without the package is skipped here rather than failing later as a
 * crashed language client. When nothing runs, the caller gets one message saying what was tried
 * and how to install the server. Nothing here imports `vscode`: the tests run it in plain Node.
 */

import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

export const SERVER_NAME = "modelforge-lsp";
export const PYTHON_MODULE = "modelforge_lsp";
export const INSTALL_COMMAND = "pip install modelforge-lsp";
export const SETTING = "modelforge.server.path";

export type CandidateSource = "setting" | "path" | "python";

export interface Candidate {
  readonly source: CandidateSource;
  readonly command: string;
  /** Arguments that start the server (stdio is the server's default: none for the executable). */
  readonly args: readonly string[];
}

export interface Attempt {
  readonly candidate: Candidate;
  /** The server's version when the candidate runs, else `undefined`. */
  readonly version?: string;
  /** Why the candidate was rejected, in a few words. */
  readonly error?: string;
}

export interface ServerFound {
  readonly found: true;
  readonly server: Candidate;
  readonly version: string;
  readonly attempts: readonly Attempt[];
}

export interface ServerMissing {
  readonly found: false;
  readonly attempts: readonly Attempt[];
  /** One paragraph for one notification: what was tried, and how to install the server. */
  readonly message: string;
}

export type Discovery = ServerFound | ServerMissing;

export interface DiscoveryOptions {
  /** The `modelforge.server.path` setting; empty or blank means unset. */
  readonly settingPath?: string;
  /** The selected interpreter (command and leading arguments), asked for only when needed. */
  readonly pythonCommand?: () => Promise<readonly string[] | undefined>;
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** For a relative `settingPath`: usually the first workspace folder. */
  readonly cwd?: string;
  readonly homeDir?: string;
  /** Per `--version` probe; a Python start-up on a cold disk can take a few seconds. */
  readonly timeoutMs?: number;
}

type ExecFileError = Error & {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
};

const DEFAULT_TIMEOUT_MS = 15_000;
const PYTHON_NAME = /^python(\d+(\.\d+)*)?(w)?(\.exe)?$/i;
const VERSION = /\bmodelforge-lsp\s+v?(\d[^\s]*)/;

function isWindows(platform: NodeJS.Platform): boolean {
  return platform === "win32";
}

/** The default interpreter when the Python extension has none to offer. */
export function defaultPython(platform: NodeJS.Platform = process.platform): string {
  return isWindows(platform) ? "python" : "python3";
}

function expandHome(file: string, homeDir: string): string {
  return file === "~" || file.startsWith("~/") || file.startsWith("~\\")
    ? path.join(homeDir, file.slice(1))
    : file;
}

/** The candidate for a `modelforge.server.path` value: a server executable or a Python. */
export function settingCandidate(
  settingPath: string,
  options: Pick<DiscoveryOptions, "cwd" | "homeDir"> = {},
): Candidate {
  const expanded = expandHome(settingPath.trim(), options.homeDir ?? homedir());
  const command = path.resolve(options.cwd ?? process.cwd(), expanded);
  const isPython = PYTHON_NAME.test(path.basename(command));
  return { source: "setting", command, args: isPython ? ["-m", PYTHON_MODULE] : [] };
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    if (!isWindows(platform)) {
      accessSync(file, constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on `PATH` (with `PATHEXT` on Windows), like a shell finds it. */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const windows = isWindows(platform);
  const searchPath = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? "";
  const extensions = windows
    ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean)]
    : [""];
  for (const directory of searchPath.split(windows ? ";" : ":")) {
    if (!directory) {
      continue;
    }
    for (const extension of extensions) {
      const file = path.join(directory, name + extension);
      if (isExecutableFile(file, platform)) {
        return file;
      }
    }
  }
  return undefined;
}

/** The last line of a program's output: where Python puts the exception. */
function lastLine(text: string): string {
  return text.trim().split(/\r?\n/).pop()?.trim() ?? "";
}

/** Runs `<candidate> --version`; resolves (never rejects) with the version or the reason. */
export function probe(
  candidate: Candidate,
  options: Pick<DiscoveryOptions, "env" | "timeoutMs" | "platform"> = {},
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  const execOptions = {
    env: options.env ?? process.env,
    timeout: timeoutMs,
    windowsHide: true,
    // A pip-installed `.cmd` shim only runs through the shell on Windows.
    shell: isWindows(platform) && /\.(cmd|bat)$/i.test(candidate.command),
  };
  return new Promise((resolve) => {
    execFile(candidate.command, [...candidate.args, "--version"], execOptions, (error, stdout, stderr) => {
      if (error) {
        resolve({ candidate, error: failureReason(error, `${stderr}`, `${stdout}`, timeoutMs) });
        return;
      }
      const output = `${stdout}\n${stderr}`;
      const match = VERSION.exec(output);
      resolve(
        match
          ? { candidate, version: match[1] }
          : {
              candidate,
              error: `--version printed ${JSON.stringify(lastLine(output))}, not "${SERVER_NAME} <version>"`,
            },
      );
    });
  });
}

function failureReason(error: ExecFileError, stderr: string, stdout: string, timeoutMs: number): string {
  if (error.code === "ENOENT") {
    return "not found";
  }
  if (error.code === "EACCES") {
    return "not executable";
  }
  if (error.killed) {
    return `did not answer --version within ${timeoutMs / 1000}s`;
  }
  const exit =
    error.code === undefined || error.code === null
      ? `signal ${String(error.signal)}`
      : `code ${String(error.code)}`;
  return `exited with ${exit}: ${lastLine(stderr) || lastLine(stdout) || "no output"}`;
}

/** How a candidate is shown to the user: the command line it would run. */
export function describeCandidate(candidate: Candidate): string {
  return [candidate.command, ...candidate.args].join(" ");
}

/** The one notification text for "no server": what was tried and the install command. */
export function notFoundMessage(attempts: readonly Attempt[]): string {
  const tried = attempts
    .map((attempt) => `${describeCandidate(attempt.candidate)} (${attempt.error ?? "failed"})`)
    .join("; ");
  const fromSetting = attempts.length === 1 && attempts[0]?.candidate.source === "setting";
  const head = fromSetting
    ? `ModelForge: the server in setting ${SETTING} does not run: ${tried}.`
    : `ModelForge: the language server ${SERVER_NAME} was not found (tried ${tried || "nothing"}).`;
  const fix = fromSetting
    ? `Fix the path, or clear the setting to use ${SERVER_NAME} from PATH. To install it: ${INSTALL_COMMAND}`
    : `Install it with: ${INSTALL_COMMAND} (in the Python environment VS Code uses, or with pipx), or set ${SETTING}.`;
  return `${head} ${fix}`;
}

/** Every candidate in order until one answers `--version`; see the module docstring. */
export async function discoverServer(options: DiscoveryOptions = {}): Promise<Discovery> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const probeOptions = { env, platform, timeoutMs: options.timeoutMs };
  const attempts: Attempt[] = [];
  const tryCandidate = async (candidate: Candidate): Promise<Discovery | undefined> => {
    const attempt = await probe(candidate, probeOptions);
    attempts.push(attempt);
    return attempt.version === undefined
      ? undefined
      : { found: true, server: candidate, version: attempt.version, attempts };
  };

  if (options.settingPath?.trim()) {
    const found = await tryCandidate(settingCandidate(options.settingPath, options));
    return found ?? { found: false, attempts, message: notFoundMessage(attempts) };
  }
  const onPath = findOnPath(SERVER_NAME, env, platform);
  if (onPath === undefined) {
    attempts.push({ candidate: { source: "path", command: SERVER_NAME, args: [] }, error: "not on PATH" });
  } else {
    const found = await tryCandidate({ source: "path", command: onPath, args: [] });
    if (found) {
      return found;
    }
  }
  const [python, ...pythonArgs] = (await options.pythonCommand?.()) ?? [defaultPython(platform)];
  if (python) {
    const args = [...pythonArgs, "-m", PYTHON_MODULE];
    const found = await tryCandidate({ source: "python", command: python, args });
    if (found) {
      return found;
    }
  }
  return { found: false, attempts, message: notFoundMessage(attempts) };
}
