// environment file name with a bidi override
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "environment file name with a bidi override",
    category: "files",
    edits: [{ write: "config/environments/dev\u202e.yaml", content: "project: x\n" }],
    expect: { exit: 2, file: "config/environments/dev\\u202e.yaml", words: ["lowercase"] },
  },
];
