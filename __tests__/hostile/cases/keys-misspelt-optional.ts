// capacity has a default, so nothing is missing: the typo would silently deploy 1K TPM.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "misspelt optional key",
    category: "keys",
    edits: [{ edit: DEV, change: once("capacity: 50", "capcity: 50") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 30,
      path: "accounts[0].deployments[0].capcity",
      words: ['unknown key "capcity"', 'did you mean "capacity"?', "expected one of name, model"],
    },
  },
];
