// The sample config from config/, with edits applied to its YAML text, and evidence files built in code.
import { join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { type ConfigFiles, type RoutingConfig, loadConfig } from "../../routing/config/loader";
import { EVIDENCE_SCHEMA, type Evidence, contentHash, evidencePath, evidenceText } from "../../routing/evals/evidence";

export const ROOT = join(__dirname, "..", "..");
export const DEV = "config/environments/dev.yaml";
export const TASK_CLASSES = "config/task-classes.yaml";
/** dev's general-chat route in the sample: model-router 100, fallbacks gpt-4o-mini and mai-ds-r1. */
export const GENERAL_CHAT_TARGETS =
  "      - { deployment: eus2/model-router, weight: 100 }\n    fallbacks: [eus2/gpt-4o-mini, eus2/mai-ds-r1]";

export function sampleFiles(): ReadonlyMap<string, string> {
  return readConfigDir(ROOT);
}

/** The sample with `edits` (file → [search, replace]) applied; each search must match. */
export function edited(edits: Readonly<Record<string, readonly [string, string]>>): ReadonlyMap<string, string> {
  const files = new Map(sampleFiles());
  for (const [file, [from, to]] of Object.entries(edits)) {
    const text = files.get(file)!;
    if (!text.includes(from)) throw new Error(`fixture: ${file} has no ${JSON.stringify(from)}`);
    files.set(file, text.replace(from, to));
  }
  return files;
}

export function load(files: ConfigFiles): RoutingConfig {
  const loaded = loadConfig(files);
  if (!loaded.config) throw new Error(`fixture does not load: ${loaded.errors.map((e) => e.message).join("; ")}`);
  return loaded.config;
}

/** general-chat in dev split between model-router and gpt-4o-mini. */
export function splitGeneralChat(router: number, mini: number, extra: Record<string, readonly [string, string]> = {}): RoutingConfig {
  return load(
    edited({
      [DEV]: [
        GENERAL_CHAT_TARGETS,
        `      - { deployment: eus2/model-router, weight: ${router} }\n      - { deployment: eus2/gpt-4o-mini, weight: ${mini} }\n    fallbacks: [eus2/mai-ds-r1]`,
      ],
      ...extra,
    }),
  );
}

/** One evidence file, as eval import would write it. */
export function evidenceFile(over: Partial<Omit<Evidence, "contentSha256" | "results">> & { passRate?: number } = {}): [string, string] {
  const passRate = over.passRate ?? 1;
  const { passRate: _p, ...rest } = over;
  const body: Omit<Evidence, "contentSha256"> = {
    schema: EVIDENCE_SCHEMA,
    environment: "dev",
    taskClass: "general-chat",
    deployment: "eus2/gpt-4o-mini",
    model: "gpt-4o-mini",
    version: "2024-07-18",
    evaluatedAt: "2026-06-01T12:00:00.000Z",
    promptfoo: { version: "0.121.20", evalId: "eval-test", resultsVersion: 3 },
    configSha256: "0".repeat(64),
    prompts: { file: "evals/prompts/general-chat.yaml", sha256: "1".repeat(64) },
    results: { tests: 10, passed: Math.round(passRate * 10), failed: 10 - Math.round(passRate * 10), errors: 0, passRate },
    tokens: { prompt: 100, completion: 50, total: 150 },
    latencyMs: { mean: 10, p50: 10, p95: 12, max: 15 },
    failures: [],
    ...rest,
  };
  const evidence = { ...body, contentSha256: contentHash(body) };
  return [evidencePath(evidence.environment, evidence.taskClass, evidence.deployment), evidenceText(evidence)];
}
