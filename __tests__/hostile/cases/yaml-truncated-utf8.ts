// The lead byte of the broken sequence is named, not the byte that cut it short.
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "truncated multi-byte sequence",
    category: "yaml",
    edits: [{ write: DEV, content: Buffer.from([0x70, 0x72, 0x6f, 0x6a, 0x65, 0x63, 0x74, 0x3a, 0x20, 0xc3, 0x28, 0x0a]) }],
    expect: { exit: 2, file: DEV, line: 1, words: ["invalid UTF-8 byte 0xC3", "expected UTF-8"] },
  },
];
