/**
 * The Python interpreter selected in VS Code's Python extension (`ms-python.python`), if any.
 *
 * The extension's public API has changed shape over the years; we read the current
 * `environments` API and fall back to the older `settings.getExecutionDetails`. Any failure
 * (extension absent, not activated, API changed) means "no opinion": discovery then uses
 * `python3`.
 */

import * as vscode from "vscode";

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(
      environment: { path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

export async function selectedPython(
  resource: vscode.Uri | undefined,
  log: (message: string) => void,
): Promise<string[] | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (extension === undefined) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const active = api.environments?.getActiveEnvironmentPath(resource);
    if (active && api.environments) {
      const resolved = await api.environments.resolveEnvironment(active);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
    const command = api.settings?.getExecutionDetails(resource).execCommand;
    return command && command.length > 0 ? command : undefined;
  } catch (error) {
    log(`The Python extension could not name the selected interpreter: ${String(error)}`);
    return undefined;
  }
}
