// suppression reason of one repeated letter
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "suppression reason of one repeated letter",
    category: "routing",
    edits: [
      {
        edit: DEV,
        change: once(
          "    reason: >-\n      Dev runs the high-complexity Anthropic classes on the cheaper Claude Haiku 4.5 to smoke-test\n      the anthropic-messages path; answer quality is evaluated against prod's Claude Sonnet 4.5.",
          "    reason: xxxxxxxxxxxxxxxx",
        ),
      },
    ],
    expect: { exit: 1, file: DEV, line: 177, path: "suppressions[0].reason", words: ["expected a reason in words", '"xxxxxxxxxxxxxxxx"'] },
  },
];
