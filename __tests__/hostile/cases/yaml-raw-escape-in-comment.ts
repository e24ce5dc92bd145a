// A terminal escape sequence in the file (even in a comment) is not YAML-printable text; it could repaint a reviewer's terminal.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "raw escape sequence in a comment",
    category: "yaml",
    edits: [{ edit: DEV, change: once("# Development:", "# \u001b[2J\u001b[31mDevelopment:") }],
    expect: { exit: 1, file: DEV, line: 3, words: ["control character U+001B", "expected printable text"] },
  },
];
