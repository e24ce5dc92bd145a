// The value is quoted escaped: the message cannot clear or recolour the terminal.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "terminal escape sequence in a region",
    category: "injection",
    edits: [{ edit: DEV, change: once("    region: eastus2", '    region: "\\e[2J\\e[31meastus2"') }],
    expect: { exit: 1, file: DEV, line: 24, path: "accounts[0].region", words: ["control character", "\\u001b[2J"], rule: "FR-INPUT" },
  },
];
