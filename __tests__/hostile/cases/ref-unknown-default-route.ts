// default route to no task class
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "default route to no task class",
    category: "references",
    edits: [{ edit: DEV, change: once("defaultRoute: general-chat", "defaultRoute: general-chatt") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 142,
      path: "defaultRoute",
      words: ['unknown task class "general-chatt"', 'did you mean "general-chat"?'],
      rule: "FR-REF-3",
    },
  },
];
