// Eval evidence: what `eval import` keeps of a Promptfoo run, one small JSON file per deployment, and how the gate
// reads it back. Pure: results text in, file texts out; the CLI (cli/commands/eval-import.ts) does the reading and
// writing. Every output is deterministic: the same results file gives byte-identical evidence files.
import { createHash } from "node:crypto";
import { canonicalJson } from "../table/hash";
import { EVAL_CONFIG_FORMAT, METADATA_KEY } from "./promptfoo-config";

/** `schema` value of an evidence file. */
export const EVIDENCE_SCHEMA = "foundry-routes/eval-evidence@1";
/** Promptfoo's `--output` JSON format version (`results.version`) this reader understands (Promptfoo 0.121). */
const PROMPTFOO_RESULTS_VERSION = 3;
/** At most this many failures are listed per deployment (the counts are always complete). */
const MAX_FAILURES_LISTED = 20;
/** Evidence files live under this directory at the repository root. */
export const EVALS_DIR = "evals";
/** An evidence file is a few KB; a file over this is not one, and readers do not load it (oversizedEvidence). */
export const MAX_EVIDENCE_FILE_BYTES = 256 * 1024;
/**
 * The one key of the stand-in a reader passes instead of the text of a file it would not read (over the size limit,
 * not UTF-8): `{"<key>": "<problem>"}`, reported by readEvidence as is. No evidence file has it: eval import writes
 * `schema` first.
 */
const UNREADABLE_KEY = "foundry-routes:unreadable";

/** Stands in for an evidence file that was not read; `problem` is what readEvidence reports. */
export function unreadableEvidence(problem: string): string {
  return JSON.stringify({ [UNREADABLE_KEY]: problem });
}

/** Stands in for the text of an evidence file of `bytes` bytes that was too big to read; readEvidence names its size. */
export function oversizedEvidence(bytes: number): string {
  return unreadableEvidence(`is ${bytes} bytes, over the ${MAX_EVIDENCE_FILE_BYTES / 1024} KiB an evidence file may have (not read)`);
}

interface EvidenceFailure {
  /** Promptfoo's `testIdx`: position of the test case in the prompts file. */
  readonly test: number;
  /** The test's description, when it has one. */
  readonly description?: string;
  /** Why it failed: the grading reason or the provider error. */
  readonly reason: string;
}

export interface Evidence {
  readonly schema: typeof EVIDENCE_SCHEMA;
  readonly environment: string;
  readonly taskClass: string;
  /** `<account>/<deployment>`, the provider label. */
  readonly deployment: string;
  /** Catalog model and pinned version the deployment ran when the config was generated. */
  readonly model: string;
  readonly version: string;
  /** Promptfoo's `results.timestamp`: when the eval ran. The only time in the file. */
  readonly evaluatedAt: string;
  readonly promptfoo: { readonly version: string; readonly evalId: string; readonly resultsVersion: number };
  /** sha256 of the config Promptfoo ran (its `config`, minus `outputPath`), canonical JSON. */
  readonly configSha256: string;
  /** The prompts file as given to eval init, and sha256 of the prompt templates and test cases Promptfoo ran. */
  readonly prompts: { readonly file: string; readonly sha256: string };
  readonly results: {
    readonly tests: number;
    readonly passed: number;
    readonly failed: number;
    readonly errors: number;
    readonly passRate: number;
  };
  readonly tokens: { readonly prompt: number; readonly completion: number; readonly total: number };
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p95: number; readonly max: number };
  readonly failures: readonly EvidenceFailure[];
  /** sha256 of the canonical JSON of every other field: a hand edit no longer matches. */
  readonly contentSha256: string;
}

/** A results file that is not what `eval import` expects: one message with the file, what was expected and found. */
export class ResultsShapeError extends Error {}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Repository-relative path of the evidence for a deployment: `evals/<env>/<class>/<account>/<deployment>.json`. */
export function evidencePath(environment: string, taskClass: string, deployment: string): string {
  return `${EVALS_DIR}/${environment}/${taskClass}/${deployment}.json`;
}

/** The content hash of an evidence object (without its own `contentSha256`). */
export function contentHash(evidence: Omit<Evidence, "contentSha256"> | Record<string, unknown>): string {
  const { contentSha256: _ignored, ...rest } = evidence as Record<string, unknown>;
  return sha256(canonicalJson(rest));
}

