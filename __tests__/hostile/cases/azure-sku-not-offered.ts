// deployment SKU the model is not offered in
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "deployment SKU the model is not offered in",
    category: "azure-limits",
    edits: [
      {
        edit: DEV,
        change: once(
          "        model: gpt-4o-mini\n        capacity: 50",
          "        model: gpt-4o-mini\n        sku: DeveloperTier\n        capacity: 50",
        ),
      },
    ],
    expect: { exit: 1, file: DEV, line: 36, path: "accounts[0].deployments[1].sku", words: ["DeveloperTier"], rule: "FR-SKU-1" },
  },
];
