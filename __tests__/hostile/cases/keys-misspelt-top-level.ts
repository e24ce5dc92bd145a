// misspelt top-level key
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "misspelt top-level key",
    category: "keys",
    edits: [{ edit: DEV, change: once("accounts:\n  - id: eus2", "acounts:\n  - id: eus2") }],
    expect: { exit: 1, file: DEV, line: 22, path: "acounts", words: ['unknown key "acounts"', 'did you mean "accounts"?'] },
  },
];
