// The limit is exact: the first byte over it is refused, before parsing.
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "1 MiB and one byte",
    category: "size",
    edits: [{ edit: DEV, change: (s) => s + "#".repeat(1024 * 1024 + 1 - Buffer.byteLength(s)) }],
    expect: { exit: 2, file: DEV, words: ["1048577 bytes, over the limit of 1048576 bytes"] },
  },
];
