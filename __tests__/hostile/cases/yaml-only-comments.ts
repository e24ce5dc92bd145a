// An environment file with no content is not an empty environment.
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "file of comments only",
    category: "yaml",
    edits: [{ write: DEV, content: "# nothing here yet\n# (work in progress)\n" }],
    expect: { exit: 1, file: DEV, words: ["expected a mapping"] },
  },
];
