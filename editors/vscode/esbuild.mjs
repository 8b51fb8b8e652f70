// Builds the extension (`dist/extension.js`: one minified CommonJS file, `vscode` left to the
// host) or, with `--tests`, the Node tests (`out/*.test.js`, dependencies left in node_modules).
import { readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18", // VS Code 1.85 runs extensions on Node 18
  logLevel: "warning",
};

if (process.argv.includes("--tests")) {
  rmSync("out", { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: readdirSync("test")
      .filter((name) => name.endsWith(".test.ts"))
      .map((name) => `test/${name}`),
    outdir: "out",
    packages: "external",
    sourcemap: "inline",
  });
} else {
  const result = await build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    minify: true,
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`dist/extension.js: ${(bytes / 1024).toFixed(0)} KiB`);
}
