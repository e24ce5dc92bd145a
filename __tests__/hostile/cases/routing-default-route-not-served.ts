// default route to a class the gateway does not serve
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "default route to a class the gateway does not serve",
    category: "routing",
    edits: [{ edit: DEV, change: once("defaultRoute: general-chat", "defaultRoute: moderation") }],
    expect: { exit: 1, file: DEV, line: 142, path: "defaultRoute", words: ["moderation"], rule: "FR-ROUTE-3" },
  },
];
