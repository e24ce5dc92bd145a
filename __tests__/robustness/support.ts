// Shared pieces of the robustness suite: seeds, run counts, config mutations, and the "user-facing outcome" check.
// Reproduce a failure with the seed fast-check prints: FC_SEED=<seed> npm run test:robustness
// `npm run test:robustness` (run by CI) runs the full count, 10,150 generated configs. FC_RUNS_FACTOR scales it
// (e.g. FC_RUNS_FACTOR=10 for a long local soak, 0.1 for a quick look).
import fc from "fast-check";
import { Document, isCollection, isMap, isSeq, stringify, visit, type Node } from "yaml";
import { type GeneratedData, generateData, toFiles } from "../../fixtures/builder";
import type { Finding } from "../../routing/findings";
import type { ValidationResult } from "../../routing/validate";
import { binaryString } from "../arbitraries";

/** Fixed by default so CI is reproducible; FC_SEED overrides it to replay a reported failure. */
export const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20250601;
const FACTOR = process.env.FC_RUNS_FACTOR !== undefined ? Number(process.env.FC_RUNS_FACTOR) : 1;

/** The number of cases to run for a CI count of `numRuns` (FC_RUNS_FACTOR scales it locally). */
export function runs(numRuns: number): number {
  // Small properties (controls, synth) keep at least 20 cases, so their own assertions stay meaningful locally.
  return Math.max(Math.min(numRuns, 20), Math.round(numRuns * FACTOR));
}

/** fc.assert parameters; fast-check prints seed and counterexample path on failure. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs(numRuns), endOnFailure: false };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- mutations walk arbitrary YAML-shaped data */
type Path = (string | number)[];

/** A small valid config from the benchmark generator (seeded); sizes stay tiny so thousands of runs stay fast. */
export const smallConfig = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    environments: fc.integer({ min: 1, max: 2 }),
    accountsPerEnv: fc.integer({ min: 1, max: 2 }),
    deploymentsPerAccount: fc.integer({ min: 1, max: 3 }),
    taskClasses: fc.integer({ min: 1, max: 3 }),
    // A small catalog keeps each case at a few KB of YAML: parsing dominates the cost of a case.
    // 3 models include an Anthropic one (azapi deployments, a second API shape); 1 is the smallest catalog.
    models: fc.constantFrom(1, 3),
  })
  .map(({ seed, ...sizes }) => generateData({ scale: 1, seed, sizes }).data);

/** Every node path in a data tree, parents before children, in a stable order. */
export function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object")
    for (const k of Object.keys(value)) allPaths((value as any)[k], [...prefix, k], out);
  return out;
}

function get(root: any, path: Path): any {
  return path.reduce((v, k) => (v === null || typeof v !== "object" ? undefined : v[k]), root);
}

function set(root: any, path: Path, value: unknown): void {
  if (path.length === 0) return;
  const parent = get(root, path.slice(0, -1));
  if (parent !== null && typeof parent === "object") parent[path[path.length - 1]!] = value;
}

function remove(root: any, path: Path): void {
  const parent = get(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
  else if (parent !== null && typeof parent === "object") delete parent[key!];
}

/** Strings people paste: unicode, look-alikes, control characters, very long names, YAML-special words. */
export const weirdString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\t",
    "é",
    "Ünïcødé-näme",
    "模型-部署",
    "🚀-rocket",
    "a\u200bb",
    "\u202eevil",
    "ｇｐｔ－４ｏ",
    "null",
    "~",
    "true",
    "yes",
    "no",
    "0x1F",
    "1e3",
    ".inf",
    "- item",
    "key: value",
    "&anchor",
    "*alias",
    "!tag",
    "#comment",
    "{{template}}",
    "${var}",
    "../../etc/passwd",
    "C:\\Windows",
    "line\nbreak",
    'quote"s',
    "back\\slash",
    "\u0000nul",
    "\uFEFFbom",
    "eus2/",
    "/gpt-4o",
    "a/b/c",
    "__proto__",
    "constructor",
    "toString",
  ),
  fc.integer({ min: 200, max: 2_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 50, max: 300 }).map((n) => "模".repeat(n)),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  binaryString({ maxLength: 40 }),
);

