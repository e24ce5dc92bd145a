// The acknowledgement is what lets an unverified model deploy (FR-AVAIL-2); 20 characters of nothing must not.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "acknowledgement of keyboard mash",
    category: "routing",
    edits: [
      {
        edit: DEV,
        change: once(
          '        acknowledgement: >-\n          platform-ai: dev trial of MAI-Code-1-Flash, whose Foundry availability is unverified;\n          version "1" is the pin to confirm in the Foundry catalog.',
          "        acknowledgement: asdf asdf asdf asdf asdf asdf",
        ),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 31,
      path: "accounts[0].deployments[0].acknowledgement",
      words: ["expected an acknowledgement saying who checked what in words", '"asdf asdf asdf asdf asdf asdf"'],
    },
  },
];
