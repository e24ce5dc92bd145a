// The demo history the audit tests (and docs/audit.md) use: July 2026 in a small Foundry routing repo.
// Linear commits, a --no-ff merge of a two-commit branch, an invalid middle revision (schema-refused), a deleted environment,
// a renamed task class and a catalog-only (provenance) change.
import { type ConfigSpec, type EnvSpec, type ModelSpec, type RouteSpec, compactConfig, toFiles } from "../../fixtures/builder";
import { TempRepo } from "./gitfixture";

export interface Scenario {
  readonly repo: TempRepo;
  /** Full shas by step name. */
  readonly sha: Readonly<Record<Step, string>>;
}

export type Step = "initial" | "moveDrafting" | "split" | "fallback" | "merge" | "broken" | "fix" | "retireDev" | "rename" | "provenance";

const MODELS: ModelSpec[] = [
  { id: "gpt-4o", vendor: "openai", version: "2024-11-20" },
  { id: "mai-ds-r1", vendor: "microsoft", version: "1", clean: true },
  { id: "llama-4-maverick", vendor: "meta", version: "1" },
  { id: "gpt-4o-mini", vendor: "openai", version: "2024-07-18" },
];

const DEPLOYMENTS: EnvSpec["deployments"] = [
  { name: "gpt-4o", model: "gpt-4o" },
  { name: "mai-ds-r1", model: "mai-ds-r1" },
  { name: "llama-4-maverick", model: "llama-4-maverick" },
  { name: "gpt-4o-mini", model: "gpt-4o-mini" },
];

const route = (taskClass: string, targets: RouteSpec["targets"], fallbacks: string[] = ["eus2/llama-4-maverick"]): RouteSpec => ({
  taskClass,
  targets,
  fallbacks,
});

interface State {
  chatClass: string;
  prodDrafting: RouteSpec["targets"];
  prodChat: RouteSpec["targets"];
  prodChatFallbacks: string[];
  prodPin?: string;
  dev: boolean;
  maiEvidence: "vendor-claim" | "independent";
}

function spec(s: State): ConfigSpec {
  const env = (drafting: RouteSpec["targets"], chat: RouteSpec["targets"], chatFallbacks: string[], pin?: string): EnvSpec => ({
    deployments: DEPLOYMENTS.map((d) => (d.name === "gpt-4o" && pin ? { ...d, version: pin } : d)),
    routes: [route(s.chatClass, chat, chatFallbacks), route("document-drafting", drafting)],
    defaultRoute: s.chatClass,
  });
  return {
    models: MODELS.map((m) => (m.id === "mai-ds-r1" && s.maiEvidence === "independent" ? { ...m, evidence: "independent" as const } : m)),
    taskClasses: [s.chatClass, "document-drafting"],
    envs: {
      ...(s.dev ? { dev: env([["eus2/gpt-4o", 100]], [["eus2/gpt-4o", 100]], ["eus2/llama-4-maverick"]) } : {}),
      prod: env(s.prodDrafting, s.prodChat, s.prodChatFallbacks, s.prodPin),
    },
  };
}

/** Builds the demo repository. Every commit's date is fixed, so shas are stable across runs. */
export function buildScenario(): Scenario {
  const repo = TempRepo.create();
  const s: State = {
    chatClass: "chat",
    prodDrafting: [["eus2/gpt-4o", 100]],
    prodChat: [["eus2/gpt-4o", 100]],
    prodChatFallbacks: ["eus2/llama-4-maverick"],
    dev: true,
    maiEvidence: "vendor-claim",
  };
  const step = (message: string, who: { author: string; date: string }, change: () => void): string => {
    change();
    repo.writeConfig(spec(s));
    return repo.commit(message, who);
  };
  const sha: Partial<Record<Step, string>> = {};
  sha.initial = step("Initial routing for dev and prod", { author: "alice", date: "2026-07-01T09:00:00Z" }, () => undefined);
  sha.moveDrafting = step(
    "Move prod document-drafting to MAI-DS-R1\n\nLegal asked for licensed, non-distilled training data for customer documents (LEGAL-42).",
    { author: "alice", date: "2026-07-02T10:00:00Z" },
    () => (s.prodDrafting = [["eus2/mai-ds-r1", 100]]),
  );
  repo.branch("bob/chat-split");
  sha.split = step("Send 10% of prod chat to MAI-DS-R1", { author: "bob", date: "2026-07-03T08:00:00Z" }, () => {
    s.prodChat = [
      ["eus2/gpt-4o", 90],
      ["eus2/mai-ds-r1", 10],
    ];
  });
  sha.fallback = step("Add gpt-4o-mini as second fallback for prod chat", { author: "bob", date: "2026-07-03T09:00:00Z" }, () => {
    s.prodChatFallbacks = ["eus2/llama-4-maverick", "eus2/gpt-4o-mini"];
  });
  repo.checkout("main");
  sha.merge = repo.mergeNoFf("bob/chat-split", "Merge pull request #7 from bob/chat-split", {
    author: "carol",
    date: "2026-07-05T12:00:00Z",
  });
  // A misspelt key: the current schema refuses the whole revision.
  const broken = toFiles(compactConfig(spec(s)));
  broken.set(
    "config/environments/prod.yaml",
    broken.get("config/environments/prod.yaml")!.replace("  - name: gpt-4o\n", "  - name: gpt-4o\n        verison: 2024-08-06\n"),
  );
  repo.writeConfig(broken);
  sha.broken = repo.commit("Pin gpt-4o in prod", { author: "dave", date: "2026-07-08T09:00:00Z" });
  sha.fix = step("Fix the misspelt version key", { author: "dave", date: "2026-07-08T11:00:00Z" }, () => (s.prodPin = "2024-08-06"));
  sha.retireDev = step("Retire the dev environment", { author: "erin", date: "2026-07-12T09:00:00Z" }, () => (s.dev = false));
  sha.rename = step(
    "Rename task class chat to assistant-chat",
    { author: "alice", date: "2026-07-16T09:00:00Z" },
    () => (s.chatClass = "assistant-chat"),
  );
  sha.provenance = step(
    "MAI-DS-R1 provenance now independently audited",
    { author: "bob", date: "2026-07-20T09:00:00Z" },
    () => (s.maiEvidence = "independent"),
  );
  return { repo, sha: sha as Record<Step, string> };
}
