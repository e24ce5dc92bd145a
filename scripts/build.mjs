// Build: esbuild turns each .ts file into CommonJS under dist/ (bench and tests spawn those), and bundles the two
// entry points (dist/main.js, dist/cli/main.js) into single files with node_modules external, so a synth loads one
// module of ours instead of about a hundred. Type-checking is `npm run typecheck` (tsc --noEmit).
// The build is skipped when no input changed since the last one: a stamp of every input's path, size and mtime.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const roots = ["main.ts", "routing", "constructs", "cli", "io", "bench", "fixtures"];
const inputs = [];
function walk(p) {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) walk(join(p, name));
  } else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) {
    inputs.push([p, st.size, st.mtimeMs]);
  }
}
for (const r of roots) {
  try {
    walk(r);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
}
const stampFile = join("dist", ".build-stamp");
const self = statSync(new URL(import.meta.url).pathname);
const stamp = JSON.stringify([self.size, self.mtimeMs, inputs]);
if (process.env.FOUNDRY_ROUTES_REBUILD !== "1" && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) process.exit(0);

// esbuild is loaded only when there is something to build.
const { build } = await import("esbuild");
rmSync("dist", { recursive: true, force: true });
const common = { format: "cjs", platform: "node", target: "node20", sourcemap: false, logLevel: "warning" };
await build({ ...common, entryPoints: inputs.map(([p]) => p), outdir: "dist", outbase: "." });
await Promise.all(
  ["main.ts", "cli/main.ts"].map((entry) =>
    build({ ...common, entryPoints: [entry], outfile: join("dist", entry.replace(/\.ts$/, ".js")), bundle: true, packages: "external" }),
  ),
);
writeFileSync(stampFile, stamp);
