// no environment file at all
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "no environment file at all",
    category: "files",
    edits: [{ remove: DEV }, { remove: "config/environments/prod.yaml" }],
    expect: { exit: 1, file: "config/environments", words: ["no environment files found", "expected at least one <env>.yaml"] },
  },
];
