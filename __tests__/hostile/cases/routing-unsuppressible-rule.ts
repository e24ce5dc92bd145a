// suppression of a rule that cannot be suppressed
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "suppression of a rule that cannot be suppressed",
    category: "routing",
    edits: [{ edit: DEV, change: once("  - rule: FR-FIT-1\n", "  - rule: FR-REF-2\n") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 176,
      path: "suppressions[0].rule",
      words: ["rule FR-REF-2 cannot be suppressed", "expected a rule marked suppressible"],
      rule: "FR-SUPP-1",
    },
  },
];
