// A quota naming no catalog model checks nothing (FR-CAP-1) and used to pass silently.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "quota for a model not in the catalog",
    category: "references",
    edits: [{ edit: DEV, change: once("model: gpt-4o-mini, capacity: 100 }", "model: gpt-4o-mini-2024-07-18, capacity: 100 }") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 162,
      path: "quotas[0].model",
      words: ['quota for unknown model "gpt-4o-mini-2024-07-18"', "a catalog id, not the Azure model name", "expected one of"],
      rule: "FR-REF-1",
    },
  },
];
