// Build: esbuild turns each .ts file into CommonJS under dist/ (bench and tests spawn those), and bundles the two
// entry points into single files, so a run loads one module of ours instead of about a hundred. Type-checking is
// `npm run typecheck` (tsc --noEmit).
// - dist/cli/main.js: our code, yaml and zod bundled; cdktf, the provider bindings and DuckDB from node_modules.
// - dist/main.js (the cdktf app, `npm run synth`): a short file that runs dist/main.bundle.js with V8's code
//   cache and a later optimizing compiler (scripts/run-bundle.cjs). The bundle holds the packages too (cdktf, the azurerm resources we import,
//   constructs, yaml, zod): resolving and compiling some 500 files of node_modules was a third of a synth. Its
//   whitespace and comments are minified away (a third less to read; names and code are as written).
//   cdktf's zip support (archiver, glob: a tenth of a synth to load, used only by TerraformAsset) loads on first use.
// The build is skipped when no input changed since the last one (scripts/build-stamp.cjs). `node scripts/build.mjs`
// builds when needed; scripts/synth.cjs calls ensureBuilt() to do the same in its process when the stamp is stale.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import stamps from "./build-stamp.cjs";
import patches from "./module-patches.cjs";

const { REPO, STAMP_FILE, inputs, currentStamp, isBuilt } = stamps;

/**
 * Packages the CLI bundle loads from node_modules: cdktf and the provider bindings (large, and loaded only by synth
 * and review), and DuckDB (native). yaml and zod, which every command loads, are bundled with the module patches.
 */
const CLI_EXTERNAL = ["cdktf", "@cdktf/provider-azurerm", "constructs", "@duckdb/node-api"];

/** The module patches (scripts/module-patches.cjs) as one esbuild plugin: a file it does not change loads as it is. */
const modulePatches = {
  name: "module-patches",
  setup(b) {
    b.onLoad({ filter: patches.FILTER }, (args) => {
      const contents = patches.patchModule(args.path, readFileSync(args.path, "utf8"));
      return contents === undefined ? undefined : { contents, loader: "js" };
    });
  },
};

/**
 * keepNames makes esbuild follow every function declaration with `__name(f, "f")`, which sets f.name to the name it
 * already has; inside a function that statement runs on every call (cdktf's resolve() declares makeContext and runs
 * once per value it resolves: a twentieth of a synth's CPU time went to these calls). Drops those statements where the
 * name is the declared one; a function esbuild renamed (`__name(visit3, "visit")`) keeps its statement, so every name
 * stays what it was unbundled. Minified (whitespace only), a statement may follow `;`, `{` or `}`.
 */
function withoutRedundantNames(code) {
  return code.replace(/(?<=^[ \t]*|[;{}])__name\(([A-Za-z_$][\w$]*), ?"\1"\);/gm, "");
}

/**
 * Bundles a cdktf app the way dist/main.bundle.js is bundled, with cdktf's packages and the changes above, into
 * `outfile`; `nodePaths` lets an app outside the repository (a test's) find its packages.
 */
export async function bundleApp(entryPoint, outfile, nodePaths = []) {
  const { build } = await import("esbuild");
  await build({
    absWorkingDir: REPO,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: [entryPoint],
    outfile,
    nodePaths,
    bundle: true,
    // Class names show in constructs' and cdktf's messages as they would unbundled.
    keepNames: true,
    minifyWhitespace: true,
    plugins: [modulePatches],
  });
  writeFileSync(outfile, withoutRedundantNames(readFileSync(outfile, "utf8")));
}

/** Builds dist/ unless the stamp says nothing changed (FOUNDRY_ROUTES_REBUILD=1 forces it). Returns whether it built. */
export async function ensureBuilt() {
  const files = inputs();
  const stamp = currentStamp(files);
  if (isBuilt(stamp)) return false;

  // esbuild is loaded only when there is something to build.
  const { build } = await import("esbuild");
  const dist = join(REPO, "dist");
  rmSync(dist, { recursive: true, force: true });
  const common = { absWorkingDir: REPO, format: "cjs", platform: "node", target: "node20", sourcemap: false, logLevel: "warning" };
  await build({ ...common, entryPoints: files.map(([p]) => p), outdir: "dist", outbase: "." });
  await Promise.all([
    build({
      ...common,
      entryPoints: ["cli/main.ts"],
      outfile: "dist/cli/main.js",
      bundle: true,
      external: CLI_EXTERNAL,
      plugins: [modulePatches],
    }),
    bundleApp(join(REPO, "main.ts"), join(dist, "main.bundle.js")),
  ]);
  const bundle = readFileSync(join(dist, "main.bundle.js"), "utf8");
  copyFileSync(join(REPO, "scripts", "run-bundle.cjs"), join(dist, "run-bundle.js"));
  const hash = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
  // esbuild writes non-ASCII characters of strings as escapes and minifyWhitespace drops comments: the bundle is ASCII,
  // which the loader reads as latin1 (no UTF-8 decoding); checked, since a future esbuild could write it otherwise.
  const encoding = Buffer.byteLength(bundle, "utf8") === bundle.length ? "latin1" : "utf8";
  writeFileSync(
    join(dist, "main.js"),
    [
      '"use strict";',
      "// Generated by scripts/build.mjs: the cdktf app is main.bundle.js, run with V8's code cache (scripts/run-bundle.cjs).",
      'const { join } = require("node:path");',
      `require("./run-bundle.js").run(join(__dirname, "main.bundle.js"), join(__dirname, ".main.bundle.${hash}.v8cache"), "${encoding}");`,
      "",
    ].join("\n"),
  );
  writeFileSync(STAMP_FILE, stamp);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureBuilt();
