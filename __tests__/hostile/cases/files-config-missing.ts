// no config directory
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "no config directory",
    category: "files",
    edits: [{ remove: "config" }],
    expect: { exit: 2, file: "config/", words: ["no config/ directory"] },
  },
];
