// 90% + 10% to one deployment is one target of 100%; the split is ambiguous for review and the gateway.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "one deployment twice among a route's targets",
    category: "references",
    edits: [
      { edit: DEV, change: once("{ deployment: eus2/gpt-4o-mini, weight: 10 }", "{ deployment: eus2/mai-code-1-flash, weight: 10 }") },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 77,
      path: "routes[0].targets[1].deployment",
      words: ['duplicate target of route autocomplete "eus2/mai-code-1-flash"', "first declared at routes[0].targets[0].deployment"],
      rule: "FR-REF-4",
    },
  },
];
