// The parser only throws for this when the value is built, without a line; refused at the alias.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "alias of no anchor",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", "  owner: *owner") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 18,
      path: "tags.owner",
      words: ['alias "*owner" names no anchor', "expected an anchor &owner earlier"],
    },
  },
];
