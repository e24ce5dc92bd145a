// negative requests per day
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "negative requests per day",
    category: "types",
    edits: [{ edit: DEV, change: once("autocomplete: { requestsPerDay: 20000", "autocomplete: { requestsPerDay: -20000") }],
    expect: { exit: 1, file: DEV, line: 146, path: "traffic.autocomplete.requestsPerDay", words: ["expected at least 0", "-20000"] },
  },
];
