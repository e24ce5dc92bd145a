// Small configs built in code for the construct and synth tests: YAML text → loadConfig, like the real loader.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadConfig, type ConfigFiles, type RoutingConfig } from "../../routing/config/loader";

/** A catalog entry; `format` decides azurerm vs azapi. */
function model(id: string, vendor: string, format: string, version: string, api = "chat-completions"): string {
  return `
  - id: ${id}
    displayName: ${id}
    vendor: ${vendor}
    family: ${id}
    useCase: { value: general, evidence: vendor-claim }
    architecture: { evidence: undisclosed }
    positioning: { complexity: [low, medium, high], latency: [low, medium, high], evidence: vendor-claim }
    contextWindow: { value: 128000, evidence: vendor-claim }
    api: ${api}
    provenance:
      trainingData: { value: licensed, evidence: vendor-claim }
      distillation: { value: none, evidence: vendor-claim }
      license: { value: proprietary, evidence: vendor-claim }
    foundry:
      format: ${format}
      name: ${id}
      version: "${version}"
      skus: [GlobalStandard]
      availability: ga`;
}

export const MODELS_YAML = `models:${[
  model("gpt-4o", "openai", "OpenAI", "2024-11-20"),
  model("gpt-4o-mini", "openai", "OpenAI", "2024-07-18"),
  model("mai-ds-r1", "microsoft", "Microsoft", "1"),
  model("claude-sonnet-4-5", "anthropic", "Anthropic", "20250929", "anthropic-messages"),
].join("")}
`;

export const TASK_CLASSES_YAML = `taskClasses:
  - id: chat
    description: Interactive chat
    latency: medium
    tokenVolume: medium
    provenanceRequired: false
    complexity: medium
`;

/** A dev environment: one account, two OpenAI deployments, one route. Override parts with plain YAML text. */
export function envYaml(parts: { resourceGroup?: string; backend?: string; accounts?: string; extra?: string } = {}): string {
  return `resourceGroup: ${parts.resourceGroup ?? "{ create: true, name: rg-foundry-dev, location: eastus2 }"}
${parts.backend ? `backend: ${parts.backend}\n` : ""}tags: { cost-center: "4711", owner: platform }
accounts:${
    parts.accounts ??
    `
  - id: eus2
    region: eastus2
    deployments:
      - { name: gpt-4o, model: gpt-4o, capacity: 10 }
      - { name: gpt-4o-mini, model: gpt-4o-mini, capacity: 20 }`
  }
routes:
  - taskClass: chat
    targets: [{ deployment: eus2/gpt-4o, weight: 100 }]
${parts.extra ?? ""}`;
}

export function files(envs: Record<string, string> = { dev: envYaml() }): Map<string, string> {
  return new Map<string, string>([
    ["config/models.yaml", MODELS_YAML],
    ["config/task-classes.yaml", TASK_CLASSES_YAML],
    ...Object.entries(envs).map(([name, text]) => [`config/environments/${name}.yaml`, text] as [string, string]),
  ]);
}

export function load(f: ConfigFiles = files()): RoutingConfig {
  const loaded = loadConfig(f);
  if (!loaded.config)
    throw new Error(`fixture does not load:\n${loaded.errors.map((e) => `${e.file}:${e.line} ${e.path}: ${e.message}`).join("\n")}`);
  return loaded.config;
}

/** Writes config files under `root`. */
export function writeConfig(root: string, f: ReadonlyMap<string, string>): void {
  for (const [rel, text] of f) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** Every file under `dir` with its bytes, by relative path, sorted. */
export function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else out.set(r, readFileSync(join(dir, r)));
    }
  };
  walk("");
  return out;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Resources of one type in a synthesized stack, by logical id. */
export function resources(stack: Json, type: string): Record<string, Json> {
  return (stack.resource?.[type] ?? {}) as Record<string, Json>;
}

/** Every managed resource as `type.name` → its body. */
export function allResources(stack: Json): Map<string, Json> {
  const m = new Map<string, Json>();
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) m.set(`${type}.${name}`, body);
  }
  return m;
}

/**
 * Longest depends_on chain among model deployments, counted in deployments (a lone deployment is 1).
 * Only edges between deployment resources count, so the result is about the deployment ordering alone.
 */
export function deploymentChainDepth(stack: Json): number {
  const all = allResources(stack);
  const isDeployment = (addr: string) =>
    addr.startsWith("azurerm_cognitive_deployment.") ||
    (addr.startsWith("azapi_resource.") &&
      String(all.get(addr)?.type ?? "").startsWith("Microsoft.CognitiveServices/accounts/deployments@"));
  const deps = new Map<string, string[]>();
  for (const [addr, body] of all) {
    if (!isDeployment(addr)) continue;
    deps.set(addr, ((body.depends_on ?? []) as string[]).filter(isDeployment));
  }
  const memo = new Map<string, number>();
  const depth = (addr: string, seen: Set<string>): number => {
    if (memo.has(addr)) return memo.get(addr)!;
    if (seen.has(addr)) throw new Error(`depends_on cycle at ${addr}`);
    seen.add(addr);
    const d = 1 + Math.max(0, ...(deps.get(addr) ?? []).map((p) => depth(p, seen)));
    seen.delete(addr);
    memo.set(addr, d);
    return d;
  };
  return Math.max(0, ...[...deps.keys()].map((a) => depth(a, new Set())));
}
