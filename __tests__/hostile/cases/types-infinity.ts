// capacity .inf
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "capacity .inf",
    category: "types",
    edits: [{ edit: DEV, change: once("capacity: 50", "capacity: .inf") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 30,
      path: "accounts[0].deployments[0].capacity",
      words: ["expected a finite number", "but found .inf"],
    },
  },
];
