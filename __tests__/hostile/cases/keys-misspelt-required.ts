// One finding: the unknown key with the key it meant, not also "region is missing".
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "misspelt required key",
    category: "keys",
    edits: [{ edit: DEV, change: once("    region: eastus2", "    regon: eastus2") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 24,
      path: "accounts[0].regon",
      words: ['unknown key "regon"', 'did you mean "region"? It is required here;', "expected one of id, region"],
    },
  },
];
