/**
 * Finding a `modelforge-lsp` that runs.
 *
 * Candidates, in order:
 *
 * 1. the `modelforge.server.path` setting — when set, it is the only candidate: a user who named
 *    a server wants that one, and silently starting another would hide the mistake (which value
 *    counts, and why a workspace's never does in an untrusted workspace: serverPathSetting);
 * 2. `modelforge-lsp` on `PATH` (pip, pipx, uv tool);
 * 3. `~/.local/bin/modelforge-lsp`, where pipx, `uv tool` and `pip install --user` put it: the
 *    extension host of a remote window (code-server, Remote-SSH, WSL, Codespaces) often runs with
 *    a service's `PATH` that lacks that folder;
 * 4. the Python interpreter VS Code has selected with `-m modelforge_lsp`;
 * 5. `modelforge-lsp` in a workspace folder's `.venv` or `venv`;
 * 6. `python3` (`python` on Windows) with `-m modelforge_lsp`.
 *
 * Everything here runs where the extension host runs: in a remote window that is the remote
 * side, so `PATH`, the home folder and the interpreters are the remote machine's. Candidates 4 and
 * 5 are programs the workspace chose, so they are tried only in a trusted workspace.
 *
 * A candidate is probed the way it will run: in the same folder (the workspace folder when
 * trusted, else the home folder) and environment, and a Python with `PYTHONSAFEPATH=1`, so that
 * `-m modelforge_lsp` never imports a `modelforge_lsp` folder from the working folder — it would
 * answer the probe and then be missing where the server runs, or be a workspace's own code.
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

export type CandidateSource = "setting" | "path" | "user-bin" | "python" | "workspace" | "default-python";

export interface Candidate {
  readonly source: CandidateSource;
  readonly command: string;
  /** Arguments that start the server (stdio is the server's default: none for the executable). */
  readonly args: readonly string[];
  /** Variables added to the environment it runs with. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How a candidate is run, by the probe and by the language client alike. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env: NodeJS.ProcessEnv;
}

/** `PYTHONSAFEPATH=1` (Python 3.11+): `-m` does not put the working folder first on `sys.path`. */
const PYTHON_ENV = { PYTHONSAFEPATH: "1" } as const;

/** The environment and folder `candidate` runs in. */
export function runOptions(candidate: Candidate, env: NodeJS.ProcessEnv, cwd?: string): RunOptions {
  return { cwd, env: { ...env, ...candidate.env } };
}

