// sticky split on the Authorization header
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "sticky split on the Authorization header",
    category: "routing",
    edits: [{ edit: DEV, change: once("sticky: { header: x-session-id }", "sticky: { header: Authorization }") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 99,
      path: "routes[4].sticky.header",
      words: ['"Authorization", which the gateway consumes', "expected a header other than"],
      rule: "FR-ROUTE-4",
    },
  },
];
