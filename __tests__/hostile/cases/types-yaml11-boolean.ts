// YAML 1.2 reads yes as a string; it is not silently true.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "YAML 1.1 boolean yes",
    category: "types",
    edits: [{ edit: DEV, change: once("publicNetworkAccess: true", "publicNetworkAccess: yes") }],
    expect: { exit: 1, file: DEV, line: 25, path: "accounts[0].publicNetworkAccess", words: ["expected boolean", '"yes"'] },
  },
];