/** Numbers that break naive code: huge, tiny, negative, fractional, non-finite, beyond 2^53. */
export const weirdNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    99.999,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 64,
    Infinity,
    -Infinity,
    NaN,
    10001,
    101,
    -100,
  ),
  fc.double(),
  fc.integer(),
);

/** Any value of another type: where a string was, a number; where a list was, a mapping; and so on. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, "", "text", [], {}, [null], { a: 1 }, [[[]]]),
  weirdNumber,
  weirdString,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function nested(depth: number, kind: "list" | "map"): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = kind === "list" ? [v] : { k: v };
  return v;
}

/** Keys whose values are references to other config objects. */
const REF_KEYS = new Set(["deployment", "model", "taskClass", "raiPolicy", "defaultRoute", "fallbacks"]);

export type DataMutation = (data: GeneratedData) => void;

/** One change a person could make by mistake, applied at a seeded position. */
export const dataMutation: fc.Arbitrary<{ name: string; apply: DataMutation }> = fc.oneof(
  fc.record({ at: fc.nat(), to: wrongValue }).map(({ at, to }) => ({
    name: `wrong type ${JSON.stringify(to)?.slice(0, 40)}`,
    apply: (d: GeneratedData) => {
      const paths = allPaths(d).filter((p) => p.length > 1);
      set(d, paths[at % paths.length]!, to);
    },
  })),
  fc.nat().map((at) => ({
    name: "missing key or item",
    apply: (d: GeneratedData) => {
      const paths = allPaths(d).filter((p) => p.length > 1);
      remove(d, paths[at % paths.length]!);
    },
  })),
  fc
    .record({
      at: fc.nat(),
      value: fc.constantFrom("does-not-exist", "a00/nope", "nope/mai-ds-r1-00", "", "A00/MAI-DS-R1-00", "a00/mai-ds-r1-00 "),
    })
    .map(({ at, value }) => ({
      name: `unknown reference ${JSON.stringify(value)}`,
      apply: (d: GeneratedData) => {
        const refs = allPaths(d).filter(
          (p) => p.some((seg) => typeof seg === "string" && REF_KEYS.has(seg)) && typeof get(d, p) === "string",
        );
        if (refs.length > 0) set(d, refs[at % refs.length]!, value);
      },
    })),
  fc.record({ at: fc.nat(), delta: fc.constantFrom(1, -1, 100, -100) }).map(({ at, delta }) => ({
    name: `weight ${delta > 0 ? "+" : ""}${delta}`,
    apply: (d: GeneratedData) => {
      const weights = allPaths(d).filter((p) => p[p.length - 1] === "weight");
      if (weights.length > 0) {
        const p = weights[at % weights.length];
        const w = get(d, p!);
        set(d, p!, typeof w === "number" ? w + delta : delta);
      }
    },
  })),
  fc.nat().map((at) => ({
    name: "duplicate list item (duplicate id)",
    apply: (d: GeneratedData) => {
      const lists = allPaths(d).filter((p) => Array.isArray(get(d, p)) && get(d, p).length > 0);
      const p = lists[at % lists.length];
      const list = get(d, p!) as unknown[];
      list.push(structuredClone(list[at % list.length]));
    },
  })),
  fc.record({ at: fc.nat(), value: weirdString }).map(({ at, value }) => ({
    name: `weird string (${value.length} chars)`,
    apply: (d: GeneratedData) => {
      const strings = allPaths(d).filter((p) => typeof get(d, p) === "string");
      set(d, strings[at % strings.length]!, value);
    },
  })),
  fc.record({ at: fc.nat(), value: weirdNumber }).map(({ at, value }) => ({
    name: `weird number ${value}`,
    apply: (d: GeneratedData) => {
      const numbers = allPaths(d).filter((p) => typeof get(d, p) === "number");
      if (numbers.length > 0) set(d, numbers[at % numbers.length]!, value);
    },
  })),
  fc
    .record({ at: fc.nat(), depth: fc.integer({ min: 2, max: 200 }), kind: fc.constantFrom("list" as const, "map" as const) })
    .map(({ at, depth, kind }) => ({
      name: `deep nesting ${kind} ${depth}`,
      apply: (d: GeneratedData) => {
        const paths = allPaths(d).filter((p) => p.length > 1);
        set(d, paths[at % paths.length]!, nested(depth, kind));
      },
    })),
  fc
    .record({ at: fc.nat(), key: fc.oneof(weirdString, fc.constantFrom("Name", "deployments ", "weigth", "fallback", "$schema")) })
    .map(({ at, key }) => ({
      name: `unknown key ${JSON.stringify(key).slice(0, 30)}`,
      apply: (d: GeneratedData) => {
        const maps = allPaths(d).filter(
          (p) => p.length > 0 && get(d, p) !== null && typeof get(d, p) === "object" && !Array.isArray(get(d, p)),
        );
        if (maps.length > 0) get(d, maps[at % maps.length]!)[key] = "surprise";
      },
    })),
  fc.nat().map((at) => ({
    name: "empty list",
    apply: (d: GeneratedData) => {
      const lists = allPaths(d).filter((p) => Array.isArray(get(d, p)));
      set(d, lists[at % lists.length]!, []);
    },
  })),
);

