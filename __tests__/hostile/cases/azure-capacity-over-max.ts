// capacity over 10000
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "capacity over 10000",
    category: "azure-limits",
    edits: [{ edit: DEV, change: once("capacity: 50", "capacity: 10001") }],
    expect: { exit: 1, file: DEV, line: 30, path: "accounts[0].deployments[0].capacity", words: ["expected at most 10000", "10001"] },
  },
];
