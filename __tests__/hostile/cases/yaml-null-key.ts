// A null key would become the tag name "" (Azure refuses it) or collide with another key.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "null mapping key",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", "  ~: platform-ai") }],
    expect: { exit: 1, file: DEV, line: 18, path: "tags", words: ["a mapping key is empty or null", "expected a name before the colon"] },
  },
];
