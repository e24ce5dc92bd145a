// Reading a FIFO would block synth forever.
import type { HostileCase } from "../case";

export const cases: HostileCase[] = [
  {
    name: "named pipe as an environment file",
    category: "files",
    edits: [{ fifo: "config/environments/qa.yaml" }],
    expect: { exit: 2, file: "config/environments/qa.yaml", words: ["not a regular file", "expected a YAML file"] },
  },
];
