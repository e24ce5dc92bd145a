// YAML 1.1 merge keys would silently merge or drop keys; YAML 1.2 config refuses them on their line.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "merge key <<",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  - id: eus2\n", "  - <<: { region: eastus2 }\n    id: eus2\n") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 23,
      path: "accounts[0]",
      words: ['merge key "<<" is not allowed', "expected every key written out"],
    },
  },
];
