// gateway is create | existing: the closest form is reported, and in it the misspelt key, not the missing one.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "misspelt key under a union",
    category: "keys",
    edits: [{ edit: DEV, change: once("  publisherName: Platform AI Team", "  publisherNme: Platform AI Team") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 167,
      path: "gateway.publisherNme",
      words: ['unknown key "publisherNme"', 'did you mean "publisherName"?'],
    },
  },
];
