// Weights are whole percentages; one finding (not also FR-ROUTE-1: rules run only on a config of the right shape).
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "fractional weight",
    category: "types",
    edits: [
      {
        edit: DEV,
        change: once("{ deployment: eus2/mai-code-1-flash, weight: 90 }", "{ deployment: eus2/mai-code-1-flash, weight: 89.5 }"),
      },
    ],
    expect: { exit: 1, file: DEV, line: 76, path: "routes[0].targets[0].weight", words: ["expected int", "89.5"] },
  },
];
