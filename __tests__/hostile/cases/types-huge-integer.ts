// One finding at the field's own bound, not a second one about safe integers.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "integer beyond 2^53",
    category: "types",
    edits: [{ edit: DEV, change: once("capacity: 50", "capacity: 99999999999999999999999") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 30,
      path: "accounts[0].deployments[0].capacity",
      words: ["expected at most 10000", "number 1e+23"],
    },
  },
];
