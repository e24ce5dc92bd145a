// Config histories for the audit tests and the `history` benchmark.
// - configFiles(): small valid configs from a compact spec, as YAML text (the files a commit holds);
// - generateHistoryRepo(): a real git repository with N first-parent commits (some of them --no-ff merges of a
//   two-commit branch), written with ONE `git fast-import`, so a 1,000-commit history builds in about a second.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { stringify } from "yaml";
import { historyEntries, renderHistoryText, walkHistory } from "../routing/audit";

export type Vendor = "microsoft" | "openai" | "anthropic" | "deepseek" | "meta";

export interface ModelSpec {
  readonly id: string;
  /** @default "openai" */
  readonly vendor?: Vendor;
  /** Catalog version. @default "2025-01-01" */
  readonly version?: string;
  /** Licensed, non-distilled training data (vendor claim); otherwise undisclosed. @default false */
  readonly clean?: boolean;
  /** @default "ga" */
  readonly availability?: "ga" | "preview" | "unverified";
  /** Evidence of the clean provenance facts. @default "vendor-claim" */
  readonly evidence?: "vendor-claim" | "independent";
}

export interface RouteSpec {
  readonly taskClass: string;
  /** `[deployment ref, weight]` pairs; weights sum to 100 for a valid route. */
  readonly targets: readonly (readonly [string, number])[];
  /** @default none */
  readonly fallbacks?: readonly string[];
}

export interface EnvSpec {
  /** Deployments of the single account `eus2` (refs are `eus2/<name>`). */
  readonly deployments: readonly { readonly name: string; readonly model: string; readonly version?: string }[];
  readonly routes: readonly RouteSpec[];
  /** @default none */
  readonly defaultRoute?: string;
}

export interface ConfigSpec {
  readonly models: readonly ModelSpec[];
  /** Task class ids, or ids with provenanceRequired. */
  readonly taskClasses: readonly (string | { readonly id: string; readonly provenanceRequired: boolean })[];
  /** By environment name. */
  readonly envs: Readonly<Record<string, EnvSpec>>;
}

/** The config/ files of a spec: path → YAML text. Valid under routing/config/schema.ts and, as built here, the rules. */
export function configFiles(spec: ConfigSpec): Map<string, string> {
  const files = new Map<string, string>();
  files.set("config/models.yaml", stringify({ models: spec.models.map(modelYaml) }));
  files.set(
    "config/task-classes.yaml",
    stringify({
      taskClasses: spec.taskClasses.map((t) => {
        const { id, provenanceRequired } = typeof t === "string" ? { id: t, provenanceRequired: false } : t;
        return { id, description: `${id} requests`, latency: "medium", tokenVolume: "medium", provenanceRequired, complexity: "medium" };
      }),
    }),
  );
  for (const [name, env] of Object.entries(spec.envs)) {
    files.set(
      `config/environments/${name}.yaml`,
      stringify({
        resourceGroup: { existing: `rg-${name}` },
        accounts: [
          {
            id: "eus2",
            region: "eastus2",
            deployments: env.deployments.map((d) => ({
              name: d.name,
              model: d.model,
              ...(d.version ? { version: d.version } : {}),
              capacity: 10,
            })),
          },
        ],
        routes: env.routes.map((r) => ({
          taskClass: r.taskClass,
          targets: r.targets.map(([deployment, weight]) => ({ deployment, weight })),
          ...(r.fallbacks && r.fallbacks.length > 0 ? { fallbacks: [...r.fallbacks] } : {}),
        })),
        ...(env.defaultRoute ? { defaultRoute: env.defaultRoute } : {}),
      }),
    );
  }
  return files;
}

function modelYaml(m: ModelSpec) {
  const vendor = m.vendor ?? "openai";
  return {
    id: m.id,
    displayName: m.id.toUpperCase(),
    vendor,
    family: `${m.id}-family`,
    useCase: { value: "general chat", evidence: "vendor-claim", source: "fixture catalog page" },
    architecture: { evidence: "undisclosed" },
    positioning: { complexity: ["low", "medium", "high"], latency: ["low", "medium", "high"], evidence: "vendor-claim" },
    contextWindow: { value: 128000, evidence: "vendor-claim" },
    api: vendor === "anthropic" ? "anthropic-messages" : "chat-completions",
    provenance: m.clean
      ? {
          trainingData: { value: "licensed", evidence: m.evidence ?? "vendor-claim", source: "fixture model card" },
          distillation: { value: "none", evidence: m.evidence ?? "vendor-claim" },
          license: { value: "proprietary", evidence: "vendor-claim" },
        }
      : {
          trainingData: { evidence: "undisclosed" },
          distillation: { evidence: "undisclosed" },
          license: { value: "proprietary", evidence: "vendor-claim" },
        },
    foundry: {
      format: vendor,
      name: m.id,
      version: m.version ?? "2025-01-01",
      skus: ["GlobalStandard"],
      availability: m.availability ?? "ga",
    },
  };
}

// ---- N-commit repositories for the benchmark ----

export interface HistoryRepoOptions {
  /** First-parent commits touching config/ (a merge counts as one). */
  readonly commits: number;
  /**
   * Every this many first-parent commits is a --no-ff merge of a branch with two commits.
   * @default 10
   */
  readonly mergeEvery?: number;
  /** @default 1 */
  readonly seed?: number;
}

export interface HistoryRepo {
  readonly dir: string;
  readonly ref: "main";
  /** First-parent commits on main, all of which touch config/. */
  readonly commits: number;
}

