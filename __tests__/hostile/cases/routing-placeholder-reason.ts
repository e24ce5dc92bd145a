// A reason is printed next to every suppressed finding; a placeholder passes the length check but tells a reviewer nothing.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "suppression reason TODO TODO TODO",
    category: "routing",
    edits: [
      {
        edit: DEV,
        change: once(
          "    reason: >-\n      Dev runs the high-complexity Anthropic classes on the cheaper Claude Haiku 4.5 to smoke-test\n      the anthropic-messages path; answer quality is evaluated against prod's Claude Sonnet 4.5.",
          "    reason: TODO TODO TODO",
        ),
      },
    ],
    expect: { exit: 1, file: DEV, line: 177, path: "suppressions[0].reason", words: ["expected a reason in words", '"TODO TODO TODO"'] },
  },
];
