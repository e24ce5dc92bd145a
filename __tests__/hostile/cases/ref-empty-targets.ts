// route without targets
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "route without targets",
    category: "references",
    edits: [{ edit: DEV, change: once("    targets:\n      - { deployment: eus2/mai-thinking-1, weight: 100 }", "    targets: []") }],
    expect: { exit: 1, file: DEV, line: 90, path: "routes[3].targets", words: ["expected at least 1 item(s)", "0 item(s)"] },
  },
];
