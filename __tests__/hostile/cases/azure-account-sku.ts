// account SKU Azure does not know
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "account SKU Azure does not know",
    category: "azure-limits",
    edits: [
      {
        edit: DEV,
        change: once("    region: eastus2\n    publicNetworkAccess", "    region: eastus2\n    sku: S9\n    publicNetworkAccess"),
      },
    ],
    expect: { exit: 1, file: DEV, line: 25, path: "accounts[0].sku", words: ['"S0"', 'but found "S9"'] },
  },
];
