// acknowledgement of spaces
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "acknowledgement of spaces",
    category: "routing",
    edits: [
      {
        edit: DEV,
        change: once(
          '        acknowledgement: >-\n          platform-ai: dev trial of MAI-Code-1-Flash, whose Foundry availability is unverified;\n          version "1" is the pin to confirm in the Foundry catalog.',
          '        acknowledgement: "                              "',
        ),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 31,
      path: "accounts[0].deployments[0].acknowledgement",
      words: ["expected an acknowledgement of at least 20 characters", "whitespace does not count"],
    },
  },
];
