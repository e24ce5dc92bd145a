// Deterministic, seeded config generator for benchmarks and scale tests.
// Scale s yields 10·s deployments and 50·s routes: ×1 = 1 environment, 1 account, 10 deployments, 50 task classes;
// ×10 = 1 environment, 10 accounts, 100 deployments, 500 routes; ×100 = 10 environments, 1,000 deployments, 5,000 routes.
// Every generated config passes the policy rules without errors (warnings such as FR-USE-1 may remain).
import { type Document, isMap, isSeq, parseDocument, stringify } from "yaml";

export interface GenerateOptions {
  /** Multiple of the base size; 1, 10 and 100 are the benchmark points. */
  readonly scale: number;
  /**
   * PRNG seed; the same seed and scale always give the same files.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Add an APIM gateway (create: true) to every environment.
   * @default false
   */
  readonly gateway?: boolean;
  /**
   * Override the sizes the scale implies (property tests use tiny configs).
   * @default - derived from scale
   */
  readonly sizes?: Partial<GeneratedSizes>;
}

export interface GeneratedSizes {
  readonly environments: number;
  readonly accountsPerEnv: number;
  /** Average; the split over accounts is uneven. */
  readonly deploymentsPerAccount: number;
  readonly taskClasses: number;
  /** Catalog size, 1 to 8; deployments cycle through the catalog. */
  readonly models: number;
}

/** The plain objects behind the YAML files, for tests that mutate them before serializing. */
export interface GeneratedData {
  models: Record<string, unknown>;
  taskClasses: Record<string, unknown>;
  /** By environment name (config/environments/<name>.yaml). */
  envs: Record<string, Record<string, unknown>>;
}

export interface GeneratedStats {
  readonly environments: number;
  readonly accounts: number;
  readonly deployments: number;
  readonly routes: number;
  readonly taskClasses: number;
  /** Deployments of the account with the most of them, across all environments: the expected dependsOn chain depth. */
  readonly largestAccountDeployments: number;
}

export interface GeneratedConfig {
  /** Repository-relative path → YAML text, the shape `loadConfig` takes. */
  readonly files: Map<string, string>;
  readonly stats: GeneratedStats;
}

/** mulberry32: tiny, fast, and the same on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Api = "chat-completions" | "anthropic-messages";
interface ModelSpec {
  id: string;
  vendor: "microsoft" | "openai" | "anthropic" | "deepseek" | "meta";
  format: string;
  name: string;
  version: string;
  api: Api;
  clean: boolean;
}

// Synthetic catalog: ids and Azure names look real so synthesized resources look real; facts are placeholders.
// Ordered so that any prefix of 3 or more has a clean (licensed, non-distilled) model, a chat model and an Anthropic one.
const MODELS: readonly ModelSpec[] = [
  { id: "mai-ds-r1", vendor: "microsoft", format: "Microsoft", name: "MAI-DS-R1", version: "1", api: "chat-completions", clean: true },
  { id: "gpt-4o", vendor: "openai", format: "OpenAI", name: "gpt-4o", version: "2024-11-20", api: "chat-completions", clean: false },
  {
    id: "claude-sonnet-4-5",
    vendor: "anthropic",
    format: "Anthropic",
    name: "claude-sonnet-4-5",
    version: "20250929",
    api: "anthropic-messages",
    clean: false,
  },
  {
    id: "llama-3-3-70b",
    vendor: "meta",
    format: "Meta",
    name: "Llama-3.3-70B-Instruct",
    version: "5",
    api: "chat-completions",
    clean: true,
  },
  {
    id: "deepseek-v3",
    vendor: "deepseek",
    format: "DeepSeek",
    name: "DeepSeek-V3-0324",
    version: "1",
    api: "chat-completions",
    clean: false,
  },
  { id: "phi-4", vendor: "microsoft", format: "Microsoft", name: "Phi-4", version: "7", api: "chat-completions", clean: true },
  {
    id: "gpt-4o-mini",
    vendor: "openai",
    format: "OpenAI",
    name: "gpt-4o-mini",
    version: "2024-07-18",
    api: "chat-completions",
    clean: false,
  },
  {
    id: "claude-haiku-4-5",
    vendor: "anthropic",
    format: "Anthropic",
    name: "claude-haiku-4-5",
    version: "20251001",
    api: "anthropic-messages",
    clean: false,
  },
];

const REGIONS = [
  "eastus2",
  "swedencentral",
  "westus3",
  "francecentral",
  "japaneast",
  "uksouth",
  "australiaeast",
  "canadaeast",
  "northcentralus",
  "switzerlandnorth",
];
const ENV_NAMES = ["dev", "test", "qa", "staging", "perf", "uat", "canary", "prod", "prod-eu", "prod-us"];
const LEVELS = ["low", "medium", "high"] as const;
const VERBS = ["summarize", "classify", "draft", "translate", "extract", "answer", "review", "plan", "rank", "explain"];
const NOUNS = ["tickets", "contracts", "emails", "code", "invoices", "chats", "reports", "logs", "claims", "specs"];

function catalogYaml(models: readonly ModelSpec[]): Record<string, unknown> {
  return {
    models: models.map((m) => ({
      id: m.id,
      displayName: m.name,
      vendor: m.vendor,
      family: m.id.split("-")[0],
      useCase: { value: "general purpose", evidence: "vendor-claim", source: "synthetic benchmark catalog" },
      architecture: { evidence: "undisclosed" },
      positioning: { complexity: [...LEVELS], latency: [...LEVELS], evidence: "vendor-claim" },
      contextWindow: { value: 128000, evidence: "vendor-claim" },
      api: m.api,
      provenance: m.clean
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
      foundry: { format: m.format, name: m.name, version: m.version, skus: ["GlobalStandard", "DataZoneStandard"], availability: "ga" },
    })),
  };
}

interface ClassSpec {
  id: string;
  provenanceRequired: boolean;
  api: Api;
}

function taskClasses(count: number): ClassSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const provenanceRequired = i % 5 === 0;
    return {
      id: `${VERBS[i % VERBS.length]}-${NOUNS[Math.floor(i / VERBS.length) % NOUNS.length]}-${String(i).padStart(3, "0")}`,
      provenanceRequired,
      api: !provenanceRequired && i % 4 === 3 ? "anthropic-messages" : "chat-completions",
    };
  });
}

/** Splits `total` into `parts` uneven counts of at least `min` each (seeded), so one account is clearly the largest. */
function unevenSplit(total: number, parts: number, min: number, rnd: () => number): number[] {
  const counts = new Array<number>(parts).fill(min);
  for (let left = total - parts * min; left > 0; left--) counts[Math.floor(rnd() * rnd() * parts)]!++;
  return counts;
}

