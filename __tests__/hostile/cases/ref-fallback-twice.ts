// same fallback twice
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "same fallback twice",
    category: "references",
    edits: [{ edit: DEV, change: once("fallbacks: [eus2/gpt-4o, eus2/mai-ds-r1]", "fallbacks: [eus2/gpt-4o, eus2/gpt-4o]") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 92,
      path: "routes[3].fallbacks[1]",
      words: ['fallback "eus2/gpt-4o" is listed twice', "expected each fallback once"],
      rule: "FR-ROUTE-2",
    },
  },
];
