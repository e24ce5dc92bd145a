// route target one letter off
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "route target one letter off",
    category: "references",
    edits: [
      { edit: DEV, change: once("{ deployment: eus2/mai-thinking-1, weight: 100 }", "{ deployment: eus2/mai-thinkng-1, weight: 100 }") },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 91,
      path: "routes[3].targets[0].deployment",
      words: ['unknown deployment "eus2/mai-thinkng-1"', 'did you mean "eus2/mai-thinking-1"?', "expected one of:"],
      rule: "FR-REF-2",
    },
  },
];