/** Stable text: keys in canonical order, 2-space indent, trailing newline. */
export function evidenceText(evidence: Evidence): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(evidence)), null, 2)}\n`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const shown = (v: unknown) =>
  v === undefined
    ? "nothing"
    : Array.isArray(v)
      ? "an array"
      : v === null
        ? "null"
        : typeof v === "object"
          ? "an object"
          : `${typeof v} ${JSON.stringify(v)}`;

interface ImportRequest {
  /** How the results file is named in messages. */
  readonly file: string;
  readonly text: string;
  readonly environment: string;
  readonly taskClass: string;
}

/**
 * Evidence per deployment from Promptfoo's `--output` JSON. Throws ResultsShapeError naming the file, the field,
 * what was expected and what was found, for anything but a results file of a config `eval init` generated for this
 * environment and task class.
 */
export function importResults(req: ImportRequest): Evidence[] {
  /** `found` is a value (described by its type) or, as `{ text }`, a description. */
  const fail = (where: string, expected: string, found: unknown): never => {
    const text = isObject(found) && typeof found.text === "string" && Object.keys(found).length === 1 ? found.text : shown(found);
    throw new ResultsShapeError(`${req.file}: ${where}: expected ${expected}, but found ${text}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(req.text);
  } catch (e) {
    return fail("not JSON", "the JSON file promptfoo eval --output FILE.json writes", { text: `a parse error (${(e as Error).message})` });
  }
  if (!isObject(doc))
    return fail("top level", "an object with evalId, results, config and metadata (promptfoo eval --output FILE.json)", doc);
  const results = doc.results;
  if (!isObject(results)) return fail("results", "an object with version, timestamp, results[] and stats", results);
  if (results.version !== PROMPTFOO_RESULTS_VERSION)
    return fail(
      "results.version",
      `output format ${PROMPTFOO_RESULTS_VERSION} (Promptfoo 0.121; other formats are not read)`,
      results.version,
    );
  const metadata = doc.metadata;
  const version = isObject(metadata) ? metadata.promptfooVersion : undefined;
  if (typeof version !== "string" || !/^0\.\d+\.\d+/.test(version))
    return fail("metadata.promptfooVersion", "a Promptfoo 0.x version such as 0.121.20", version);
  if (typeof doc.evalId !== "string") return fail("evalId", "a string", doc.evalId);
  if (typeof results.timestamp !== "string" || Number.isNaN(Date.parse(results.timestamp)))
    return fail("results.timestamp", "an ISO date", results.timestamp);
  const stats = results.stats;
  if (!isObject(stats) || ["successes", "failures", "errors"].some((k) => typeof stats[k] !== "number"))
    return fail("results.stats", "an object with numbers successes, failures and errors", stats);
  if (!Array.isArray(results.results)) return fail("results.results", "an array of test results", results.results);
  const config = doc.config;
  const meta = isObject(config) && isObject(config.metadata) ? config.metadata[METADATA_KEY] : undefined;
  if (!isObject(meta) || meta.format !== EVAL_CONFIG_FORMAT || !isObject(meta.deployments))
    return fail(
      `config.metadata.${METADATA_KEY}`,
      `the metadata block of a config foundry-routes eval init wrote (format ${EVAL_CONFIG_FORMAT})`,
      isObject(meta) ? { text: `format ${shown(meta.format)}` } : meta,
    );
  if (meta.environment !== req.environment || meta.taskClass !== req.taskClass)
    return fail(`config.metadata.${METADATA_KEY}`, `results for ${req.environment}/${req.taskClass}`, {
      text: `results for ${String(meta.environment)}/${String(meta.taskClass)}`,
    });
  const deployments = meta.deployments;
  const labels = Object.keys(deployments).sort();

  interface Acc {
    passed: number;
    failed: number;
    errors: number;
    prompt: number;
    completion: number;
    total: number;
    latencies: number[];
    failures: EvidenceFailure[];
  }
  const acc = new Map<string, Acc>(
    labels.map((l) => [l, { passed: 0, failed: 0, errors: 0, prompt: 0, completion: 0, total: 0, latencies: [], failures: [] }]),
  );
  results.results.forEach((r: unknown, i: number) => {
    const where = `results.results[${i}]`;
    if (!isObject(r)) return fail(where, "a test result object", r);
    const label = isObject(r.provider) ? r.provider.label : undefined;
    const a = typeof label === "string" ? acc.get(label) : undefined;
    if (!a) return fail(`${where}.provider.label`, `a deployment of the generated config (${labels.join(", ")})`, label);
    if (typeof r.success !== "boolean") return fail(`${where}.success`, "a boolean", r.success);
    const testIdx = typeof r.testIdx === "number" ? r.testIdx : i;
    const errored = typeof r.error === "string" && r.error !== "" && r.failureReason === 2;
    if (r.success) a.passed++;
    else if (errored) a.errors++;
    else a.failed++;
    const usage =
      isObject(r.response) && isObject(r.response.tokenUsage) ? r.response.tokenUsage : isObject(r.tokenUsage) ? r.tokenUsage : {};
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
    a.prompt += num(usage.prompt);
    a.completion += num(usage.completion);
    a.total += num(usage.total);
    a.latencies.push(num(r.latencyMs));
    if (!r.success) {
      const grading = isObject(r.gradingResult) ? r.gradingResult.reason : undefined;
      const reason = typeof r.error === "string" && r.error !== "" ? r.error : typeof grading === "string" ? grading : "failed";
      const description = isObject(r.testCase) && typeof r.testCase.description === "string" ? r.testCase.description : undefined;
      a.failures.push({ test: testIdx, ...(description !== undefined ? { description } : {}), reason });
    }
  });
  const counted = [...acc.values()].reduce((n, a) => n + a.passed + a.failed + a.errors, 0);
  const expected = (stats.successes as number) + (stats.failures as number) + (stats.errors as number);
  if (counted !== expected)
    fail("results.stats", `successes + failures + errors = ${counted}, the number of results[]`, { text: `${expected}` });
  const configSha256 = sha256(canonicalJson(Object.fromEntries(Object.entries(config as Json).filter(([k]) => k !== "outputPath"))));
  const promptsSha256 = sha256(canonicalJson({ prompts: (config as Json).prompts, tests: (config as Json).tests }));
  const out: Evidence[] = [];
  for (const label of labels) {
    const a = acc.get(label)!;
    const d = deployments[label];
    const tests = a.passed + a.failed + a.errors;
    if (tests === 0) continue;
    const sorted = [...a.latencies].sort((x, y) => x - y);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    const body: Omit<Evidence, "contentSha256"> = {
      schema: EVIDENCE_SCHEMA,
      environment: req.environment,
      taskClass: req.taskClass,
      deployment: label,
      model: isObject(d) && typeof d.model === "string" ? d.model : "",
      version: isObject(d) && typeof d.version === "string" ? d.version : "",
      evaluatedAt: new Date(Date.parse(results.timestamp)).toISOString(),
      promptfoo: { version, evalId: doc.evalId, resultsVersion: PROMPTFOO_RESULTS_VERSION },
      configSha256,
      prompts: { file: typeof meta.prompts === "string" ? meta.prompts : "", sha256: promptsSha256 },
      results: { tests, passed: a.passed, failed: a.failed, errors: a.errors, passRate: round(a.passed / tests) },
      tokens: { prompt: a.prompt, completion: a.completion, total: a.total },
      latencyMs: {
        mean: Math.round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
        p50: pct(50),
        p95: pct(95),
        max: sorted[sorted.length - 1] ?? 0,
      },
      failures: a.failures.sort((x, y) => x.test - y.test).slice(0, MAX_FAILURES_LISTED),
    };
    out.push({ ...body, contentSha256: contentHash(body) });
  }
  if (out.length === 0) fail("results.results", "at least one result for a deployment of the generated config", { text: "none" });
  return out;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** An evidence file read back: the evidence, or what is wrong with it (unreadable, wrong schema, hash mismatch). */
