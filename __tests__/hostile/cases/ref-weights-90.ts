// weights summing to 90
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "weights summing to 90",
    category: "references",
    edits: [{ edit: DEV, change: once("{ deployment: eus2/gpt-4o-mini, weight: 10 }", "{ deployment: eus2/gpt-4o-mini, weight: 0 }") }],
    expect: { exit: 1, file: DEV, line: 75, path: "routes[0].targets", words: ["90", "100"], rule: "FR-ROUTE-1" },
  },
];
