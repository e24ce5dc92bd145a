// symbolic link to itself
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "symbolic link to itself",
    category: "files",
    edits: [{ remove: DEV }, { link: DEV, target: "dev.yaml" }],
    expect: { exit: 2, file: DEV, words: ["a link to a file that does not exist"] },
  },
];