type ReadEvidence = { readonly ok: true; readonly evidence: Evidence } | { readonly ok: false; readonly problem: string };

/**
 * Parses and verifies one evidence file at `path` (repository-relative). Never throws: whatever the text (not JSON,
 * nested too deeply to hash, another shape), what is wrong is returned as the problem.
 */
export function readEvidence(path: string, text: string): ReadEvidence {
  try {
    return checkEvidence(path, text);
  } catch (e) {
    return {
      ok: false,
      problem: `cannot be read as evidence (${(e as Error).message}; expected a file written by foundry-routes eval import)`,
    };
  }
}

function checkEvidence(path: string, text: string): ReadEvidence {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, problem: "is not JSON (expected a file written by foundry-routes eval import)" };
  }
  if (isObject(doc) && typeof doc[UNREADABLE_KEY] === "string" && Object.keys(doc).length === 1)
    return { ok: false, problem: doc[UNREADABLE_KEY] };
  if (!isObject(doc) || doc.schema !== EVIDENCE_SCHEMA)
    return { ok: false, problem: `expected schema "${EVIDENCE_SCHEMA}", but found ${shown(isObject(doc) ? doc.schema : doc)}` };
  if (typeof doc.contentSha256 !== "string")
    return { ok: false, problem: "has no contentSha256 (expected a file written by foundry-routes eval import)" };
  const actual = contentHash(doc);
  if (actual !== doc.contentSha256)
    return {
      ok: false,
      problem: `content hash ${actual.slice(0, 12)}… does not match its contentSha256 ${doc.contentSha256.slice(0, 12)}…: the file was edited by hand (re-run eval import)`,
    };
  const e = doc as unknown as Evidence;
  const where = evidencePath(e.environment, e.taskClass, e.deployment);
  if (where !== path) return { ok: false, problem: `is for ${e.environment}/${e.taskClass}/${e.deployment}, which belongs at ${where}` };
  if (
    !isObject(doc.results) ||
    typeof e.results.passRate !== "number" ||
    typeof e.evaluatedAt !== "string" ||
    Number.isNaN(Date.parse(e.evaluatedAt))
  )
    return { ok: false, problem: "lacks results.passRate or evaluatedAt (expected a file written by foundry-routes eval import)" };
  return { ok: true, evidence: e };
}