/** The folder the server runs in: the workspace folder when trusted, else the home folder. */
export function serverDirectory(trusted: boolean, folder: string | undefined, homeDir: string): string {
  return trusted && folder !== undefined ? folder : homeDir;
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
  /** Where and with what environment it answered: start it the same way. */
  readonly run: RunOptions;
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
  /** The workspace is trusted: its interpreter and virtual environments may run. Default false. */
  readonly trusted?: boolean;
  /** The workspace folders' paths, searched for `.venv` and `venv` when trusted. */
  readonly workspaceFolders?: readonly string[];
  /** `vscode.env.remoteName` (`ssh-remote`, `wsl`, `codespaces`…) in a remote window. */
  readonly remoteName?: string;
  /** The folder the server will run in (serverDirectory); each probe runs there too. */
  readonly serverCwd?: string;
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

/** Where pipx, `uv tool` and `pip install --user` put scripts (POSIX): `~/.local/bin`. */
export function userBinCandidate(homeDir: string, platform: NodeJS.Platform): Candidate | undefined {
  return isWindows(platform)
    ? undefined
    : { source: "user-bin", command: path.join(homeDir, ".local", "bin", SERVER_NAME), args: [] };
}

/** `modelforge-lsp` in each folder's `.venv` or `venv`, the ones that exist. */
export function workspaceCandidates(
  folders: readonly string[],
  platform: NodeJS.Platform,
): Candidate[] {
  const [bin, name] = isWindows(platform) ? ["Scripts", `${SERVER_NAME}.exe`] : ["bin", SERVER_NAME];
  return folders
    .flatMap((folder) => [".venv", "venv"].map((venv) => path.join(folder, venv, bin, name)))
    .filter((file) => isExecutableFile(file, platform))
    .map((command) => ({ source: "workspace", command, args: [] }));
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
  return isPython
    ? { source: "setting", command, args: ["-m", PYTHON_MODULE], env: PYTHON_ENV }
    : { source: "setting", command, args: [] };
}

/** Whether a setting names its file without the workspace folder: absolute, or from `~`. */
function isAbsoluteSetting(settingPath: string, platform: NodeJS.Platform): boolean {
  const text = settingPath.trim();
  const paths = isWindows(platform) ? path.win32 : path.posix;
  return text === "~" || /^~[/\\]/.test(text) || paths.isAbsolute(text);
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
  options: Pick<DiscoveryOptions, "env" | "timeoutMs" | "platform" | "serverCwd"> = {},
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  const execOptions = {
    ...runOptions(candidate, options.env ?? process.env, options.serverCwd),
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

/** What the "no server" message says beyond the attempts: where the window runs, trust. */
export interface MessageContext {
  readonly remoteName?: string;
  readonly trusted?: boolean;
}

/** The one notification text for "no server": what was tried and the install command. */
export function notFoundMessage(attempts: readonly Attempt[], context: MessageContext = {}): string {
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
  const remote = context.remoteName
    ? ` This is a remote window (${context.remoteName}): the server must be installed on the remote side, and ${SETTING} is read from the Remote settings (Preferences: Open Remote Settings) or the workspace, not from your User settings.`
    : "";
  const untrusted =
    context.trusted === false && !fromSetting
      ? " The workspace is not trusted, so its Python interpreter and virtual environments were not tried."
      : "";
  return `${head} ${fix}${remote}${untrusted}`;
}

/** Every candidate in order until one answers `--version`; see the module docstring. */
export async function discoverServer(options: DiscoveryOptions = {}): Promise<Discovery> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const trusted = options.trusted ?? false;
  const probeOptions = { env, platform, timeoutMs: options.timeoutMs, serverCwd: options.serverCwd };
  const context = { remoteName: options.remoteName, trusted };
  const attempts: Attempt[] = [];
  const tried = new Set<string>();
  const tryCandidate = async (candidate: Candidate): Promise<Discovery | undefined> => {
    const key = describeCandidate(candidate);
    if (tried.has(key)) {
      return undefined;
    }
    tried.add(key);
    const attempt = await probe(candidate, probeOptions);
    attempts.push(attempt);
    return attempt.version === undefined
      ? undefined
      : {
          found: true,
          server: candidate,
          run: runOptions(candidate, env, options.serverCwd),
          version: attempt.version,
          attempts,
        };
  };
  const missing = (): ServerMissing => ({
    found: false,
    attempts,
    message: notFoundMessage(attempts, context),
  });

  if (options.settingPath?.trim()) {
    const candidate = settingCandidate(options.settingPath, trusted ? options : { homeDir: options.homeDir });
    if (!trusted && !isAbsoluteSetting(options.settingPath, platform)) {
      // A relative path would be resolved inside the workspace folder: the workspace's program.
      attempts.push({ candidate, error: "a relative path, and the workspace is not trusted" });
      return missing();
    }
    return (await tryCandidate(candidate)) ?? missing();
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
  const userBin = userBinCandidate(options.homeDir ?? homedir(), platform);
  if (userBin && isExecutableFile(userBin.command, platform)) {
    const found = await tryCandidate(userBin);
    if (found) {
      return found;
    }
  }
  if (trusted) {
    const [python, ...pythonArgs] = (await options.pythonCommand?.()) ?? [];
    if (python) {
      const args = [...pythonArgs, "-m", PYTHON_MODULE];
      const found = await tryCandidate({ source: "python", command: python, args, env: PYTHON_ENV });
      if (found) {
        return found;
      }
    }
    for (const candidate of workspaceCandidates(options.workspaceFolders ?? [], platform)) {
      const found = await tryCandidate(candidate);
      if (found) {
        return found;
      }
    }
  }
  const fallback: Candidate = {
    source: "default-python",
    command: defaultPython(platform),
    args: ["-m", PYTHON_MODULE],
    env: PYTHON_ENV,
  };
  return (await tryCandidate(fallback)) ?? missing();
}
