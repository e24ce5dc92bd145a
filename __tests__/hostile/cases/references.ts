import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
export const cases: HostileCase[] = [
  {
    name: "deployment of a model not in the catalog",
    category: "references",
    edits: [{ edit: DEV, change: (s) => s.replace("        model: mai-code-1-flash", "        model: gpt-9-ultra") }],
    expect: { exit: 1, file: DEV, line: 28, path: "accounts[0].deployments[0].model", words: ['"gpt-9-ultra"'] },
  },
];
