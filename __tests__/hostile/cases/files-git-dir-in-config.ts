// a .git folder under config
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "a .git folder under config",
    category: "files",
    edits: [{ mkdir: "config/.git" }],
    expect: { exit: 2, file: "config/.git", words: ["unexpected folder", "expected only"] },
  },
];
