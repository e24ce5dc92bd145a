import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const y = (name: string, content: string | Uint8Array, words: string[], line?: number, exit: 1 | 2 = 1): HostileCase => ({
  name,
  category: "yaml",
  edits: [{ write: DEV, content }],
  expect: { exit, file: DEV, line, words },
});

export const cases: HostileCase[] = [
  y("duplicate key", "project: a\nproject: b\n", ["duplicate key", "expected each key once"], 2),
  y("tab indentation", "project: a\nbackend:\n\ttype: local\n", ["invalid YAML"], 3),
  y("custom !include tag", "project: !include /etc/passwd\n", ["custom tag", '"!include"'], 1),
  y("js function tag", "project: !!js/function 'function(){}'\n", ["custom tag", "!!js/function"], 1),
  y("explicit str tag", "project: !!str x\n", ["custom tag"], 1),
  y("two documents", "project: a\n---\nproject: b\n", ["one YAML document"]),
  y(
    "invalid utf-8 byte",
    Buffer.concat([Buffer.from("project: a\ntags:\n  x: "), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from("\n")]),
    ["invalid UTF-8 byte 0xFF", "expected UTF-8"],
    3,
    2,
  ),
  y("utf-16le with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("project: a\n", "utf16le")]), ["UTF-16"], undefined, 2),
  y("utf-16be without BOM", Buffer.from("project: a\n", "utf16le").swap16(), ["UTF-16"], undefined, 2),
  y("utf-32le", Buffer.from([0xff, 0xfe, 0, 0, 0x70, 0, 0, 0]), ["UTF-32"], undefined, 2),
  y(
    "billion laughs",
    `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    ["too many nodes", "limit 100000"],
  ),
  y("deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}\n`, ["nesting too deep"]),
  y("unclosed quote", 'project: "abc\n', ["invalid YAML", "quote"]),
  y("top level is a list", "- a\n- b\n", ["expected a mapping"]),
  y("empty file", "", ["expected a mapping"]),
];
