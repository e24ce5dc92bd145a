// Telemetry and products are per consumer id: a duplicate merges two teams' usage and quotas.
import { type HostileCase, once } from "../case";

const PROD = "config/environments/prod.yaml";

export const cases: HostileCase[] = [
  {
    name: "two consumers with one id",
    category: "references",
    edits: [{ edit: PROD, change: once("  - id: analytics", "  - id: support-desk") }],
    expect: {
      exit: 1,
      file: PROD,
      line: 327,
      path: "consumers[2].id",
      words: ['duplicate consumer id "support-desk"', "first declared at consumers[1].id"],
      rule: "FR-REF-4",
    },
  },
];
