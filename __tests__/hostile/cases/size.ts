import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
export const cases: HostileCase[] = [
  {
    name: "10 MB environment file",
    category: "size",
    edits: [{ write: DEV, content: `project: a\n${"# padding padding padding padding padding padding\n".repeat(210_000)}` }],
    expect: { exit: 2, file: DEV, words: ["over the limit of 1048576 bytes"] },
  },
  {
    name: "10 MB of deep nesting",
    category: "size",
    edits: [{ write: DEV, content: "[".repeat(10_000_000) }],
    expect: { exit: 2, file: DEV, words: ["bytes, over the limit"] },
  },
  {
    name: "2 MB of keys in the catalog",
    category: "size",
    edits: [{ edit: "config/models.yaml", change: (t) => t + Array.from({ length: 100_000 }, (_, i) => `# k${i}: v\n`).join("") }],
    expect: { exit: 2, file: "config/models.yaml", words: ["over the limit"] },
  },
];
