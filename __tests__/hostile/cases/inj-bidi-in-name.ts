// Trojan Source: a name that displays as another passes review as the name it looks like.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "right-to-left override in a deployment name",
    category: "injection",
    edits: [{ edit: DEV, change: once("- name: gpt-4o-mini", '- name: "gpt-4o\\u202e-mini"') }],
    expect: {
      exit: 1,
      file: DEV,
      line: 34,
      path: "accounts[0].deployments[1].name",
      words: ["invisible or bidirectional control character", "\\u202e", "expected a name made of visible characters only"],
    },
  },
];
