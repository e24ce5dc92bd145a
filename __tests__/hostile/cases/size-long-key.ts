// mapping key over 1024 characters
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "mapping key over 1024 characters",
    category: "size",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", `  ${"k".repeat(5000)}: platform-ai`) }],
    expect: { exit: 1, file: DEV, line: 18, path: "tags", words: ["at most 1024 chars", "expected a key of at most 1024 characters"] },
  },
];
