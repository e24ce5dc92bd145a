// Review fixtures built in code: a small valid config (two vendors, a provenance-required class, prices and a
// traffic profile) that tests mutate, and real temporary git repositories to commit revisions of it into.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are deliberately loose so tests can change them */
export type Obj = Record<string, any>;

export interface FixtureData {
  models: Obj;
  taskClasses: Obj;
  /** By environment name: config/environments/<name>.yaml. */
  envs: Record<string, Obj>;
}

const CLEAN = {
  trainingData: { value: "licensed", evidence: "vendor-claim" },
  distillation: { value: "none", evidence: "vendor-claim" },
  license: { value: "proprietary", evidence: "vendor-claim" },
};
const UNDISCLOSED = {
  trainingData: { evidence: "undisclosed" },
  distillation: { evidence: "undisclosed" },
  license: { value: "proprietary", evidence: "vendor-claim" },
};

/** A catalog entry with every required field; `over` replaces top-level fields. */
export function model(id: string, vendor: string, over: Obj = {}): Obj {
  const clean = vendor === "microsoft" || vendor === "meta";
  return {
    id,
    displayName: id.toUpperCase(),
    vendor,
    family: `${vendor}-family`,
    useCase: { value: "general", evidence: "vendor-claim", source: "fixture" },
    architecture: { evidence: "undisclosed" },
    positioning: { complexity: ["low", "medium", "high"], latency: ["low", "medium", "high"], evidence: "vendor-claim" },
    contextWindow: { value: 128000, evidence: "vendor-claim" },
    api: "chat-completions",
    provenance: clean ? CLEAN : UNDISCLOSED,
    foundry: {
      format: vendor === "openai" ? "OpenAI" : vendor === "microsoft" ? "Microsoft" : "Meta",
      name: id,
      version: "2025-01-01",
      skus: ["GlobalStandard"],
      availability: "ga",
    },
    pricing: { inputPer1M: 1, outputPer1M: 4, evidence: "vendor-claim", source: "fixture price list" },
    ...over,
  };
}

/**
 * The baseline: prod with one account (eus2) and autocomplete on gpt-4o-mini with a Llama fallback, chat on the
 * `chat` deployment (gpt-4o), and the provenance-required document-drafting class on Llama. No errors.
 */
export function baseline(): FixtureData {
  return {
    models: {
      models: [
        model("gpt-4o-mini", "openai", {
          pricing: { inputPer1M: 0.15, outputPer1M: 0.6, evidence: "vendor-claim", source: "fixture price list" },
        }),
        model("gpt-4o", "openai", {
          pricing: { inputPer1M: 2.5, outputPer1M: 10, evidence: "vendor-claim", source: "fixture price list" },
        }),
        model("mai-code-1-flash", "microsoft", {
          positioning: { complexity: ["low"], latency: ["high"], evidence: "vendor-claim" },
          pricing: { inputPer1M: 0.1, outputPer1M: 0.4, evidence: "vendor-claim", source: "fixture price list" },
          claims: [{ text: "needs half the tokens for completions", evidence: "vendor-claim", costFactor: 0.5 }],
        }),
        model("llama-4", "meta", { pricing: { inputPer1M: 0.2, outputPer1M: 0.8, evidence: "independent", source: "fixture price list" } }),
      ],
    },
    taskClasses: {
      taskClasses: [
        {
          id: "autocomplete",
          description: "inline completion",
          latency: "high",
          tokenVolume: "high",
          provenanceRequired: false,
          complexity: "low",
        },
        {
          id: "chat",
          description: "interactive chat",
          latency: "medium",
          tokenVolume: "medium",
          provenanceRequired: false,
          complexity: "medium",
        },
        {
          id: "document-drafting",
          description: "customer documents",
          latency: "low",
          tokenVolume: "medium",
          provenanceRequired: true,
          complexity: "low",
        },
      ],
    },
    envs: {
      prod: {
        resourceGroup: { existing: "rg-prod" },
        accounts: [
          {
            id: "eus2",
            region: "eastus2",
            deployments: [
              { name: "gpt-4o-mini", model: "gpt-4o-mini", capacity: 50 },
              { name: "chat", model: "gpt-4o", capacity: 20 },
              { name: "llama-4", model: "llama-4", capacity: 10 },
            ],
          },
        ],
        routes: [
          { taskClass: "autocomplete", targets: [{ deployment: "eus2/gpt-4o-mini", weight: 100 }], fallbacks: ["eus2/llama-4"] },
          { taskClass: "chat", targets: [{ deployment: "eus2/chat", weight: 100 }], fallbacks: ["eus2/llama-4"] },
          { taskClass: "document-drafting", targets: [{ deployment: "eus2/llama-4", weight: 100 }] },
        ],
        defaultRoute: "chat",
        traffic: {
          autocomplete: { requestsPerDay: 100000, inputTokens: 1000, outputTokens: 50 },
          chat: { requestsPerDay: 10000, inputTokens: 2000, outputTokens: 500 },
        },
      },
    },
  };
}

export function toFiles(data: FixtureData): Map<string, string> {
  const files = new Map<string, string>([
    ["config/models.yaml", stringify(data.models)],
    ["config/task-classes.yaml", stringify(data.taskClasses)],
  ]);
  for (const [name, env] of Object.entries(data.envs)) files.set(`config/environments/${name}.yaml`, stringify(env));
  return files;
}

/** Deployment `name` of account `accountId` in environment `env`. */
export function dep(d: FixtureData, env: string, accountId: string, name: string): Obj {
  return d.envs[env]!.accounts.find((a: Obj) => a.id === accountId).deployments.find((x: Obj) => x.name === name);
}

export function route(d: FixtureData, env: string, taskClass: string): Obj {
  return d.envs[env]!.routes.find((r: Obj) => r.taskClass === taskClass);
}

export function modelOf(d: FixtureData, id: string): Obj {
  return d.models.models.find((m: Obj) => m.id === id);
}

/** A real git repository in a temporary directory; `commit` replaces config/ with the given files. */
export class TempRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "foundry-routes-review-test-"));
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "user.name", "Review Test");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  }

  /** Writes config/ (and nothing else) as the working tree. */
  write(files: ReadonlyMap<string, string>): void {
    rmSync(join(this.dir, "config"), { recursive: true, force: true });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
  }

  /** Writes config/ and commits it; returns the commit sha. */
  commit(files: ReadonlyMap<string, string>, message: string): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  /** Commits `data` after `mutate` changed a copy of it. */
  commitData(data: FixtureData, message: string, mutate: (d: FixtureData) => void = () => undefined): string {
    const copy = JSON.parse(JSON.stringify(data)) as FixtureData;
    mutate(copy);
    return this.commit(toFiles(copy), message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
