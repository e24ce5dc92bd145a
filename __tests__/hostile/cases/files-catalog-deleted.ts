// One finding: the deployments' models are not also each reported unknown.
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "catalog deleted",
    category: "files",
    edits: [{ remove: "config/models.yaml" }],
    expect: { exit: 1, file: "config/models.yaml", words: ["file not found", "expected it to exist"] },
  },
];
