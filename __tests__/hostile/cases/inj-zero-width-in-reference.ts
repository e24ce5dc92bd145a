// Refused as an invisible character, not reported as an unknown deployment that looks exactly like a known one.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "zero-width space in a route target",
    category: "injection",
    edits: [
      {
        edit: DEV,
        change: once("{ deployment: eus2/mai-thinking-1, weight: 100 }", '{ deployment: "eus2/mai-thinking\\u200b-1", weight: 100 }'),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 91,
      path: "routes[3].targets[0].deployment",
      words: ["invisible or bidirectional control character", "\\u200b"],
    },
  },
];
