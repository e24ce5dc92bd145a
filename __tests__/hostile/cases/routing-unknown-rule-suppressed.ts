// The findings it meant to silence stay warnings (FR-FIT-1 is one), so only the unknown rule is an error.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "suppression of an unknown rule id",
    category: "routing",
    edits: [{ edit: DEV, change: once("  - rule: FR-FIT-1\n", "  - rule: FR-FIT-9\n") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 176,
      path: "suppressions[0].rule",
      words: ['unknown rule "FR-FIT-9"', "expected an id from docs/rules.md"],
      rule: "FR-SUPP-1",
    },
  },
];
