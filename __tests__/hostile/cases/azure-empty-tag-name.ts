// Azure refuses a tag without a name at apply time.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "empty tag name",
    category: "azure-limits",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", '  "": platform-ai') }],
    expect: { exit: 1, file: DEV, line: 18, path: 'tags[""]', words: ["expected a tag name of at least one character", 'the key ""'] },
  },
];
