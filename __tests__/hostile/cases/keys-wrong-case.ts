// Keys are case-sensitive; the one meant is named.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "key in the wrong case",
    category: "keys",
    edits: [{ edit: DEV, change: once("  - taskClass: autocomplete", "  - taskclass: autocomplete") }],
    expect: { exit: 1, file: DEV, line: 74, path: "routes[0].taskclass", words: ['unknown key "taskclass"', 'did you mean "taskClass"?'] },
  },
];
