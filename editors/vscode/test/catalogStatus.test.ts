/**
 * How a `modelforge.catalogStatus` answer reads in the status bar and the status message.
 * The integration test feeds the real server's answer through the same functions.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { type CatalogStatus, isCatalogStatus, statusBarView, statusSummary } from "../src/catalogStatus";

function status(
  catalog: Partial<CatalogStatus["catalog"]>,
  extra: Partial<CatalogStatus> = {},
): CatalogStatus {
  return {
    version: "0.1.0",
    documents: 1,
    customProviders: 0,
    catalog: {
      origin: "cache",
      age: "3 hours",
      providers: 132,
      models: 4803,
      description: "disk cache (https://models.dev/api.json), 3 hours old",
      stale: false,
      offline: false,
      ...catalog,
    },
    ...extra,
  };
}

describe("status bar", () => {
  it("shows the age of a fresh catalog; a click refreshes", () => {
    const view = statusBarView(status({}));
    assert.equal(view.text, "$(database) ModelForge 3 hours");
    assert.equal(view.warning, false);
    assert.match(view.tooltip, /132 providers, 4,803 models/);
    assert.match(view.tooltip, /Click to refresh the catalog from models\.dev/);
  });

  it("marks offline mode and stale data", () => {
    const offline = statusBarView(status({ origin: "snapshot", age: "12 days", offline: true, stale: true }));
    assert.equal(offline.text, "$(debug-disconnect) ModelForge 12 days (offline, stale)");
    assert.equal(offline.warning, true);
    assert.match(offline.tooltip, /Offline mode is on/);
    const stale = statusBarView(status({ stale: true }, { lastRefreshError: "models.dev timed out" }));
    assert.equal(stale.text, "$(warning) ModelForge 3 hours (stale)");
    assert.match(stale.tooltip, /Last refresh failed: models\.dev timed out/);
  });

  it("names the origin when the age is unknown, and says when the catalog is off", () => {
    assert.equal(
      statusBarView(status({ origin: "snapshot", age: null })).text,
      "$(database) ModelForge bundled snapshot",
    );
    const disabled = statusBarView(status({ origin: "disabled", age: null, providers: 0, models: 0 }));
    assert.equal(disabled.text, "$(circle-slash) ModelForge manual");
    assert.match(disabled.tooltip, /modelforge\.catalog\.enabled/);
  });

  it("summarises the status in one line", () => {
    const summary = statusSummary(
      status(
        {},
        {
          settings: {
            url: "https://models.dev/api.json",
            cacheDir: "/c",
            ttlSeconds: 86400,
            offline: true,
            enabled: true,
          },
          cache: { freshness: "fresh", age: "3 hours", fetchedAt: null, totalBytes: 1 },
        },
      ),
    );
    assert.equal(
      summary,
      "ModelForge 0.1.0: disk cache (https://models.dev/api.json), 3 hours old · 132 providers, 4,803 models · cache fresh, 3 hours old · offline mode.",
    );
  });

  it("recognises a status answer", () => {
    assert.equal(isCatalogStatus(status({})), true);
    assert.equal(isCatalogStatus(null), false);
    assert.equal(isCatalogStatus({ status: "failed" }), false);
  });
});
