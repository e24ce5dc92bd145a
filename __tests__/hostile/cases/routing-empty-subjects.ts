// subjects: [] matches nothing, yet reads like "all subjects"; leave it out for that.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "suppression with an empty subjects list",
    category: "routing",
    edits: [{ edit: DEV, change: once("    subjects: [agentic-session, architecture-review]", "    subjects: []") }],
    expect: { exit: 1, file: DEV, line: 180, path: "suppressions[0].subjects", words: ["expected at least one subject", "0 item(s)"] },
  },
];
