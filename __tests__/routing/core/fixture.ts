// A small valid config built in code, for the table, hash and diff tests.
import { stringify } from "yaml";
import { loadConfig, type RoutingConfig } from "../../../routing/config/loader";

const fact = (value: string | number) => ({ value, evidence: "vendor-claim" });
const undisclosed = { evidence: "undisclosed" };

export function model(id: string, vendor: string, opts: { api?: string; clean?: boolean; version?: string } = {}) {
  return {
    id,
    displayName: id,
    vendor,
    family: id,
    useCase: fact("general"),
    architecture: undisclosed,
    positioning: { complexity: ["low", "medium", "high"], latency: ["low", "medium", "high"], evidence: "vendor-claim" },
    contextWindow: fact(128000),
    api: opts.api ?? "chat-completions",
    provenance: opts.clean
      ? { trainingData: fact("licensed"), distillation: fact("none"), license: fact("proprietary") }
      : { trainingData: undisclosed, distillation: undisclosed, license: fact("proprietary") },
    foundry: { format: "OpenAI", name: id, version: opts.version ?? "1", skus: ["GlobalStandard"], availability: "ga" },
  };
}

export interface FixtureSpec {
  models: ReturnType<typeof model>[];
  classes: { id: string; provenanceRequired?: boolean }[];
  envs: Record<string, Record<string, unknown>>;
}

export function baseSpec(): FixtureSpec {
  return {
    models: [model("gpt-4o", "openai"), model("gpt-4o-mini", "openai"), model("mai-code-1-flash", "microsoft", { clean: true })],
    classes: [{ id: "autocomplete" }, { id: "docstring" }],
    envs: {
      prod: {
        resourceGroup: { create: true, name: "rg-prod", location: "eastus2" },
        accounts: [
          {
            id: "eus2",
            region: "eastus2",
            deployments: [
              { name: "gpt-4o", model: "gpt-4o", capacity: 10 },
              { name: "gpt-4o-mini", model: "gpt-4o-mini", capacity: 10 },
              { name: "mai-code-1-flash", model: "mai-code-1-flash", capacity: 10 },
            ],
          },
        ],
        routes: [
          { taskClass: "autocomplete", targets: [{ deployment: "eus2/gpt-4o-mini", weight: 100 }], fallbacks: ["eus2/gpt-4o"] },
          { taskClass: "docstring", targets: [{ deployment: "eus2/gpt-4o", weight: 100 }] },
        ],
      },
    },
  };
}

export function build(spec: FixtureSpec): RoutingConfig {
  const files = new Map<string, string>([
    ["config/models.yaml", stringify({ models: spec.models })],
    [
      "config/task-classes.yaml",
      stringify({
        taskClasses: spec.classes.map((c) => ({
          id: c.id,
          description: c.id,
          latency: "medium",
          tokenVolume: "medium",
          provenanceRequired: c.provenanceRequired ?? false,
          complexity: "low",
        })),
      }),
    ],
    ...Object.entries(spec.envs).map(([name, env]) => [`config/environments/${name}.yaml`, stringify(env)] as [string, string]),
  ]);
  const loaded = loadConfig(files);
  if (!loaded.config) throw new Error(`fixture does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.config;
}

/** Deep copy, so each test mutates its own spec. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