/** Serializes data with YAML anchors and aliases: one collection is anchored and a later sibling position aliases it. */
export function withAliases(data: unknown, at: number): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  const collections: Node[] = [];
  visit(doc, {
    Map: (_, n) => void collections.push(n),
    Seq: (_, n) => void collections.push(n),
  });
  if (collections.length < 3) return doc.toString();
  // Anchor an early collection, then replace a later one with an alias to it (aliases must follow their anchor).
  const src = collections[1 + (at % (collections.length - 2))];
  src!.anchor = "shared";
  const later = collections.slice(collections.indexOf(src!) + 1).filter((n) => !contains(src!, n));
  let replaced = false;
  if (later.length > 0) {
    const target = later[at % later.length];
    visit(doc, {
      Map: (_, n) => (!replaced && n === target ? ((replaced = true), doc.createAlias(src as never)) : undefined),
      Seq: (_, n) => (!replaced && n === target ? ((replaced = true), doc.createAlias(src as never)) : undefined),
    });
  }
  return doc.toString();
}

/** Whether `node` is inside `root` (or is it). */
function contains(root: Node, node: Node): boolean {
  if (root === node) return true;
  if (isMap(root)) return root.items.some((p) => isCollection(p.value) && contains(p.value as Node, node));
  if (isSeq(root)) return root.items.some((i) => isCollection(i) && contains(i as Node, node));
  return false;
}

