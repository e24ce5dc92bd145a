// Transpile-only build: esbuild turns each .ts file into CommonJS under dist/.
// Type-checking is `npm run typecheck` (tsc --noEmit); keeping it out of the build keeps synth fast.
import { build } from "esbuild";
import { readdirSync, statSync, rmSync } from "node:fs";
import { join } from "node:path";

const roots = ["main.ts", "routing", "constructs", "cli", "io", "bench"];
const entryPoints = [];
function walk(p) {
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) walk(join(p, name));
  } else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) {
    entryPoints.push(p);
  }
}
for (const r of roots) {
  try {
    walk(r);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
}
rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints,
  outdir: "dist",
  outbase: ".",
  format: "cjs",
  platform: "node",
  target: "node20",
  sourcemap: false,
  logLevel: "warning",
});
