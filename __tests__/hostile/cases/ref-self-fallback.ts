// Retrying the deployment that just failed is no fallback.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "target listed as its own fallback",
    category: "references",
    edits: [{ edit: DEV, change: once("fallbacks: [eus2/gpt-4o, eus2/mai-ds-r1]", "fallbacks: [eus2/mai-thinking-1, eus2/mai-ds-r1]") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 92,
      path: "routes[3].fallbacks[0]",
      words: ['fallback "eus2/mai-thinking-1" is also a target', "expected fallbacks to differ from targets"],
      rule: "FR-ROUTE-2",
    },
  },
];
