/**
 * The server's catalog commands and how their answers read in the status bar and in messages.
 *
 * `modelforge.catalogStatus` and `modelforge.refreshCatalog` are the server's own commands
 * (docs/server.md, "Commands"); the extension runs them with `workspace/executeCommand`. The
 * shapes below are the parts of their JSON answers the extension reads. Nothing here imports
 * `vscode`: the tests run it in plain Node against the real server's answers.
 */

export const REFRESH_CATALOG = "modelforge.refreshCatalog";
export const CATALOG_STATUS = "modelforge.catalogStatus";

export type Origin = "network" | "cache" | "snapshot" | "disabled";

export interface CatalogCounts {
  readonly origin: Origin | null;
  /** `"3 days"`, `"5 hours"`, `"just now"`; `null` when unknown. */
  readonly age: string | null;
  readonly providers: number;
  readonly models: number;
}

export interface CatalogStatus {
  readonly version: string;
  readonly documents: number;
  readonly customProviders: number;
  readonly catalog: CatalogCounts & {
    readonly description: string | null;
    readonly stale: boolean | null;
    readonly offline: boolean | null;
  };
  readonly settings?: {
    readonly url: string;
    readonly cacheDir: string;
    readonly ttlSeconds: number;
    readonly offline: boolean;
    readonly enabled: boolean;
  };
  readonly cache?: {
    readonly freshness: string;
    readonly age: string | null;
    readonly fetchedAt: string | null;
    readonly totalBytes: number;
  };
  readonly lastRefreshError?: string | null;
}

export type RefreshOutcome = "updated" | "not_modified" | "already_fresh" | "failed";

export interface RefreshResult extends CatalogCounts {
  readonly status: RefreshOutcome;
  readonly error: string | null;
}

export interface StatusBarView {
  /** With a leading codicon, e.g. `$(database) ModelForge 3 days`. */
  readonly text: string;
  /** Markdown. */
  readonly tooltip: string;
  /** Draw it in the warning colours (stale data, manual mode). */
  readonly warning: boolean;
}

const ORIGIN_LABEL: Record<Origin, string> = {
  network: "models.dev",
  cache: "disk cache",
  snapshot: "bundled snapshot",
  disabled: "catalog disabled",
};

function countLine(counts: CatalogCounts): string {
  return `${counts.providers.toLocaleString("en-US")} providers, ${counts.models.toLocaleString("en-US")} models`;
}

/** The status bar item for a `modelforge.catalogStatus` answer. */
export function statusBarView(status: CatalogStatus): StatusBarView {
  const { catalog } = status;
  if (catalog.origin === null || catalog.origin === "disabled") {
    return {
      text: "$(circle-slash) ModelForge manual",
      tooltip:
        "**ModelForge**: the catalog is disabled (`modelforge.catalog.enabled`); " +
        "no completion of model names and no catalog checks.",
      warning: true,
    };
  }
  const icon = catalog.offline ? "$(debug-disconnect)" : catalog.stale ? "$(warning)" : "$(database)";
  const age = catalog.age === null ? ORIGIN_LABEL[catalog.origin] : catalog.age;
  const flags = [catalog.offline ? "offline" : "", catalog.stale ? "stale" : ""].filter(Boolean);
  const text = `${icon} ModelForge ${age}${flags.length ? ` (${flags.join(", ")})` : ""}`;
  const action = catalog.offline
    ? "Offline mode is on (`modelforge.catalog.offline`): click to see why a refresh is refused."
    : "Click to refresh the catalog from models.dev.";
  const tooltip = [
    `**ModelForge** ${status.version}: ${catalog.description ?? ORIGIN_LABEL[catalog.origin]}`,
    countLine(catalog) + (status.customProviders ? `, ${status.customProviders} custom providers` : ""),
    status.lastRefreshError ? `Last refresh failed: ${status.lastRefreshError}` : "",
    action,
  ].filter(Boolean);
  return { text, tooltip: tooltip.join("\n\n"), warning: Boolean(catalog.stale) };
}

/** One line for "ModelForge: Show catalog status". */
export function statusSummary(status: CatalogStatus): string {
  const { catalog, settings, cache } = status;
  const parts = [`ModelForge ${status.version}: ${catalog.description ?? "no catalog"}`, countLine(catalog)];
  if (cache) {
    parts.push(`cache ${cache.freshness}${cache.age ? `, ${cache.age} old` : ""}`);
  }
  if (settings?.offline) {
    parts.push("offline mode");
  }
  if (status.lastRefreshError) {
    parts.push(`last refresh failed: ${status.lastRefreshError}`);
  }
  return `${parts.join(" · ")}.`;
}

/** Whether an `executeCommand` answer looks like a catalog status (a guard for old servers). */
export function isCatalogStatus(value: unknown): value is CatalogStatus {
  const catalog = (value as { catalog?: unknown } | null)?.catalog as Partial<CatalogCounts> | undefined;
  return typeof catalog === "object" && catalog !== null && typeof catalog.models === "number";
}
