import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const t = (name: string, from: string, to: string, line: number, path: string, words: string[]): HostileCase => ({
  name,
  category: "types",
  edits: [{ edit: DEV, change: (s) => s.replace(from, to) }],
  expect: { exit: 1, file: DEV, line, path, words },
});

export const cases: HostileCase[] = [
  t("capacity as a word", "capacity: 50", "capacity: lots", 30, "accounts[0].deployments[0].capacity", ["expected number", '"lots"']),
  t("publicNetworkAccess as a string", "publicNetworkAccess: true", 'publicNetworkAccess: "yes"', 25, "accounts[0].publicNetworkAccess", [
    "expected boolean",
    '"yes"',
  ]),
  {
    name: "severityThreshold on a single-level filter",
    category: "types",
    edits: [
      {
        edit: "config/environments/prod.yaml",
        change: (s) => s.replace("- { name: Jailbreak, source: Prompt }", "- { name: Jailbreak, source: Prompt, severityThreshold: Low }"),
      },
    ],
    expect: {
      exit: 1,
      file: "config/environments/prod.yaml",
      line: 49,
      path: "accounts[0].raiPolicies[0].contentFilters[8].severityThreshold",
      words: ["expected no severityThreshold for Jailbreak", '"Low"'],
    },
  },
  t("resourceGroup name null", "name: rg-foundry-routes-dev", "name:", 9, "resourceGroup", ["null"]),
];
