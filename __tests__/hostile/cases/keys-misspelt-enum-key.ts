// The missing key is reported by zod as an enum mismatch, not a type error: folded all the same.
import { type HostileCase, once } from "../case";

const PROD = "config/environments/prod.yaml";

export const cases: HostileCase[] = [
  {
    name: "misspelt key whose real key is an enum",
    category: "keys",
    edits: [{ edit: PROD, change: once("- { name: Jailbreak, source: Prompt }", "- { name: Jailbreak, sorce: Prompt }") }],
    expect: {
      exit: 1,
      file: PROD,
      line: 49,
      path: "accounts[0].raiPolicies[0].contentFilters[8].sorce",
      words: ['unknown key "sorce"', 'did you mean "source"?'],
    },
  },
];
