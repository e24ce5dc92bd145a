// A minimal valid config built in code: tests mutate the plain objects, then it is serialized to YAML and
// run through the real loader and validator, so findings carry real files, paths and lines.
import { stringify } from "yaml";
import type { Finding } from "../../../routing/findings";
import { type RoutingConfig, loadConfig } from "../../../routing/config/loader";
import type { z } from "zod";
import type {
  Account,
  CatalogModel,
  Deployment,
  EnvironmentFile,
  ModelsFile,
  Route,
  TaskClassesFile,
} from "../../../routing/config/schema";
import { validate } from "../../../routing/validate";

/** The YAML documents as written (zod's input side: keys with defaults may be left out). */
export type ModelsYaml = z.input<typeof ModelsFile>;
export type ModelYaml = z.input<typeof CatalogModel>;
export type TaskClassesYaml = z.input<typeof TaskClassesFile>;
export type DeploymentYaml = z.input<typeof Deployment>;
/** The lists that have defaults are always written out by the baseline, so tests can push to them. */
export type AccountYaml = z.input<typeof Account> & { deployments: DeploymentYaml[] };
export type RouteYaml = z.input<typeof Route>;
type EnvInput = z.input<typeof EnvironmentFile>;
export type EnvYaml = EnvInput & { accounts: AccountYaml[]; routes: RouteYaml[]; traffic: NonNullable<EnvInput["traffic"]> };

export const MODELS = "config/models.yaml";
export const TASK_CLASSES = "config/task-classes.yaml";
export const DEV = "config/environments/dev.yaml";

export interface FixtureData {
  models: ModelsYaml;
  taskClasses: TaskClassesYaml;
  /** By environment name: config/environments/<name>.yaml. */
  envs: Record<string, EnvYaml>;
}

/** A catalog entry with every required field; `over` replaces top-level fields. */
export function model(id: string, vendor: ModelYaml["vendor"], over: Partial<ModelYaml> = {}): ModelYaml {
  const clean = vendor === "microsoft" || vendor === "meta";
  return {
    id,
    displayName: id.toUpperCase(),
    vendor,
    family: `${vendor}-family`,
    useCase: { value: "general chat", evidence: "vendor-claim", source: "fixture" },
    architecture: { evidence: "undisclosed" },
    positioning: { complexity: ["medium", "high"], latency: ["medium"], evidence: "vendor-claim" },
    contextWindow: { value: 128000, evidence: "vendor-claim" },
    api: vendor === "anthropic" ? "anthropic-messages" : "chat-completions",
    provenance: clean
      ? {
          trainingData: { value: "licensed", evidence: "vendor-claim" },
          distillation: { value: "none", evidence: "vendor-claim" },
          license: { value: "proprietary", evidence: "vendor-claim" },
        }
      : {
          trainingData: { evidence: "undisclosed" },
          distillation: { evidence: "undisclosed" },
          license: { value: "proprietary", evidence: "vendor-claim" },
        },
    foundry: { format: vendor, name: id, version: "2025-01-01", skus: ["GlobalStandard", "DataZoneStandard"], availability: "ga" },
    ...over,
  };
}

/**
 * The baseline: two task classes, three deployments in two accounts, every class routed across two vendors,
 * one provenance-clean route, a quota filled exactly. It yields no findings at all.
 */
