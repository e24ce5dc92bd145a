// A raw NUL (not the \\0 escape) is not allowed in a YAML stream.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "raw NUL byte in a value",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", "  owner: platform\u0000ai") }],
    expect: { exit: 1, file: DEV, line: 18, path: "tags.owner", words: ["control character U+0000", "expected printable text"] },
  },
];
