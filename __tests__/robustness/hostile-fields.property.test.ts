// Property: a hostile string written as the WHOLE value (or key) of any string field of any sample file (the
// catalog, the task classes, both environments) is refused with one-line findings that name the file and a line,
// never an internal error, or it synthesizes with the string still literal: no live template or cdktf token carrying
// it, and nothing of it read by APIM as markup, a policy expression or a named value. Seeded (FC_SEED replays).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import { type ParseCache, loadConfig } from "../../routing/config/loader";
import { UserError } from "../../routing/errors";
import { UNSAFE_IN_LINE, formatFinding } from "../../routing/findings";
import { validateLoaded } from "../../routing/validate";
import { params } from "./support";

const REPO = join(__dirname, "..", "..");
const FILES = readConfigDir(REPO);
const MARK = "HSWX";
/** What Terraform, cdktf, XML, APIM and terminals would each read as something other than text. */
const PAYLOADS = [
  `\${${MARK}}`,
  `%{${MARK}}`,
  `a \${${MARK}} b`,
  `\${TfToken[TOKEN.${MARK}]}`,
  "#{TfToken[TOKEN.1]}",
  `]]><${MARK}/>`,
  `"'\\ ${MARK}`,
  `a\n${MARK}`,
  `@(${MARK})`,
  `@{${MARK}}`,
  `{{${MARK}}}`,
  `a\u202e${MARK}`,
  `a\u200b${MARK}`,
  `a\u0000${MARK}`,
  `\u001b[2J${MARK}`,
  `<${MARK} a="b">`,
];

interface Slot {
  readonly file: string;
  readonly range: readonly [number, number];
  readonly key: boolean;
}

/** One string value (and one key) per path pattern (indices as [*]) of every file, with its source range. */
function slots(): Slot[] {
  const out: Slot[] = [];
  for (const [file, text] of FILES) {
    const seen = new Set<string>();
    const add = (pattern: string, node: Node | null | undefined, key = false) => {
      if (seen.has(pattern) || !node?.range) return;
      seen.add(pattern);
      out.push({ file, range: [node.range[0], node.range[1]], key });
    };
    const walk = (node: unknown, pattern: string) => {
      if (isMap(node))
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : "?";
          if (isScalar(pair.key)) add(`${pattern}.<key ${key}>`, pair.key, true);
          walk(pair.value, `${pattern}.${key}`);
        }
      else if (isSeq(node)) node.items.forEach((item) => walk(item, `${pattern}[*]`));
      else if (isScalar(node) && typeof node.value === "string") add(pattern, node);
    };
    walk(parseDocument(text).contents, "");
  }
  return out;
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

/** The payload written, JSON-quoted, as the whole value or key at `slot`. */
function withPayload(slot: Slot, payload: string): Map<string, string> {
  const text = FILES.get(slot.file)!;
  const files = new Map(FILES);
  files.set(slot.file, text.slice(0, slot.range[0]) + JSON.stringify(payload) + text.slice(slot.range[1]));
  return files;
}

describe("hostile strings as whole values of every field of every file", () => {
  const all = slots();
  const parsed: ParseCache = new Map();
  const work = mkdtempSync(join(tmpdir(), "foundry-routes-hostile-fields-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const unsafe = new RegExp(UNSAFE_IN_LINE.source);
  let n = 0;

  /** The contract for one mutated config: refused with one-line findings on its file, or literal once synthesized. */
  const check = (slot: Slot, payload: string, synth = true) => {
    // WHEN it is loaded and validated
    const result = validateLoaded(loadConfig(withPayload(slot, payload), parsed));
    // THEN no finding is an internal error, and every one is one line as printed and as data
    for (const f of result.findings) {
      expect(f.message).not.toMatch(/internal error/);
      expect(formatFinding(f)).not.toMatch(unsafe);
      expect(f.message).not.toMatch(unsafe);
    }
    if (result.errors.length > 0) {
      // refused: at least one error names the file the payload went into, with a line
      expect(result.errors.some((f) => f.file === slot.file && f.line !== undefined)).toBe(true);
      return;
    }
    if (!synth) return;
    // accepted (free text): it synthesizes and stays literal
    let stacks;
    try {
      stacks = synthesize(result.config!, join(work, `run-${n++}`)).stacks;
    } catch (e) {
      if (e instanceof UserError) return;
      throw e;
    }
    for (const stack of stacks)
      for (const s of strings(stack.json)) {
        expect(s).not.toMatch(/TfToken\[/);
        expect(s).not.toMatch(new RegExp(`(^|[^$%])[$%]\\{${MARK}`));
        if (s.includes("<inbound>")) expect(s).not.toMatch(new RegExp(`<${MARK}|@\\(${MARK}|@\\{${MARK}|\\{\\{${MARK}`));
      }
  };

  test("every value slot with what APIM, cdktf and a reviewer's eyes would misread (validation only)", () => {
    // GIVEN every string value of every file, one per path pattern (the sampled test below synthesizes)
    const values = all.filter((s) => !s.key);
    expect(values.length).toBeGreaterThan(100);
    for (const slot of values)
      for (const payload of [`@(${MARK})`, `{{${MARK}}}`, `a\u202e${MARK}`, `\${TfToken[TOKEN.${MARK}]}`]) check(slot, payload, false);
  });

  test("any slot, keys included, with any payload (sampled)", () => {
    expect(all.length).toBeGreaterThan(150);
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.constantFrom(...PAYLOADS), (i, payload) => check(all[i]!, payload)),
      params(120),
    );
  });
});
