// A complex key is stringified ("team,owner") by the YAML library; config keys are plain names.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "list as a mapping key",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", "  ? [team, owner]\n  : platform-ai") }],
    expect: { exit: 1, file: DEV, line: 18, path: "tags", words: ["a mapping key is a list", "expected a plain name"] },
  },
];
