// Bundling a cdktf app the way dist/main.bundle.js is bundled, for the tests that run such a bundle.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const BUILD = pathToFileURL(join(resolve(__dirname, "../.."), "scripts", "build.mjs")).href;

/**
 * scripts/build.mjs's bundleApp(entry, outfile, nodePaths), run in a node process: build.mjs is an ES module, which
 * jest's CommonJS runtime cannot import.
 */
export function bundleApp(entry: string, outfile: string, nodePaths: readonly string[] = []): void {
  const args = [entry, outfile, nodePaths].map((a) => JSON.stringify(a)).join(", ");
  const r = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `await (await import(${JSON.stringify(BUILD)})).bundleApp(${args});`],
    {
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`bundling ${entry} failed (exit ${r.status}): ${r.stderr}`);
}