/** Whole-file texts a person (or a broken editor, a bad merge) can leave behind. */
export const weirdFileText = fc.constantFrom(
  "",
  " ",
  "\n\n",
  "---\n",
  "...\n",
  "~\n",
  "null\n",
  "[]\n",
  "{}\n",
  "0\n",
  "'just a string'\n",
  "# only a comment\n",
  "\uFEFF",
  "a: 1\na: 2\n",
  "models: []\n---\nmodels: []\n",
  "models: *undefined_alias\n",
  "x: &a [1,2]\nmodels: *a\n",
  "b: &b {id: x}\nmodels:\n  - <<: *b\n",
  "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nmodels: *d\n",
  "models: !!binary aGVsbG8=\n",
  "models: !!set {a, b}\n",
  "models: !custom value\n",
  "models: !!timestamp 2001-12-14\n",
  "models: !!int 12x\n",
  "models: 1e400\n",
  "models: 99999999999999999999999999\n",
  "models: 0x7fffffffffffffffffffff\n",
  "models: .nan\n",
  "models:\n\t- a\n",
  "models: [\n",
  "models: {\n",
  "models: 'unterminated\n",
  "? [a, b]\n: 1\n",
  "? \n: 1\n",
  "__proto__: {polluted: true}\nmodels: []\n",
  "constructor: {prototype: {polluted: true}}\n",
  "%YAML 1.1\n---\nmodels: []\n",
  "%TAG ! tag:example.com,2000:\n---\nmodels: !x []\n",
  `models: ${"[".repeat(3000)}${"]".repeat(3000)}\n`,
  `models: ${"{a: ".repeat(2000)}1${"}".repeat(2000)}\n`,
  `models:\n${Array.from({ length: 1500 }, (_, i) => `${" ".repeat(i + 1)}- `).join("\n")}x\n`,
  `models:\n  - ${"x".repeat(20_000)}\n`,
);

/** Characters that mean something to YAML, inserted into otherwise valid text. */
const yamlSpecial = fc.constantFrom(
  ":",
  "- ",
  "[",
  "]",
  "{",
  "}",
  "&a ",
  "*a",
  "!",
  "|",
  ">",
  "\t",
  "%",
  "@",
  "`",
  "'",
  '"',
  "#",
  "\u0000",
  "\uFEFF",
  "\r",
  "\r\n",
  "\n",
  "  ",
  "? ",
  ",",
  "<<: ",
);

/** A text-level change to one serialized file. */
export const textMutation: fc.Arbitrary<{ name: string; apply: (text: string) => string }> = fc.oneof(
  weirdFileText.map((t) => ({ name: `replace with ${JSON.stringify(t.slice(0, 40))}`, apply: () => t })),
  fc.nat().map((at) => ({ name: `truncate at ${at}`, apply: (t: string) => t.slice(0, at % (t.length + 1)) })),
  fc.record({ at: fc.nat(), s: yamlSpecial }).map(({ at, s }) => ({
    name: `insert ${JSON.stringify(s)}`,
    apply: (t: string) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + s + t.slice(i);
    },
  })),
  fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }).map(({ at, len }) => ({
    name: `delete ${len} chars`,
    apply: (t: string) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + t.slice(i + len);
    },
  })),
  fc.nat().map((at) => ({
    name: "duplicate a line (duplicate key)",
    apply: (t: string) => {
      const lines = t.split("\n");
      const i = at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    },
  })),
  fc.nat().map((at) => ({
    name: "shift a line's indentation",
    apply: (t: string) => {
      const lines = t.split("\n");
      const i = at % lines.length;
      lines[i] = at % 2 === 0 ? ` ${lines[i]}` : lines[i]!.replace(/^ /, "");
      return lines.join("\n");
    },
  })),
  fc.constant({ name: "CRLF line endings", apply: (t: string) => t.replace(/\n/g, "\r\n") }),
  fc.constant({ name: "BOM prefix", apply: (t: string) => `\uFEFF${t}` }),
  fc.constant({ name: "tabs for indentation", apply: (t: string) => t.replace(/^ {2}/gm, "\t") }),
);

/**
 * Makes equal collections (same JSON) one shared object, so that YAML serialization writes the repeats as aliases of
 * an anchor: valid YAML a person could write to avoid repeating a content filter list or a tag map.
 */
function shareDuplicates(value: unknown): unknown {
  const seen = new Map<string, unknown>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    const key = JSON.stringify(v);
    if (key.length > 20 && seen.has(key)) return seen.get(key);
    const out: any = Array.isArray(v) ? v.map(walk) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    if (key.length > 20) seen.set(key, out);
    return out;
  };
  return walk(value);
}

export type SerialStyle = "plain" | "aliases" | "shared" | "flow";

