// cdktf token in a suppression reason
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "cdktf token in a suppression reason",
    category: "injection",
    edits: [
      { edit: DEV, change: once("      Only OpenAI models are verified", "      ${TfToken[TOKEN.3]} Only OpenAI models are verified") },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 182,
      path: "suppressions[1].reason",
      words: ["cdktf token marker", "expected plain text"],
      rule: "FR-INPUT",
    },
  },
];
