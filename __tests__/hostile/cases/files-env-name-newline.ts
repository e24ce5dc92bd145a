// The name is shown escaped: one finding stays one line.
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "environment file name with a newline",
    category: "files",
    edits: [{ write: "config/environments/a\nb.yaml", content: "project: x\n" }],
    expect: { exit: 2, file: "config/environments/a\\nb.yaml", words: ["lowercase", '"a\\nb.yaml"'] },
  },
];