const ENVS = ["dev", "staging", "prod"];
const CLASSES = ["chat", "document-drafting", "summarize", "autocomplete", "classify", "extract"];
const AUTHORS = ["alice", "bob", "carol", "dave"];

/** Writes a repository with `commits` first-parent config commits into `dir` (created if missing; must be empty). */
export function generateHistoryRepo(dir: string, options: HistoryRepoOptions): HistoryRepo {
  mkdirSync(dir, { recursive: true });
  run(dir, ["init", "-q", "-b", "main"]);
  let seed = options.seed ?? 1;
  const rand = () => {
    // mulberry32: deterministic and small.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weights: Record<string, number[]> = {};
  for (const e of ENVS) weights[e] = CLASSES.map(() => 100);
  let version = 1;
  const spec = (): ConfigSpec => ({
    models: [
      { id: "gpt-4o", version: `2025-01-${String((version % 28) + 1).padStart(2, "0")}` },
      { id: "mai-ds-r1", vendor: "microsoft", clean: true },
      { id: "llama-4", vendor: "meta" },
    ],
    taskClasses: CLASSES,
    envs: Object.fromEntries(
      ENVS.map((e) => [
        e,
        {
          deployments: [
            { name: "gpt-4o", model: "gpt-4o" },
            { name: "mai-ds-r1", model: "mai-ds-r1" },
            { name: "llama-4", model: "llama-4" },
          ],
          routes: CLASSES.map((tc, k) => {
            const w = weights[e]![k]!;
            return {
              taskClass: tc,
              targets: w === 100 ? [["eus2/gpt-4o", 100] as const] : [["eus2/gpt-4o", w] as const, ["eus2/mai-ds-r1", 100 - w] as const],
              fallbacks: ["eus2/llama-4"],
            };
          }),
          defaultRoute: "chat",
        },
      ]),
    ),
  });

  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text, "utf8")}\n${text}\n`;
  let mark = 0;
  let when = Date.UTC(2026, 0, 1) / 1000;
  let previous: Map<string, string> = new Map();
  /** Writes a commit of the current spec on `branch`; only changed files are listed. */
  const commit = (branch: string, message: string, from: number | undefined, merge?: number): number => {
    const files = configFiles(spec());
    const lines: string[] = [];
    for (const [path, text] of files) if (previous.get(path) !== text) lines.push(`M 100644 inline ${path}\n${data(text)}`);
    previous = files;
    const who = AUTHORS[Math.floor(rand() * AUTHORS.length)];
    when += 3600;
    const m = ++mark;
    chunks.push(
      `commit refs/heads/${branch}\nmark :${m}\n` +
        `author ${who} <${who}@example.com> ${when} +0000\ncommitter ${who} <${who}@example.com> ${when} +0000\n` +
        data(message) +
        (from !== undefined ? `from :${from}\n` : "") +
        (merge !== undefined ? `merge :${merge}\n` : "") +
        lines.join("") +
        "\n",
    );
    return m;
  };
  const change = () => {
    const e = ENVS[Math.floor(rand() * ENVS.length)]!;
    const k = Math.floor(rand() * CLASSES.length);
    if (rand() < 0.1) version++;
    else {
      // Always a real change: a commit that leaves config/ as it was would not be a config commit.
      const envWeights = weights[e]!;
      const old = envWeights[k]!;

      let w = old;
      while (w === old) w = 10 * Math.floor(rand() * 11);
      envWeights[k] = w;
    }
    return `${e} ${CLASSES[k]}: rebalance`;
  };
  const mergeEvery = options.mergeEvery ?? 10;
  let head: number | undefined;
  for (let i = 1; i <= options.commits; i++) {
    if (head !== undefined && mergeEvery > 0 && i % mergeEvery === 0) {
      const base = previous;
      const b1 = commit(`pr-${i}`, change(), head);
      const b2 = commit(`pr-${i}`, change(), b1);
      // The merge commit's listed files are relative to its first parent (main), so diff against main's state.
      previous = base;
      head = commit("main", `Merge pull request #${i}`, head, b2);
    } else {
      head = commit("main", i === 1 ? "Initial routing" : change(), head);
    }
  }
  run(dir, ["fast-import", "--quiet", "--done"], chunks.join("") + "done\n");
  return { dir, ref: "main", commits: options.commits };
}

function run(dir: string, args: string[], input?: string): void {
  const r = spawnSync("git", args, {
    cwd: dir,
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.toString("utf8")}`);
}

export interface HistoryTiming {
  readonly commits: number;
  /** Building the repository (not part of the measured command). */
  readonly buildMs: number;
  /** `history` as the CLI runs it: walk (git log, cat-file, parse, tables) + entries (diffs, validation) + text. */
  readonly historyMs: number;
  /** Entries produced, as a sanity check (equals `commits`). */
  readonly entries: number;
}

/**
 * Builds an N-commit repository under `dir` and times `history` on it, best of `repeat` runs.
 * For bench/run.ts: `benchHistory(join(tmp, "history-1000"), 1000)`.
 */
export function benchHistory(dir: string, commits: number, repeat = 3): HistoryTiming {
  let t = performance.now();
  const repo = generateHistoryRepo(dir, { commits });
  const buildMs = performance.now() - t;
  let best = Infinity;
  let entries = 0;
  for (let i = 0; i < repeat; i++) {
    t = performance.now();
    const h = walkHistory(repo.dir, repo.ref);
    const list = historyEntries(h);
    renderHistoryText(list);
    best = Math.min(best, performance.now() - t);
    entries = list.length;
  }
  return { commits, buildMs: Math.round(buildMs), historyMs: Math.round(best), entries };
}
