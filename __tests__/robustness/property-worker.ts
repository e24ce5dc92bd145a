// Worker thread body: runs one shard of a property with fc.check and posts the outcome.
// Bundled by parallel.ts with esbuild; runs outside jest's module sandbox, which is about 1.5× slower here.
import { parentPort, workerData } from "node:worker_threads";
import fc from "fast-check";
import { PROPERTIES, type PropertyName, type Stats } from "./properties";

export interface ShardRequest {
  readonly property: PropertyName;
  readonly seed: number;
  readonly numRuns: number;
}

export interface ShardResult {
  readonly property: PropertyName;
  readonly seed: number;
  readonly numRuns: number;
  readonly failed: boolean;
  /** fast-check's report: seed, path and counterexample. */
  readonly report?: string;
  readonly stats: Stats;
  readonly ms: number;
}

const req = workerData as ShardRequest;
// yaml warns through process.emitWarning on collection keys; the finding already says it.
process.removeAllListeners("warning");
const stats: Stats = { valid: 0, invalid: 0 };
const t0 = Date.now();
const property = PROPERTIES[req.property].build(stats) as unknown as fc.IProperty<unknown[]>;
const details = fc.check(property, { seed: req.seed, numRuns: req.numRuns, endOnFailure: true });
const result: ShardResult = {
  property: req.property,
  seed: req.seed,
  numRuns: details.numRuns,
  failed: details.failed,
  report: details.failed ? report(details) : undefined,
  stats,
  ms: Date.now() - t0,
};
parentPort!.postMessage(result);

/** fast-check's report with the error first; the counterexample is cut so a failure stays readable. */
function report(d: fc.RunDetails<unknown[]>): string {
  const error = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
  const text = fc.defaultReportMessage(d) ?? "";
  return `error: ${error}\n${text.length > 3000 ? `${text.slice(0, 3000)}… (cut)` : text}`;
}