export function baseline(): FixtureData {
  return {
    models: {
      models: [
        model("gpt-test", "openai"),
        model("mai-test", "microsoft", { positioning: { complexity: ["low", "medium"], latency: ["high"], evidence: "vendor-claim" } }),
        model("llama-test", "meta"),
        model("claude-test", "anthropic"),
      ],
    },
    taskClasses: {
      taskClasses: [
        {
          id: "chat",
          description: "interactive chat",
          latency: "high",
          tokenVolume: "medium",
          provenanceRequired: false,
          complexity: "medium",
        },
        {
          id: "document-drafting",
          description: "drafts of customer documents",
          latency: "low",
          tokenVolume: "high",
          provenanceRequired: true,
          complexity: "low",
        },
      ],
    },
    envs: {
      dev: {
        resourceGroup: { existing: "rg-test" },
        accounts: [
          {
            id: "eus2",
            region: "eastus2",
            raiPolicies: [{ name: "strict", contentFilters: [{ name: "Hate", source: "Prompt" }] }],
            deployments: [
              { name: "gpt-test", model: "gpt-test", capacity: 10 },
              { name: "mai-test", model: "mai-test", capacity: 5, raiPolicy: "strict" },
            ],
          },
          { id: "swc", region: "swedencentral", deployments: [{ name: "llama-test", model: "llama-test", capacity: 5 }] },
        ],
        routes: [
          { taskClass: "chat", targets: [{ deployment: "eus2/gpt-test", weight: 100 }], fallbacks: ["swc/llama-test"] },
          { taskClass: "document-drafting", targets: [{ deployment: "eus2/mai-test", weight: 100 }], fallbacks: ["swc/llama-test"] },
        ],
        defaultRoute: "chat",
        traffic: { chat: { requestsPerDay: 1000, inputTokens: 500, outputTokens: 200 } },
        quotas: [{ region: "eastus2", sku: "GlobalStandard", model: "gpt-test", capacity: 10 }],
      },
    },
  };
}

export function toFiles(data: FixtureData): Map<string, string> {
  const files = new Map<string, string>([
    [MODELS, stringify(data.models)],
    [TASK_CLASSES, stringify(data.taskClasses)],
  ]);
  for (const [name, env] of Object.entries(data.envs)) files.set(`config/environments/${name}.yaml`, stringify(env));
  return files;
}

export interface Run {
  readonly files: Map<string, string>;
  readonly config: RoutingConfig;
  readonly findings: Finding[];
}

/** Builds the baseline, lets `mutate` change it, loads and validates. Fails the test on load (shape) errors. */
export function run(mutate: (d: FixtureData) => void = () => undefined): Run {
  const data = baseline();
  mutate(data);
  const files = toFiles(data);
  const loaded = loadConfig(files);
  if (!loaded.config)
    throw new Error(`fixture does not load:\n${loaded.errors.map((e) => `${e.file} ${e.path}: ${e.message}`).join("\n")}`);
  return { files, config: loaded.config, findings: validate(loaded.config) };
}

export function ofRule(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The text of the line a finding points at, to check that the line is the right one. */
export function lineText(r: Run, f: Finding): string {
  const text = r.files.get(f.file) ?? "";
  return f.line === undefined ? "" : (text.split("\n")[f.line - 1] ?? "");
}

/**
 * Asserts that `rule` produced exactly one finding, at `file` and `path`, with a line, and returns it.
 * `onLine`, when given, must appear on the line the finding points at.
 */
export function expectOne(
  r: Run,
  expected: { rule: string; level: "error" | "warning"; file: string; path: string; onLine?: string },
): Finding {
  const found = ofRule(r.findings, expected.rule);
  expect(found.map((f) => `${f.file} ${f.path}: ${f.message}`)).toHaveLength(1);
  const f = found[0];
  expect({ rule: f!.rule, level: f!.level, file: f!.file, path: f!.path }).toEqual({
    rule: expected.rule,
    level: expected.level,
    file: expected.file,
    path: expected.path,
  });
  expect(f!.line).toBeGreaterThan(0);
  if (expected.onLine !== undefined) expect(lineText(r, f!)).toContain(expected.onLine);
  return f!;
}

/** Deployment `name` of account `accountId` in env `dev`; fails the test when there is none. */
export function dep(d: FixtureData, accountId: string, name: string): DeploymentYaml {
  const found = d.envs.dev?.accounts.find((a) => a.id === accountId)?.deployments?.find((x) => x.name === name);
  if (!found) throw new Error(`fixture has no deployment ${accountId}/${name}`);
  return found;
}

/** Catalog entry `id`; fails the test when there is none. */
export function modelOf(d: FixtureData, id: string): ModelYaml {
  const found = d.models.models.find((m) => m.id === id);
  if (!found) throw new Error(`fixture has no model ${id}`);
  return found;
}
