// Runs property shards in worker threads: both cores work (jest uses one worker on a 2-core machine) and the
// code runs outside jest's sandbox. Shard k of a property uses seed SEED + k, so every run is reproducible:
// FC_SEED=<seed printed on failure minus the shard number> replays it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { PropertyName } from "./properties";
import { PROPERTIES } from "./properties";
import type { ShardRequest, ShardResult } from "./property-worker";
import { SEED, runs } from "./support";
import { REPO } from "./tree";

let bundle: string | undefined;

/**
 * Bundles property-worker.ts (our code inlined, packages external) under node_modules/.cache, where packages resolve
 * from the repository's node_modules. The file is named by its content hash: concurrent runs share it, and a new
 * file appears only when the sources change.
 */
function workerScript(): string {
  if (bundle) return bundle;
  const built = buildSync({
    entryPoints: [join(__dirname, "property-worker.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    outfile: "property-worker.js",
    logLevel: "silent",
  });
  const code = built.outputFiles[0]!.contents;
  const dir = join(REPO, "node_modules", ".cache", "foundry-routes-robustness");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `property-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  bundle = file;
  return file;
}

function runShard(req: ShardRequest): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerScript(), { workerData: req });
    w.once("message", (m: ShardResult) => resolve(m));
    w.once("error", reject);
    w.once("exit", (code) => (code !== 0 ? reject(new Error(`property worker for "${req.property}" exited with ${code}`)) : undefined));
  });
}

export interface PropertyOutcome {
  readonly results: readonly ShardResult[];
  readonly numRuns: number;
  readonly valid: number;
  readonly invalid: number;
  /** Failure reports (empty when every shard passed). */
  readonly failures: readonly string[];
}

/** Runs `property` with its CI run count split over one shard per core. */
export async function runProperty(
  property: PropertyName,
  shards = Math.max(1, Math.min(2, availableParallelism())),
): Promise<PropertyOutcome> {
  const total = runs(PROPERTIES[property].runs);
  const per = Math.ceil(total / shards);
  const results = await Promise.all(
    Array.from({ length: shards }, (_, k) => runShard({ property, seed: SEED + k, numRuns: Math.min(per, total - k * per) })),
  );
  return {
    results,
    numRuns: results.reduce((n, r) => n + r.numRuns, 0),
    valid: results.reduce((n, r) => n + r.stats.valid, 0),
    invalid: results.reduce((n, r) => n + r.stats.invalid, 0),
    failures: results
      .filter((r) => r.failed)
      .map((r) => `property "${property}", shard seed ${r.seed} (replay with FC_SEED=${r.seed - results.indexOf(r)}):\n${r.report}`),
  };
}
