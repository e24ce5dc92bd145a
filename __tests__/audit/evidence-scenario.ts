// The eval-evidence story the audit tests and docs/audit.md use: one prod environment with two classes, an
// evidence-only commit, then a weight shift backed by that evidence, one with none, and one whose evidence file was
// edited by hand. Every date is fixed, so the shas are stable across runs.
import { type ConfigSpec } from "../../fixtures/builder";
import { evidenceFile } from "../evals/helpers";
import { TempRepo } from "./gitfixture";

export const spec = (chat: [string, number][], drafting: [string, number][] = [["eus2/gpt-4o", 100]]): ConfigSpec => ({
  models: [{ id: "gpt-4o" }, { id: "mai-ds-r1", vendor: "microsoft", clean: true }],
  taskClasses: ["chat", "drafting"],
  envs: {
    prod: {
      deployments: [
        { name: "gpt-4o", model: "gpt-4o" },
        { name: "mai-ds-r1", model: "mai-ds-r1" },
      ],
      routes: [
        { taskClass: "chat", targets: chat },
        { taskClass: "drafting", targets: drafting },
      ],
    },
  },
});

/** Evidence for prod chat on eus2/mai-ds-r1 (catalog version 2025-01-01), as eval import writes it. */
export const chatEvidence = (passRate = 0.9) =>
  evidenceFile({
    environment: "prod",
    taskClass: "chat",
    deployment: "eus2/mai-ds-r1",
    model: "mai-ds-r1",
    version: "2025-01-01",
    evaluatedAt: "2026-07-01T12:00:00.000Z",
    passRate,
  });
export const CHAT_FILE = "evals/prod/chat/eus2/mai-ds-r1.json";

export interface EvidenceStory {
  readonly r: TempRepo;
  readonly added: string;
  readonly good: string;
  readonly none: string;
  readonly tampered: string;
}

/** Builds the story in a fresh temporary repository (the caller cleans it up). */
export function buildEvidenceStory(): EvidenceStory {
  const r = TempRepo.create();
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  r.commit("Initial routing", { author: "alice", date: "2026-07-01T09:00:00Z" });
  const [path, text] = chatEvidence();
  r.writeFile(path, text);
  const added = r.commit("Eval evidence for MAI-DS-R1 on chat", { author: "erin", date: "2026-07-02T09:00:00Z" });
  r.writeConfig(
    spec([
      ["eus2/gpt-4o", 90],
      ["eus2/mai-ds-r1", 10],
    ]),
  );
  const good = r.commit("Send 10% of chat to MAI-DS-R1", { author: "bob", date: "2026-07-03T09:00:00Z" });
  const drafting: [string, number][] = [
    ["eus2/gpt-4o", 50],
    ["eus2/mai-ds-r1", 50],
  ];
  r.writeConfig(
    spec(
      [
        ["eus2/gpt-4o", 90],
        ["eus2/mai-ds-r1", 10],
      ],
      drafting,
    ),
  );
  const none = r.commit("Half of drafting to MAI-DS-R1", { author: "carol", date: "2026-07-04T09:00:00Z" });
  r.writeFile(path, text.replace('"passRate": 0.9', '"passRate": 1'));
  r.writeConfig(
    spec(
      [
        ["eus2/gpt-4o", 50],
        ["eus2/mai-ds-r1", 50],
      ],
      drafting,
    ),
  );
  const tampered = r.commit("Half of chat to MAI-DS-R1", { author: "dave", date: "2026-07-05T09:00:00Z" });
  return { r, added, good, none, tampered };
}
