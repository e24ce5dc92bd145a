// unknown fallbackOn condition
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "unknown fallbackOn condition",
    category: "references",
    edits: [
      { edit: DEV, change: once("fallbackOn: [throttled, server-error, not-found, context-length]", "fallbackOn: [throttled, timeout]") },
    ],
    expect: { exit: 1, file: DEV, line: 94, path: "routes[3].fallbackOn[1]", words: ['expected one of "throttled"', '"timeout"'] },
  },
];