function pick<T>(items: readonly T[], n: number, rnd: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!);
  return out;
}

const WEIGHTS: Record<number, number[]> = { 1: [100], 2: [60, 40], 3: [50, 30, 20] };

export function generateConfig(options: GenerateOptions): GeneratedConfig {
  const { data, stats } = generateData(options);
  const header = `# Generated by bench/generate.ts (scale ${options.scale}, seed ${options.seed ?? 1}); do not edit.\n`;
  return { files: toFiles(data, header), stats };
}

/** Serializes generated (possibly mutated) data to the files `loadConfig` takes. */
export function toFiles(data: GeneratedData, header = ""): Map<string, string> {
  const files = new Map<string, string>();
  files.set("config/models.yaml", header + stringify(data.models));
  files.set("config/task-classes.yaml", header + stringify(data.taskClasses));
  for (const [name, env] of Object.entries(data.envs)) files.set(`config/environments/${name}.yaml`, header + stringify(env));
  return files;
}

export function generateData(options: GenerateOptions): { data: GeneratedData; stats: GeneratedStats } {
  const scale = options.scale;
  if (!Number.isInteger(scale) || scale < 1 || scale > 100) throw new Error(`scale must be an integer from 1 to 100, got ${scale}`);
  const seed = options.seed ?? 1;
  const rnd = prng(seed);
  const envCount = Math.min(ENV_NAMES.length, options.sizes?.environments ?? Math.max(1, Math.floor(scale / 10)));
  const accountsPerEnv = options.sizes?.accountsPerEnv ?? Math.ceil(scale / envCount);
  const perAccount = options.sizes?.deploymentsPerAccount ?? 10;
  const classes = taskClasses(options.sizes?.taskClasses ?? 50 * Math.min(scale, 10));
  const models = MODELS.slice(0, Math.max(1, Math.min(MODELS.length, options.sizes?.models ?? MODELS.length)));

  const data: GeneratedData = {
    models: catalogYaml(models),
    taskClasses: {
      taskClasses: classes.map((c, i) => ({
        id: c.id,
        description: `Synthetic task class ${i}`,
        latency: LEVELS[i % 3],
        tokenVolume: LEVELS[(i + 1) % 3],
        provenanceRequired: c.provenanceRequired,
        complexity: LEVELS[(i + 2) % 3],
      })),
    },
    envs: {},
  };

  let deploymentsTotal = 0;
  let largest = 0;
  for (let e = 0; e < envCount; e++) {
    const envName = ENV_NAMES[e]!;
    const counts = unevenSplit(perAccount * accountsPerEnv, accountsPerEnv, Math.min(4, perAccount), rnd);
    const byApi: Record<"clean" | Api, string[]> = { clean: [], "chat-completions": [], "anthropic-messages": [] };
    const vendorOf = new Map<string, string>();
    const accounts = counts.map((count, k) => {
      const id = `a${String(k).padStart(2, "0")}`;
      largest = Math.max(largest, count);
      deploymentsTotal += count;
      const policy = `strict-${id}`;
      const deployments = Array.from({ length: count }, (_, j) => {
        const m = models[(j + k) % models.length]!;
        const name = `${m.id}-${String(j).padStart(2, "0")}`;
        const ref = `${id}/${name}`;
        byApi[m.api].push(ref);
        vendorOf.set(ref, m.vendor);
        if (m.clean) byApi.clean.push(ref);
        return {
          name,
          model: m.id,
          capacity: 1 + Math.floor(rnd() * 50),
          ...(j % 3 === 0 ? { raiPolicy: policy } : {}),
        };
      });
      return {
        id,
        region: REGIONS[k % REGIONS.length],
        // A BasicV2 gateway reaches accounts only over public endpoints (FR-GATEWAY-3); access stays Entra ID only.
        ...(options.gateway ? { publicNetworkAccess: true } : {}),
        raiPolicies: [
          {
            name: policy,
            contentFilters: [
              { name: "Hate", source: "Prompt" },
              { name: "Violence", source: "Completion", severityThreshold: "High" },
            ],
          },
        ],
        deployments,
      };
    });
    const routes = classes.map((c, i) => {
      // Account a00 always starts with a clean chat model, so the clean and chat pools are never empty.
      const pool = c.provenanceRequired ? byApi.clean : byApi[c.api].length > 0 ? byApi[c.api] : byApi["chat-completions"];
      const targetCount = 1 + Math.floor(rnd() * 3);
      const chosen = pick(pool, targetCount + Math.floor(rnd() * 3), rnd);
      // Vendor diversity (FR-VENDOR-1): when every pick has one vendor, add a fallback from another, if the pool has one.
      if (new Set(chosen.map((r) => vendorOf.get(r))).size === 1) {
        const start = Math.floor(rnd() * pool.length);
        const others = [...pool.slice(start), ...pool.slice(0, start)].filter((r) => vendorOf.get(r) !== vendorOf.get(chosen[0]!));
        if (others.length > 0) chosen.push(others[0]!);
      }
      const targets = chosen.slice(0, Math.min(targetCount, chosen.length));
      const weights = WEIGHTS[targets.length]!;
      return {
        taskClass: c.id,
        targets: targets.map((deployment, t) => ({ deployment, weight: weights[t] })),
        ...(chosen.length > targets.length ? { fallbacks: chosen.slice(targets.length) } : {}),
        ...(i % 7 === 0 ? { sticky: { header: "X-Session-Id" } } : {}),
        ...(i % 11 === 0 ? { tokenLimit: { tokensPerMinute: 10000 * (1 + (i % 5)) } } : {}),
      };
    });
    const env: Record<string, unknown> = {
      project: "bench",
      resourceGroup: { create: true, name: `rg-bench-${envName}`, location: "eastus2" },
      tags: { owner: "platform-team", "cost-center": "cc-1234", environment: envName },
      accounts,
      routes,
      defaultRoute: classes[Math.min(1, classes.length - 1)]!.id,
      traffic: Object.fromEntries(
        classes.slice(0, 5).map((c, i) => [c.id, { requestsPerDay: 1000 * (i + 1), inputTokens: 800, outputTokens: 300 }]),
      ),
    };
    if (options.gateway) env.gateway = { create: true, publisherName: "Platform team", publisherEmail: "platform@example.com" };
    data.envs[envName] = env;
  }
  return {
    data,
    stats: {
      environments: envCount,
      accounts: envCount * accountsPerEnv,
      deployments: deploymentsTotal,
      routes: envCount * classes.length,
      taskClasses: classes.length,
      largestAccountDeployments: largest,
    },
  };
}

/**
 * Reorders the keys of every YAML mapping (seeded), leaving lists in order: list order carries meaning
 * (target order sets weight bucket ranges, fallbacks are tried in order), key order must not.
 */
export function shuffleMappingKeys(text: string, seed: number): string {
  const rnd = prng(seed);
  const doc: Document = parseDocument(text);
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      for (let i = node.items.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [node.items[i], node.items[j]] = [node.items[j]!, node.items[i]!];
      }
      for (const pair of node.items) visit(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return doc.toString();
}