/**
 * Serialize with a twist: plain; `shared`: repeats written as anchors and aliases (still valid);
 * `aliases`: a collection replaced by an alias of another (usually invalid); flow style.
 */
export function serialize(data: GeneratedData, style: SerialStyle, at: number): Map<string, string> {
  const render = (value: unknown) =>
    style === "aliases"
      ? withAliases(value, at)
      : style === "shared"
        ? stringify(shareDuplicates(value))
        : style === "flow"
          ? stringify(value, { collectionStyle: "flow" })
          : cachedStringify(value);
  return toFiles(data, { render });
}

// The catalog and task classes repeat across cases; serializing them once per distinct content saves most of the time.
const cache = new Map<string, string>();
function cachedStringify(value: unknown): string {
  const key = JSON.stringify(value);
  if (key === undefined) return stringify(value);
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size > 500) cache.clear();
    text = stringify(value);
    cache.set(key, text);
  }
  return text;
}

/** Mostly plain YAML; anchors/aliases and flow style often enough to matter (flow serialization is the slow one). */
export const serialStyle = fc.oneof(
  { arbitrary: fc.constant("plain" as const), weight: 6 },
  { arbitrary: fc.constant("aliases" as const), weight: 2 },
  { arbitrary: fc.constant("shared" as const), weight: 1 },
  { arbitrary: fc.constant("flow" as const), weight: 1 },
);

/** Styles that keep a valid config valid. */
export const validStyle = fc.constantFrom("plain" as const, "shared" as const, "flow" as const);

/** File names the loader may be handed besides the expected ones. */
export const oddEnvFileName = fc.constantFrom(
  "Prod.yaml",
  "a b.yaml",
  ".yaml",
  "x.yml",
  "prod.yaml.bak",
  "-dev.yaml",
  "dev--x.yaml",
  "sub/dev.yaml",
  "ünï.yaml",
  "dev.YAML",
);

const STACK = /\n\s+at .+\(.+:\d+:\d+\)/;

/** A failed check inside a property: a plain Error, so properties also run outside jest (worker threads). */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

/**
 * The robustness contract: a valid config, or user-facing findings naming a file and a path; never an exception,
 * never a message that leaks internals.
 */
export function expectUserFacing(files: ReadonlyMap<string, string>, result: ValidationResult): void {
  check(result.config !== undefined || result.errors.length > 0, () => "no config and no error");
  for (const f of result.findings) expectFinding(files, f);
  // Errors are exactly the unsuppressed error findings: nothing synthesizes past an error.
  const errors = result.findings.filter((f) => f.level === "error" && !f.suppressed);
  check(
    errors.length === result.errors.length && errors.every((f, i) => f === result.errors[i]),
    () => "errors are not the unsuppressed error findings",
  );
}

export function expectFinding(files: ReadonlyMap<string, string>, f: Finding): void {
  const problems: string[] = [];
  if (!/^FR-[A-Z]+(-\d+)?$/.test(f.rule)) problems.push(`rule id ${JSON.stringify(f.rule)}`);
  if (f.level !== "error" && f.level !== "warning") problems.push(`level ${JSON.stringify(f.level)}`);
  if (typeof f.file !== "string" || !(files.has(f.file) || f.file === "config/environments" || f.file.startsWith("config/")))
    problems.push(`file ${JSON.stringify(f.file)}`);
  if (typeof f.path !== "string") problems.push(`path ${JSON.stringify(f.path)}`);
  if (typeof f.message !== "string" || f.message.trim() === "") problems.push("empty message");
  if (typeof f.message === "string" && (STACK.test(f.message) || f.message.includes("[object Object]")))
    problems.push(`internal detail in message: ${f.message.slice(0, 200)}`);
  for (const k of ["line", "column"] as const) {
    const v = f[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) problems.push(`${k} ${v}`);
  }
  check(problems.length === 0, () => `finding is not user-facing (${problems.join("; ")}): ${JSON.stringify(f).slice(0, 500)}`);
}
